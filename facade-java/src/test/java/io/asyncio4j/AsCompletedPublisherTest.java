package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsCompletedPublisherTest {
    @Test
    void asCompletedPublisher_emitsInCompletionOrder() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        CollectingSubscriber<String> sub = new CollectingSubscriber<>(10);
        Async.asCompletedPublisher(List.of(a, b, c)).subscribe(sub);
        c.complete("c");
        a.complete("a");
        assertThat(sub.items).containsExactly("c", "a");
        b.complete("b");
        assertThat(sub.items).containsExactly("c", "a", "b");
        assertThat(sub.done).isDone();
    }

    @Test
    void asCompletedPublisher_failsWithTheFirstFailure() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CollectingSubscriber<String> sub = new CollectingSubscriber<>(1);
        Async.asCompletedPublisher(List.of(a)).subscribe(sub);
        a.completeExceptionally(new IllegalStateException("x"));
        assertThat(sub.failure()).isInstanceOf(IllegalStateException.class);
    }
}
