package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class FlowsTest {
    @Test
    void asCompletedPublisher_emitsInCompletionOrder() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        List<String> got = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Flows.asCompletedPublisher(List.of(a, b, c)).subscribe(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(10);
            }

            @Override
            public void onNext(String item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        c.complete("c");
        a.complete("a");
        assertThat(got).containsExactly("c", "a");
        b.complete("b");
        assertThat(got).containsExactly("c", "a", "b");
        assertThat(done).isDone();
    }

    @Test
    void asCompletedPublisher_failsWithTheFirstFailure() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<Throwable> err = new CompletableFuture<>();
        Flows.asCompletedPublisher(List.of(a)).subscribe(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(String item) {}

            @Override
            public void onError(Throwable t) {
                err.complete(t);
            }

            @Override
            public void onComplete() {}
        });
        a.completeExceptionally(new IllegalStateException("x"));
        assertThat(err.join()).isInstanceOf(IllegalStateException.class);
    }
}
