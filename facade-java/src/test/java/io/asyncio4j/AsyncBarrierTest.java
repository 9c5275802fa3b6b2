package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncBarrierTest {
    @Test
    void badParties_areRejected() {
        assertThatThrownBy(() -> new AsyncBarrier(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parties");
    }

    @Test
    void everyonePassesWhenTheRoundFills_withArrivalIndices() {
        List<Integer> indices = Async.run(() -> {
            AsyncBarrier b = new AsyncBarrier(3);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(Async.createTask(() -> Async.await(b.await())));
            }
            List<Integer> r = Async.await(Async.gather(tasks));
            assertThat(b.waiting()).isZero();
            return r;
        });
        assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void theBarrierIsReusable() {
        AsyncBarrier b = new AsyncBarrier(2);
        for (int round = 0; round < 3; round++) {
            CompletableFuture<Integer> first = b.await();
            assertThat(b.waiting()).isEqualTo(1);
            assertThat(b.await().join()).isEqualTo(1);
            assertThat(first.join()).isZero();
        }
    }

    @Test
    void abortBreaksIt_untilReset() {
        AsyncBarrier b = new AsyncBarrier(2);
        CompletableFuture<Integer> w = b.await();
        b.abort();
        assertThat(b.isBroken()).isTrue();
        assertThatThrownBy(w::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(BrokenBarrierException.class);
        assertThatThrownBy(() -> b.await().join()).hasCauseInstanceOf(BrokenBarrierException.class);
        b.reset();
        assertThat(b.isBroken()).isFalse();
        CompletableFuture<Integer> x = b.await();
        b.await();
        assertThat(x).isCompleted();
    }

    @Test
    void resetFailsTheWaiters_andEmptiesIt() {
        AsyncBarrier b = new AsyncBarrier(3);
        CompletableFuture<Integer> w = b.await();
        b.reset();
        assertThat(w).isCompletedExceptionally();
        assertThat(b.waiting()).isZero();
        assertThat(b.isBroken()).isFalse();
    }

    @Test
    void aCancelledWaiterLeavesTheRound() {
        AsyncBarrier b = new AsyncBarrier(2);
        CompletableFuture<Integer> w = b.await();
        w.cancel(false);
        assertThat(b.waiting()).isZero();
        CompletableFuture<Integer> x = b.await();
        assertThat(x).isNotDone();
        b.await();
        assertThat(x).isDone();
    }
}
