package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncSemaphoreTest {
    @Test
    void negativePermits_areRejected_namingTheRule() {
        assertThatThrownBy(() -> new AsyncSemaphore(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permits must be >= 0");
        assertThatThrownBy(() -> new AsyncBoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permits");
    }

    @Test
    void withPermit_boundsConcurrency() {
        int max = Async.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(3);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tasks.add(Async.createTask(() -> sem.withPermit(() -> {
                    peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Async.await(Async.sleep(Duration.ofMillis(1)));
                    inside.decrementAndGet();
                    return null;
                })));
            }
            Async.await(Async.gather(tasks));
            assertThat(sem.availablePermits()).isEqualTo(3);
            return peak.get();
        });
        assertThat(max).isEqualTo(3);
    }

    @Test
    void newcomerCannotBargePastAWaiter() {
        AsyncSemaphore sem = new AsyncSemaphore(1);
        assertThat(sem.tryAcquire()).isTrue();
        CompletableFuture<Void> waiter = sem.acquire();
        assertThat(sem.locked()).isTrue();
        sem.release();
        assertThat(waiter).isDone();
        assertThat(sem.tryAcquire()).isFalse();
        assertThat(sem.availablePermits()).isZero();
    }

    @Test
    void aPermitGivenToACancelledWaiterPassesOn() {
        AsyncSemaphore sem = new AsyncSemaphore(0);
        CompletableFuture<Void> a = sem.acquire();
        CompletableFuture<Void> b = sem.acquire();
        a.cancel(false);
        sem.release();
        assertThat(b).isDone();
        assertThat(sem.availablePermits()).isZero();
        sem.release();
        assertThat(sem.availablePermits()).isEqualTo(1);
    }

    @Test
    void boundedSemaphore_rejectsOverRelease_andStaysUsable() {
        AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
        assertThat(sem.availablePermits()).isEqualTo(2);
        sem.tryAcquire();
        sem.release();
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
        assertThat(sem.availablePermits()).isEqualTo(2);
    }

    @Test
    void plainSemaphore_mayGrowAboveItsStart() {
        AsyncSemaphore sem = new AsyncSemaphore(1);
        sem.release();
        assertThat(sem.availablePermits()).isEqualTo(2);
    }

    @Test
    void withPermitAsync_releasesAfterTheStage() {
        AsyncSemaphore sem = new AsyncSemaphore(1);
        CompletableFuture<Integer> body = new CompletableFuture<>();
        CompletableFuture<Integer> r = sem.withPermitAsync(() -> body);
        assertThat(sem.availablePermits()).isZero();
        body.completeExceptionally(new IllegalStateException("x"));
        assertThat(r).isCompletedExceptionally();
        assertThat(sem.availablePermits()).isEqualTo(1);
    }
}
