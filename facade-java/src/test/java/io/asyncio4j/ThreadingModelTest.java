package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One test (or a few) per rule of DESIGN.md's threading model, each written so that it fails if the
 * rule breaks. Rule 6 (locks, queues) comes with the synchronization issue.
 */
@Timeout(30)
class ThreadingModelTest {
    private static final Duration LONG = Duration.ofHours(1);

    // ------------------------------------------------------------------ rule 1: one loop is one logical thread

    /** Counts bodies and callbacks in flight and does a lock-free read-modify-write on shared state. */
    private static final class Probe {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxSeen = new AtomicInteger();
        int plain; // deliberately neither volatile nor locked

        void step() {
            int n = inFlight.incrementAndGet();
            maxSeen.accumulateAndGet(n, Math::max);
            int v = plain;
            Thread.yield(); // widen the window a second body would need
            plain = v + 1;
            inFlight.decrementAndGet();
        }
    }

    @Test
    void rule1_manyBlockingTasksAndCallbacksNeverRunAtTheSameTime() {
        int tasks = 200;
        int awaitsPerTask = 5;
        Probe probe = new Probe();
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int n = i;
                all.add(Async.createTask(() -> {
                    for (int k = 0; k < awaitsPerTask; k++) {
                        probe.step();
                        Async.await(k % 2 == 0 ? Async.sleep(Duration.ZERO) : Async.sleep(Duration.ofMillis(n % 3)));
                    }
                    return null;
                }).toCompletableFuture());
                // future-style work on the same loop: callbacks and continuations
                loop.callSoon(probe::step);
                all.add(Async.sleep(Duration.ofMillis(n % 4)).thenRun(probe::step));
            }
            Async.await(Async.gather(all));
            return null;
        });
        assertThat(probe.maxSeen).as("bodies in flight at once").hasValue(1);
        assertThat(probe.plain).as("lock-free counter").isEqualTo(tasks * awaitsPerTask + 2 * tasks);
    }

    @Test
    void rule1_tasksOnALoopInAnotherThreadShareStateWithoutLocks() throws Exception {
        EventLoop loop = EventLoop.startInThread("rule1-loop");
        try {
            Probe probe = new Probe();
            List<CompletableFuture<Object>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fs.add(loop.runCoroutineThreadsafe(() -> {
                    for (int k = 0; k < 4; k++) {
                        probe.step();
                        Async.await(Async.sleep(Duration.ZERO));
                    }
                    return null;
                }));
                loop.callSoonThreadsafe(probe::step);
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            CompletableFuture<Integer> total = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> total.complete(probe.plain));
            assertThat(total.get(5, TimeUnit.SECONDS)).isEqualTo(50 * 4 + 50);
            assertThat(probe.maxSeen).hasValue(1);
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ rule 2: blocking bodies' threads

    @Test
    void rule2_blockingBodyRunsOnAVirtualThreadOnJdk21AndAPlatformThreadOn17() throws Exception {
        AtomicReference<Thread> bodyThread = new AtomicReference<>();
        AtomicReference<Object> seenByCallback = new AtomicReference<>();
        Async.run(() -> {
            bodyThread.set(Thread.currentThread());
            CompletableFuture<Object> callback = new CompletableFuture<>();
            // While the body awaits, the loop runs callbacks (maybe on the body's own thread, lent to the
            // loop: see Baton): as callbacks, with no current task, never as part of the body.
            Async.getRunningLoop().callSoon(() -> callback.complete(String.valueOf(Async.currentTask())));
            seenByCallback.set(Async.await(callback));
            assertThat((Object) Async.currentTask()).as("the body's own task, back after the await").isNotNull();
            return null;
        });
        assertThat(seenByCallback.get()).isEqualTo("null");
        Method isVirtual = findIsVirtual();
        if (Runtime.version().feature() >= 21 && !Boolean.getBoolean("asyncio4j.platformThreads")) {
            assertThat(isVirtual).isNotNull();
            assertThat((Boolean) isVirtual.invoke(bodyThread.get())).as("body on a virtual thread").isTrue();
        } else {
            assertThat(isVirtual == null || !(Boolean) isVirtual.invoke(bodyThread.get())).as("body on a platform thread").isTrue();
        }
    }

    /**
     * Issue 12: on JDK 24+ with {@code java.lang} opened to asyncio4j, each loop carries its bodies' virtual
     * threads on a carrier of its own (a yield, not a wake-up of another carrier, per hand-off); without
     * it, the JDK's default scheduler carries them. The build runs this class both ways.
     */
    @Test
    void rule2_bodiesRunOnTheLoopsOwnCarrier_exactlyWhenJavaLangIsOpened() {
        boolean opened = Thread.class.getModule().isOpen("java.lang", ThreadingModelTest.class.getModule());
        boolean expected = Runtime.version().feature() >= 24 && opened
                && !Boolean.getBoolean("asyncio4j.platformThreads")
                && !"false".equals(System.getProperty("asyncio4j.loopScheduler"));
        String expectation = System.getProperty("asyncio4j.expectLoopScheduler");
        if (expectation != null) assertThat(expected).as("this run's setup").isEqualTo(Boolean.parseBoolean(expectation));
        EventLoop loop = EventLoop.newEventLoop();
        try {
            String seen = loop.runUntilComplete(loop.createTask(() -> {
                Async.await(Async.sleep(Duration.ZERO)); // once resumed, still on the same kind of carrier
                return Thread.currentThread().toString(); // "VirtualThread[#42,asyncio4j-loop-7]/runnable@<carrier>"
            }));
            if (expected) {
                assertThat(seen).matches(".*\\]/runnable@asyncio4j-loop-\\d+-carrier");
            } else {
                assertThat(seen).doesNotContain("-carrier");
            }
        } finally {
            loop.close();
        }
    }

    private static Method findIsVirtual() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null; // JDK 17: every thread is a platform thread
        }
    }

    // ------------------------------------------------------------------ rule 3: await from the wrong place

    @Test
    void rule3_awaitInACallbackThrowsOnAPlainThreadBlocksInATaskSuspends() throws Exception {
        // plain thread: blocks and returns
        assertThat(Async.await(Async.sleep(Duration.ofMillis(2), "blocked"))).isEqualTo("blocked");
        CompletableFuture<String> late = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException ignored) {
                // completes anyway
            }
            late.complete("late");
        });
        completer.start();
        assertThat(Async.await(late)).isEqualTo("late");

        Async.run(() -> {
            // loop callback: throws instead of blocking the loop
            CompletableFuture<Throwable> fromCallback = new CompletableFuture<>();
            Async.getRunningLoop().callSoon(() -> {
                try {
                    Async.await(new CompletableFuture<>());
                    fromCallback.complete(null);
                } catch (Throwable t) {
                    fromCallback.complete(t);
                }
            });
            assertThat(Async.await(fromCallback)).isInstanceOf(IllegalStateException.class);
            // task: suspends (another task runs meanwhile)
            AtomicBoolean otherRan = new AtomicBoolean();
            Async.createTask(() -> {
                otherRan.set(true);
                return null;
            });
            Async.await(Async.sleep(Duration.ofMillis(1)));
            assertThat(otherRan).isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ rule 4: structured concurrency

    @Test
    void rule4_noTaskOutlivesAsyncRun() {
        List<Task<Object>> leftovers = new ArrayList<>();
        AtomicInteger finallies = new AtomicInteger();
        Async.run(() -> {
            leftovers.add(Async.createTask("never-awaited", () -> {
                try {
                    // a grandchild, never awaited either
                    leftovers.add(Async.createTask("grandchild", () -> {
                        try {
                            return Async.await(Async.sleep(LONG));
                        } finally {
                            finallies.incrementAndGet();
                        }
                    }));
                    return Async.await(Async.sleep(LONG));
                } finally {
                    finallies.incrementAndGet();
                }
            }));
            leftovers.add(Async.createTask("never-started", () -> Async.await(Async.sleep(LONG))));
            Async.await(Async.sleep(Duration.ZERO));
            Async.await(Async.sleep(Duration.ZERO));
            return "main done";
        });
        assertThat(leftovers).hasSize(3).allMatch(Task::isDone).allMatch(Task::isCancelled);
        assertThat(finallies).as("their finally blocks ran before run returned").hasValue(2);
    }

    @Test
    void rule4_cancellingAParentCancelsItsChildrenAndInterruptsBlockingBodies() throws Exception {
        CountDownLatch blockingStarted = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        List<Task<Object>> children = new ArrayList<>();
        Async.run(() -> {
            Task<Object> parent = Async.createTask(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    children.add(tg.createTask(() -> Async.await(Async.sleep(LONG))));
                    children.add(tg.createTask(() -> {
                        Async.await(Async.sleep(Duration.ofMillis(1)));
                        return Interruptible.sleepUntilInterrupted(blockingStarted, () -> interrupted.set(true)).call();
                    }));
                }
                return null;
            });
            Thread canceller = Interruptible.cancelWhen(blockingStarted, parent::cancel);
            Async.await(Async.gatherSettled(parent));
            canceller.join();
            assertThat(parent.isCancelled()).isTrue();
            return null;
        });
        assertThat(interrupted).isTrue();
        assertThat(children).hasSize(2).allMatch(Task::isCancelled);
    }

    @Test
    void rule4_aTaskCreatedInsideAnotherIsCancelledWithIt() {
        Async.run(() -> {
            List<Task<Object>> inner = new ArrayList<>();
            Task<Object> outer = Async.createTask(() -> {
                inner.add(Async.createTask(() -> Async.await(Async.sleep(LONG))));
                return Async.await(Async.sleep(LONG));
            });
            Async.await(Async.sleep(Duration.ZERO));
            Async.await(Async.sleep(Duration.ZERO));
            outer.cancel();
            Async.await(Async.gatherSettled(outer));
            Async.await(Async.gatherSettled(inner));
            assertThat(inner.get(0).isCancelled()).isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ rule 5: cancellation crosses every boundary

    @Test
    void rule5_cancellingATaskCancelsItsCoroutineAndWhatItAwaits() {
        Async.run(() -> {
            CompletableFuture<Object> awaited = new CompletableFuture<>();
            AtomicBoolean finallyRan = new AtomicBoolean();
            Task<Object> t = Async.createTask(() -> {
                try {
                    return Async.await(awaited);
                } finally {
                    finallyRan.set(true);
                }
            });
            Async.await(Async.sleep(Duration.ZERO));
            t.cancel();
            assertThatThrownBy(() -> Async.await(t)).isInstanceOf(CancellationException.class);
            assertThat(finallyRan).isTrue();
            assertThat(awaited.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void rule5_cancellingAFacadeFutureCancelsTheCoroutineBehindIt() throws Exception {
        Async.run(() -> {
            // a task's CompletableFuture
            Task<Object> t = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            Async.await(Async.sleep(Duration.ZERO));
            t.toCompletableFuture().cancel(false);
            Async.await(Async.gatherSettled(t));
            assertThat(t.isCancelled()).isTrue();
            // gather's future cancels its inputs' tasks
            Task<Object> u = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            Async.gather(u).cancel(false);
            Async.await(Async.gatherSettled(u));
            assertThat(u.isCancelled()).isTrue();
            // waitFor's future cancels its task
            Task<Object> w = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            Async.waitFor(w, LONG).cancel(false);
            Async.await(Async.gatherSettled(w));
            assertThat(w.isCancelled()).isTrue();
            return null;
        });
        // runCoroutineThreadsafe's future cancels the task on the other loop and interrupts a blocking body
        EventLoop loop = EventLoop.startInThread("rule5");
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            CompletableFuture<Object> f = loop.runCoroutineThreadsafe(Interruptible.sleepUntilInterrupted(started, interrupted::countDown));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            f.cancel(true);
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            loop.close();
        }
    }
}
