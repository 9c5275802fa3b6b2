package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tasks on two loops and plain threads contend for one lock (and one semaphore) while acquires are
 * cancelled at random: never more holders than permits, no permit leaked or lost, and every
 * successful acquire is released exactly once. Bounded by iteration count.
 */
@Timeout(60)
class LockStressTest {
    private static final int ROUNDS = 1500;

    @Test
    void lock_neverHasTwoHolders_andLeaksNothing() throws Exception {
        AsyncLock lock = new AsyncLock();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        contend(() -> lock.acquire(), lock::release, () -> {
            if (inside.incrementAndGet() != 1) {
                violations.incrementAndGet();
            }
            counter[0]++; // plain field: only safe because the lock excludes everyone else
            acquired.incrementAndGet();
            inside.decrementAndGet();
        });
        assertThat(violations.get()).isZero();
        assertThat(counter[0]).isEqualTo(acquired.get());
        assertThat(lock.locked()).isFalse();
        assertThat(lock.tryAcquire()).isTrue();
    }

    @Test
    void semaphore_neverExceedsItsPermits_andGetsThemAllBack() throws Exception {
        AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        contend(sem::acquire, sem::release, () -> {
            peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            inside.decrementAndGet();
        });
        assertThat(peak.get()).isLessThanOrEqualTo(2);
        assertThat(sem.availablePermits()).isEqualTo(2);
    }

    interface Acquire {
        CompletableFuture<Void> acquire();
    }

    private void contend(Acquire acquire, Runnable release, Runnable critical) throws Exception {
        EventLoop l1 = EventLoop.startInThread("lock-stress-1");
        EventLoop l2 = EventLoop.startInThread("lock-stress-2");
        try {
            AsyncCallable<Void> body = () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < ROUNDS; i++) {
                    CompletableFuture<Void> f = acquire.acquire();
                    if (rnd.nextInt(5) == 0 && f.cancel(false)) {
                        continue; // gave up: holds nothing
                    }
                    Async.await(f);
                    try {
                        critical.run();
                        if (rnd.nextInt(16) == 0 && Async.currentTask() != null) {
                            Async.await(Async.sleep(java.time.Duration.ZERO));
                        }
                    } finally {
                        release.run();
                    }
                }
                return null;
            };
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                all.add(l1.runCoroutineThreadsafe(body));
                all.add(l2.runCoroutineThreadsafe(body));
            }
            for (int k = 0; k < 2; k++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        body.call();
                        done.complete(null);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                });
                t.setDaemon(true);
                t.start();
                all.add(done);
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(50, TimeUnit.SECONDS);
        } finally {
            l1.close();
            l2.close();
        }
    }
}
