package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncChannelTest {
    @Test
    void badCapacity_isRejected() {
        assertThatThrownBy(() -> new AsyncChannel<String>(-2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> AsyncChannel.fromPublisher(new SubmissionPublisher<String>(), -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer must be >= 0");
        assertThatThrownBy(() -> new AsyncChannel<String>().trySend(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("item");
    }

    @Test
    void rendezvous_sendWaitsForAReceiver() {
        AsyncChannel<String> ch = new AsyncChannel<>();
        assertThat(ch.trySend("x")).isFalse();
        CompletableFuture<Void> s = ch.send("a");
        assertThat(s).isNotDone();
        assertThat(ch.tryReceive()).isEqualTo("a");
        assertThat(s).isDone();
        CompletableFuture<String> r = ch.receive();
        assertThat(ch.trySend("b")).isTrue();
        assertThat(r.join()).isEqualTo("b");
        assertThat(ch.tryReceive()).isNull();
    }

    @Test
    void buffered_unlimited_conflated() {
        AsyncChannel<Integer> buffered = new AsyncChannel<>(2);
        assertThat(buffered.trySend(1)).isTrue();
        assertThat(buffered.trySend(2)).isTrue();
        assertThat(buffered.trySend(3)).isFalse();
        AsyncChannel<Integer> unlimited = new AsyncChannel<>(AsyncChannel.UNLIMITED);
        for (int i = 0; i < 1000; i++) {
            assertThat(unlimited.send(i)).isDone();
        }
        AsyncChannel<Integer> conflated = new AsyncChannel<>(AsyncChannel.CONFLATED);
        for (int i = 0; i < 5; i++) {
            assertThat(conflated.send(i)).isDone();
        }
        assertThat(conflated.tryReceive()).isEqualTo(4);
        assertThat(conflated.tryReceive()).isNull();
    }

    @Test
    void close_failsSends_andReceivesDrainThenFail() {
        AsyncChannel<String> ch = new AsyncChannel<>(4);
        ch.trySend("a");
        assertThat(ch.close()).isTrue();
        assertThat(ch.close()).isFalse();
        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isFalse();
        assertThatThrownBy(() -> ch.send("b").join()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(ch.trySend("b")).isFalse();
        assertThat(ch.receive().join()).isEqualTo("a");
        assertThat(ch.isClosedForReceive()).isTrue();
        assertThatThrownBy(() -> ch.receive().join()).isInstanceOf(CompletionException.class).hasCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void closeWithCause_reachesReceivers() {
        AsyncChannel<String> ch = new AsyncChannel<>();
        CompletableFuture<String> r = ch.receive();
        ch.close(new IllegalStateException("upstream died"));
        assertThatThrownBy(r::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("upstream died");
    }

    @Test
    void aCancelledReceive_neverLosesAnItem() {
        Async.run(() -> {
            AsyncChannel<Integer> ch = new AsyncChannel<>(AsyncChannel.BUFFERED);
            CompletableFuture<Integer> r = ch.receive();
            ch.trySend(1); // handed to r, delivered on this loop later
            assertThat(r.cancel(false)).isTrue();
            assertThat(Async.await(ch.receive())).isEqualTo(1);
            return null;
        });
    }

    @Test
    void asPublisher_deliversInOrder_andCompletesWhenClosed() throws Exception {
        AsyncChannel<Integer> ch = new AsyncChannel<>(AsyncChannel.UNLIMITED);
        for (int i = 0; i < 5; i++) {
            ch.trySend(i);
        }
        ch.close();
        CollectingSubscriber<Integer> sub = new CollectingSubscriber<>(Long.MAX_VALUE);
        ch.asPublisher().subscribe(sub);
        sub.done.get(5, TimeUnit.SECONDS);
        assertThat(sub.items).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void asPublisher_takesOnlyWhatWasRequested() {
        AsyncChannel<Integer> ch = new AsyncChannel<>(AsyncChannel.UNLIMITED);
        for (int i = 0; i < 5; i++) {
            ch.trySend(i);
        }
        CollectingSubscriber<Integer> sub = new CollectingSubscriber<>(2);
        ch.asPublisher().subscribe(sub);
        assertThat(sub.items).containsExactly(0, 1);
        sub.subscription.cancel();
        assertThat(ch.tryReceive()).isEqualTo(2);
    }

    @Test
    void fromPublisher_keepsBackpressure_andCloses() throws Exception {
        try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(Runnable::run, 16)) {
            AsyncChannel<Integer> ch = AsyncChannel.fromPublisher(pub, 2);
            // demand is 2: the third offer finds no demand
            assertThat(pub.offer(1, null)).isGreaterThanOrEqualTo(0);
            assertThat(pub.offer(2, null)).isGreaterThanOrEqualTo(0);
            assertThat(pub.estimateMaximumLag()).isLessThanOrEqualTo(0);
            pub.offer(3, null);
            assertThat(pub.estimateMaximumLag()).isEqualTo(1);
            assertThat(ch.tryReceive()).isEqualTo(1); // takes one: one more requested, 3 flows in
            assertThat(ch.tryReceive()).isEqualTo(2);
            assertThat(ch.tryReceive()).isEqualTo(3);
            pub.close();
            assertThat(ch.isClosedForReceive()).isTrue();
        }
    }

    @Test
    void fromPublisher_failureClosesWithTheCause() {
        try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(Runnable::run, 16)) {
            AsyncChannel<Integer> ch = AsyncChannel.fromPublisher(pub, 4);
            pub.submit(1);
            pub.closeExceptionally(new IllegalStateException("bad"));
            assertThat(ch.receive().join()).isEqualTo(1);
            assertThatThrownBy(() -> ch.receive().join()).hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}
