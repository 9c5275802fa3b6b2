package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncConditionTest {
    @Test
    void awaitAndSignal_withoutTheLock_throwIllegalState() {
        AsyncCondition c = new AsyncCondition();
        assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::signal).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.awaitUntil(() -> true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void await_releasesTheLock_andHoldsItAgainWhenDone() {
        AsyncCondition c = new AsyncCondition();
        assertThat(c.tryAcquire()).isTrue();
        CompletableFuture<Void> w = c.await();
        assertThat(c.locked()).isFalse();
        assertThat(c.tryAcquire()).isTrue();
        c.signal();
        assertThat(w).isNotDone(); // notified, but the lock is still ours
        c.release();
        assertThat(w).isDone();
        assertThat(c.locked()).isTrue();
        c.release();
    }

    @Test
    void producerConsumer_withAwaitUntil() {
        List<Integer> got = Async.run(() -> {
            AsyncCondition c = new AsyncCondition();
            List<Integer> items = new ArrayList<>();
            List<Integer> out = new ArrayList<>();
            Task<Void> consumer = Async.createTask(() -> c.withLock(() -> {
                for (int i = 0; i < 3; i++) {
                    Async.await(c.awaitUntil(() -> !items.isEmpty()));
                    out.add(items.remove(0));
                }
                return null;
            }));
            for (int i = 1; i <= 3; i++) {
                int v = i;
                c.withLock(() -> {
                    items.add(v);
                    c.signal();
                    return null;
                });
                Async.await(Async.sleep(java.time.Duration.ZERO));
            }
            Async.await(consumer);
            return out;
        });
        assertThat(got).containsExactly(1, 2, 3);
    }

    @Test
    void aSignalToACancelledWaiterPassesToTheNext() {
        AsyncCondition c = new AsyncCondition();
        c.tryAcquire();
        CompletableFuture<Void> a = c.await();
        c.tryAcquire();
        CompletableFuture<Void> b = c.await();
        c.tryAcquire();
        c.signal(); // goes to a
        a.cancel(false); // a leaves: b gets the signal
        c.release();
        // a takes the lock back before it completes (cancelled), then b after a releases
        assertThat(a).isCompletedExceptionally();
        assertThat(c.locked()).isTrue();
        c.release();
        assertThat(b).isDone().isNotCompletedExceptionally();
        c.release();
        assertThat(c.locked()).isFalse();
    }

    @Test
    void signalAll_wakesEveryone_inOrder() {
        AsyncCondition c = new AsyncCondition();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            c.tryAcquire();
            c.await().thenRun(() -> {
                order.add(n);
                c.release();
            });
        }
        c.tryAcquire();
        c.signalAll();
        c.release();
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(c.locked()).isFalse();
    }
}
