package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression tests of issue 7 for the loop's ordering and shutdown: done callbacks (defect 2),
 * {@code dumpTasks} (5), submissions racing {@code close()} (6), nested task groups (7), far-past
 * timers (9) and {@code toThread} work outliving {@code Async.run} (10).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopRegressionTest {
    private static final Duration LONG = Duration.ofHours(1);

    /** Defect 2: Python runs a task's done callbacks before {@code run_until_complete} returns; we lost them. */
    @Test
    void runUntilCompleteOfATask_runsItsDoneCallbacks() {
        AtomicInteger ran = new AtomicInteger();
        EventLoop loop = EventLoop.newEventLoop();
        Task<String> t = loop.createTask(() -> "r");
        t.addDoneCallback(x -> ran.incrementAndGet());
        assertThat(loop.runUntilComplete(t)).isEqualTo("r");
        assertThat(ran).as("before runUntilComplete returns").hasValue(1);
        loop.close();
        assertThat(ran).hasValue(1);
    }

    /** Defect 2: a callback added before {@code await t} runs before the awaiting task resumes, as in asyncio. */
    @Test
    void doneCallbacks_runInSchedulingOrder_beforeTheAwaiterResumes() {
        Steps s = new Steps();
        Async.run(() -> {
            Task<String> t = Async.createTask(() -> {
                s.expect(1);
                return "x";
            });
            t.addDoneCallback(x -> s.expect(2));
            Async.await(t);
            s.expect(3);
            return null;
        });
        s.finish(4);
    }

    /**
     * Defect 5: {@code dumpTasks} reads like {@code asyncio pstree}: what is awaited is named for a
     * person, a blocking body shows its own frames, and another loop can be dumped from outside.
     */
    @Test
    void dumpTasks_namesWhatEachTaskAwaits_fromOutsideTheLoop() throws Exception {
        EventLoop loop = EventLoop.startInThread("dump-me");
        try {
            AsyncQueue<Integer> q = new AsyncQueue<>(10);
            AsyncLock lock = new AsyncLock();
            CountDownLatch ready = new CountDownLatch(1);
            loop.runCoroutineThreadsafe(() -> {
                Async.createTask("sleeper", () -> Async.await(Async.sleep(LONG)));
                Async.createTask("getter", () -> Async.await(q.get()));
                Async.await(lock.acquire());
                Async.createTask("locker", () -> Async.await(lock.acquire()));
                Task<Object> a = Async.createTask("a", () -> Async.await(Async.sleep(LONG)));
                Async.createTask("gatherer", () -> Async.await(Async.gather(a, Async.sleep(Duration.ZERO))));
                Async.await(Async.sleep(Duration.ofMillis(20)));
                ready.countDown();
                return Async.await(Async.sleep(LONG));
            });
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            String dump = loop.dumpTasks();
            assertThat(dump)
                    .contains("sleep(3600 s, ")
                    .contains("queue.get() [0/10 items, 1 getters, 0 putters]")
                    .contains("lock.acquire() [held by Task '")
                    .contains("gather(1 of 2 done)")
                    .contains("at io.asyncio4j.LoopRegressionTest")
                    .doesNotContain("SleepFuture@");
            assertThat(loop.allTasks()).extracting(Task::name).contains("sleeper", "getter", "locker", "gatherer");
        } finally {
            loop.close();
        }
    }

    /** Defect 6: every future accepted by {@code runCoroutineThreadsafe} completes, even while the loop closes. */
    @Test
    void runCoroutineThreadsafeRacingClose_everyAcceptedFutureCompletes() throws Exception {
        for (int round = 0; round < 5; round++) {
            EventLoop loop = EventLoop.startInThread("closing");
            List<CompletableFuture<Integer>> accepted = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread submitter = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        accepted.add(loop.runCoroutineThreadsafe(() -> 1));
                    } catch (IllegalStateException closed) {
                        return;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            });
            submitter.start();
            Thread.sleep(20);
            loop.close();
            stop.set(true);
            submitter.join();
            for (CompletableFuture<Integer> f : accepted) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | java.util.concurrent.CancellationException expected) {
                    // failed or cancelled because the loop closed: still completed
                }
            }
        }
    }

    /**
     * Defect 7: a failure in an outer group never reached a body waiting in an inner group's
     * {@code close()}: it hung, the inner children never cancelled. asyncio raises in ~0.05 s.
     */
    @Test
    void outerGroupFailure_reachesABodyWaitingInAnInnerGroupsClose() {
        AtomicBoolean innerChildCancelled = new AtomicBoolean();
        assertThatThrownBy(() -> Async.run(() -> {
            try (TaskGroup outer = TaskGroup.open()) {
                outer.createTask(() -> {
                    Async.await(Async.sleep(Duration.ofMillis(20)));
                    throw new IllegalArgumentException("outer child failed");
                });
                try (TaskGroup inner = TaskGroup.open()) {
                    inner.createTask(() -> {
                        try {
                            return Async.await(Async.sleep(LONG));
                        } catch (java.util.concurrent.CancellationException e) {
                            innerChildCancelled.set(true);
                            throw e;
                        }
                    });
                }
            }
            return null;
        })).isInstanceOf(TaskGroupException.class)
                .satisfies(e -> assertThat(((TaskGroupException) e).exceptions())
                        .anyMatch(x -> "outer child failed".equals(x.getMessage())));
        assertThat(innerChildCancelled).isTrue();
    }

    /** Defect 9: {@code callAt(Long.MIN_VALUE)} never fired and disordered other timers (overflow). */
    @Test
    void callAtFarPast_firesFirst_andKeepsOtherTimersInOrder() {
        ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        EventLoop loop = EventLoop.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                long now = loop.time();
                loop.callAt(now + 2_000_000, () -> order.add("+2ms"));
                loop.callAt(Long.MIN_VALUE, () -> order.add("min"));
                loop.callAt(now + 1_000_000, () -> order.add("+1ms"));
                loop.callAt(Long.MAX_VALUE, () -> order.add("max"));
                loop.callAt(now - 1_000_000, () -> order.add("-1ms"));
                Async.await(Async.sleep(Duration.ofMillis(20)));
                return null;
            });
        } finally {
            loop.close();
        }
        assertThat(order).containsExactly("min", "-1ms", "+1ms", "+2ms");
    }

    /** Defect 10: asyncio.run waits for its default executor (3.9+); {@code Async.run} returned while toThread work ran. */
    @Test
    void asyncRun_waitsForToThreadWork() {
        AtomicBoolean finished = new AtomicBoolean();
        Async.run(() -> {
            Async.toThread(() -> {
                Thread.sleep(100);
                finished.set(true);
                return null;
            });
            return null; // main does not await it
        });
        assertThat(finished).as("toThread work finished before Async.run returned").isTrue();
    }
}
