package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncLockTest {
    @Test
    void acquireWhenFree_isAlreadyComplete_andLocks() {
        AsyncLock lock = new AsyncLock();
        CompletableFuture<Void> f = lock.acquire();
        assertThat(f).isDone();
        assertThat(lock.locked()).isTrue();
        assertThat(lock.tryAcquire()).isFalse();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void releaseUnlocked_throwsIllegalState_andChangesNothing() {
        AsyncLock lock = new AsyncLock();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("not acquired");
        assertThat(lock.tryAcquire()).isTrue();
        lock.release();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void waitersGetTheLockFirstComeFirstServed() {
        List<String> order = Async.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<String> seen = new ArrayList<>();
            Async.await(lock.acquire());
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                tasks.add(Async.createTask(() -> {
                    Async.await(lock.acquire());
                    seen.add(name);
                    Async.await(Async.sleep(Duration.ZERO));
                    lock.release();
                    return null;
                }));
                Async.await(Async.sleep(Duration.ZERO)); // let it queue up
            }
            assertThat(lock.tryAcquire()).isFalse();
            lock.release();
            Async.await(Async.gather(tasks));
            return seen;
        });
        assertThat(order).containsExactly("a", "b", "c");
    }

    @Test
    void cancelledWaiter_neverTakesTheLock() {
        AsyncLock lock = new AsyncLock();
        lock.tryAcquire();
        CompletableFuture<Void> first = lock.acquire();
        CompletableFuture<Void> second = lock.acquire();
        assertThat(first.cancel(false)).isTrue();
        lock.release();
        assertThat(second).isDone();
        assertThat(lock.locked()).isTrue();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void withLock_releasesOnFailure_andKeepsTheFailure() {
        AsyncLock lock = new AsyncLock();
        Async.run(() -> {
            assertThatThrownBy(() -> lock.withLock(() -> {
                assertThat(lock.locked()).isTrue();
                throw new IllegalArgumentException("boom");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
            assertThatThrownBy(() -> lock.withLock(() -> {
                throw new java.io.IOException("checked");
            })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(java.io.IOException.class);
            return null;
        });
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void withLockAsync_releasesWhenTheBodyStageCompletes() {
        AsyncLock lock = new AsyncLock();
        CompletableFuture<String> body = new CompletableFuture<>();
        CompletableFuture<String> r = lock.withLockAsync(() -> body);
        assertThat(lock.locked()).isTrue();
        assertThat(r).isNotDone();
        body.complete("x");
        assertThat(r.join()).isEqualTo("x");
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void withLockAsync_cancelledWhileWaiting_neverRunsTheBody() {
        AsyncLock lock = new AsyncLock();
        lock.tryAcquire();
        CompletableFuture<String> r = lock.withLockAsync(() -> CompletableFuture.completedFuture("ran"));
        r.cancel(false);
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void plainThreadAndTaskShareOneLock() throws Exception {
        AsyncLock lock = new AsyncLock();
        CountDownLatch held = new CountDownLatch(1);
        Thread t = new Thread(() -> lock.withLock(() -> {
            held.countDown();
            Thread.sleep(20);
            return null;
        }));
        t.start();
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        String r = Async.run(() -> lock.withLock(() -> "task got it"));
        assertThat(r).isEqualTo("task got it");
        t.join();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void aWaiterResumesOnItsOwnLoop_whenReleasedFromAPlainThread() throws Exception {
        AsyncLock lock = new AsyncLock();
        lock.tryAcquire();
        EventLoop loop = EventLoop.startInThread("lock-owner-loop");
        try {
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicReference<Object> ranOn = new AtomicReference<>();
            CompletableFuture<String> r = loop.runCoroutineThreadsafe(() -> {
                CompletableFuture<String> c = lock.acquire().thenApply(v -> {
                    try {
                        ranOn.set(Async.getRunningLoop());
                    } catch (IllegalStateException e) {
                        ranOn.set(Thread.currentThread().getName());
                    }
                    return "ok";
                });
                waiting.countDown();
                return Async.await(c);
            });
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            lock.release(); // from this plain thread
            assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(ranOn.get()).isSameAs(loop);
        } finally {
            loop.close();
        }
    }
}
