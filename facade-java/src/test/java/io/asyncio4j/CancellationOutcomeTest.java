package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression tests of issue 7: a task's outcome matches its side effects on every cancellation path
 * (defect 1), a cancellation is delivered once so a body that swallows it neither starves the loop
 * nor loses the ability to clean up (defect 3), users see one plain {@link CancellationException}
 * naming the task (defect 4), and awaiting oneself or an await cycle cannot hang (defect 8).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CancellationOutcomeTest {
    private static final Duration LONG = Duration.ofHours(1);

    /**
     * Defect 1, "between awaits": T and U each awaited a gate that completed (their resumptions
     * queued), then were cancelled. Before the fix their next awaits threw before withdrawing the
     * waiters they had just created, so T's stranded waiter later took the lock and U's took an item.
     */
    @Test
    void cancelBetweenAwaits_strandsNoWaiter() {
        AsyncLock lock = new AsyncLock();
        AsyncQueue<Integer> q = new AsyncQueue<>();
        Async.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Async.await(lock.acquire());
            Task<Object> t = Async.createTask("T", () -> {
                Async.await(gate);
                Async.await(lock.acquire());
                lock.release();
                return null;
            });
            Task<Integer> u = Async.createTask("U", () -> {
                Async.await(gate);
                return Async.await(q.get());
            });
            Async.await(Async.sleep(Duration.ZERO)); // both now await the gate
            gate.complete(null); // both resumptions are queued
            t.cancel();
            u.cancel();
            Async.await(Async.gatherSettled(t, u));
            assertThat(t.isCancelled()).isTrue();
            assertThat(u.isCancelled()).isTrue();
            q.putNowait(42);
            lock.release();
            Async.await(Async.sleep(Duration.ZERO));
            Async.await(Async.sleep(Duration.ZERO));
            return null;
        });
        assertThat(q.qsize()).as("the item is still in the queue").isEqualTo(1);
        assertThat(lock.locked()).as("nobody holds the lock").isFalse();
    }

    /**
     * Defect 1, "grant, then cancel": W's put was granted (the item is in the queue) before W was
     * cancelled. Before the fix W reported cancelled although its put had happened, so a caller that
     * retried the put blocked forever. Now W's outcome matches: its put happened, it ends normally.
     */
    @Test
    void grantedPutThenCancel_reportsThePutThatHappened() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        Async.run(() -> {
            q.putNowait(1);
            Task<Void> w = Async.createTask("W", () -> Async.await(q.put(2)));
            Async.await(Async.sleep(Duration.ZERO)); // W waits for room
            assertThat(q.getNowait()).isEqualTo(1); // grants W's put: item 2 is in the queue
            w.cancel();
            Async.await(Async.gatherSettled(w));
            assertThat(w.isCancelled()).isFalse();
            assertThat(q.getNowait()).isEqualTo(2);
            return null;
        });
    }

    /** Defect 1 on a plain thread: an interrupted {@code Async.await(q.get())} leaves no waiter behind. */
    @Test
    void interruptedAwaitOnAPlainThread_leavesNoWaiter() throws Exception {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Async.await(q.get());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
        t.interrupt();
        t.join(10_000);
        assertThat(thrown.get()).isInstanceOf(CompletionException.class).hasCauseInstanceOf(InterruptedException.class);
        q.putNowait(5);
        assertThat(q.qsize()).isEqualTo(1);
    }

    /**
     * Defect 3: a body that catches {@code Exception} around its await — ordinary Java — used to spin
     * after {@code cancel()}, every later await throwing at once without giving the loop up, so no
     * other task ran again. The cancellation is now delivered once: the other task keeps running,
     * and cleanup in {@code finally} can await.
     */
    @Test
    void swallowedCancellation_doesNotStarveTheLoop_andCleanupCanAwait() {
        AtomicInteger swallowed = new AtomicInteger();
        AtomicInteger otherTicks = new AtomicInteger();
        AtomicInteger cleanedUp = new AtomicInteger();
        Async.run(() -> {
            AsyncEvent stop = new AsyncEvent();
            Task<Object> stubborn = Async.createTask("stubborn", () -> {
                try {
                    while (!stop.isSet()) {
                        try {
                            Async.await(Async.sleep(Duration.ofMillis(5)));
                        } catch (Exception e) {
                            swallowed.incrementAndGet();
                        }
                    }
                } finally {
                    Async.await(Async.sleep(Duration.ofMillis(1))); // closing a connection, say
                    cleanedUp.incrementAndGet();
                }
                return null;
            });
            Task<Object> other = Async.createTask("other", () -> {
                while (otherTicks.get() < 20) {
                    Async.await(Async.sleep(Duration.ofMillis(1)));
                    otherTicks.incrementAndGet();
                }
                return null;
            });
            Async.await(Async.sleep(Duration.ofMillis(10)));
            stubborn.cancel();
            Async.await(other);
            stop.set();
            Async.await(Async.gatherSettled(stubborn));
            assertThat(stubborn.cancelling()).isEqualTo(1);
            return null;
        });
        assertThat(swallowed).hasValue(1);
        assertThat(otherTicks).hasValue(20);
        assertThat(cleanedUp).hasValue(1);
    }

    /** Python 3.11's {@code cancelling()}/{@code uncancel()}. */
    @Test
    void cancellingCountsRequests_uncancelTakesOneBack() {
        Async.run(() -> {
            Task<Object> t = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            Async.await(Async.sleep(Duration.ZERO));
            assertThat(t.cancelling()).isZero();
            t.cancel();
            t.cancel();
            assertThat(t.cancelling()).isEqualTo(2);
            assertThat(t.uncancel()).isEqualTo(1);
            Async.await(Async.gatherSettled(t));
            return null;
        });
    }

    /**
     * Defect 4: a cancelled task used to surface kotlinx's {@code JobCancellationException:
     * DeferredCoroutine was cancelled; job=...} (and on JDK 25 a bare "getNow"). Every path now gives
     * a plain {@link CancellationException} whose message names the task.
     */
    @Test
    void cancelledTask_sameExceptionNamingTheTask_onEveryPath() {
        Async.run(() -> {
            Task<Object> t = Async.createTask("crawler-3", () -> Async.await(Async.sleep(LONG)));
            Async.await(Async.sleep(Duration.ZERO));
            t.cancel();
            Throwable viaAwait = catchThrowable(() -> Async.await(t));
            List<Outcome<Object>> settled = Async.await(Async.gatherSettled(List.of(t)));
            Throwable viaResult = catchThrowable(t::result);
            Throwable viaJoin = catchThrowable(() -> t.toCompletableFuture().join());
            for (Throwable e : List.of(viaAwait, settled.get(0).error(), viaResult, viaJoin)) {
                assertThat(e).isExactlyInstanceOf(CancellationException.class).hasMessage("Task 'crawler-3' was cancelled");
                for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                    assertThat(c.getClass().getName()).doesNotStartWith("kotlinx.");
                }
            }
            Task<Object> notStarted = Async.createTask("never-ran", () -> 1);
            notStarted.cancel();
            assertThat(catchThrowable(() -> Async.await(notStarted))).isExactlyInstanceOf(CancellationException.class)
                    .hasMessageContaining("'never-ran'");
            return null;
        });
    }

    /** Defect 4: {@code runUntilComplete} after an interrupt of the calling thread. */
    @Test
    void runUntilCompleteInterrupted_givesThePlainCancellation() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> loop.runUntilComplete(() -> Async.await(Async.sleep(LONG))))
                    .isExactlyInstanceOf(CancellationException.class).hasMessage("Task 'main' was cancelled");
        } finally {
            Thread.interrupted();
        }
    }

    /** Defect 8: awaiting oneself used to hang forever (and close() with it); asyncio raises at once. */
    @Test
    void awaitingItself_failsAtOnce() {
        Async.run(() -> {
            assertThatThrownBy(() -> Async.await(Async.currentTask()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot await itself");
            return null;
        });
    }

    /**
     * Issue 18, item 9: awaiting a gather that holds the awaiting task itself waited for ever, undetected
     * (the direct self-await was detected). It fails at once, as the direct one does, and takes nothing:
     * the gather is not cancelled, the other input goes on.
     */
    @Test
    void awaitingAGatherThatHoldsItself_failsAtOnce() {
        Object r = Async.run(() -> {
            Task<String> other = Async.createTask(() -> Async.await(Async.sleep(Duration.ofMillis(5), "other")));
            CompletableFuture<List<Object>> g = Async.gather(Async.currentTask(), other);
            assertThatThrownBy(() -> Async.await(g))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot await itself");
            // one level deeper: awaiting a task that awaits a gather holding this one is a cycle too
            Task<?> me = Async.currentTask();
            Task<List<Object>> waiter = Async.createTask(() -> Async.await(Async.gather(me, other)));
            Async.await(Async.sleep(Duration.ZERO)); // waiter now awaits its gather
            assertThatThrownBy(() -> Async.await(waiter))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("await cycle");
            return Async.await(other);
        });
        assertThat(r).isEqualTo("other");
    }

    /**
     * Defect 8: an A↔B await cycle used to hang until one task was cancelled. Since issue 18 the await
     * that would close the cycle fails at once ("await cycle"), so the cycle never forms: A goes on, and B,
     * which awaits A, gets A's value.
     */
    @Test
    void anAwaitCycle_isRefusedAtOnce() {
        Object r = Async.run(() -> {
            AtomicReference<Task<Object>> a = new AtomicReference<>();
            AtomicReference<Task<Object>> b = new AtomicReference<>();
            CountDownLatch bothSet = new CountDownLatch(1);
            a.set(Async.createTask("A", () -> {
                bothSet.await();
                Async.await(Async.sleep(Duration.ofMillis(1))); // B awaits A by now
                Throwable refused = catchThrowable(() -> Async.await(b.get()));
                assertThat(refused).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Task 'A' cannot await Task 'B'").hasMessageContaining("await cycle");
                return "a";
            }));
            b.set(Async.createTask("B", () -> Async.await(a.get())));
            bothSet.countDown();
            return Async.await(b.get());
        });
        assertThat(r).isEqualTo("a");
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
        return org.assertj.core.api.Assertions.catchThrowable(c);
    }
}
