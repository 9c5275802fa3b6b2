package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Async}: run, await, tasks, sleep, identity, threads. Combinators are in {@link CombinatorsTest}. */
@Timeout(10)
class AsyncTest {
    private static final Duration LONG = Duration.ofHours(1);

    // ------------------------------------------------------------------ run

    @Test
    void run_returnsMainsValue() {
        assertThat(Async.run(() -> 42)).isEqualTo(42);
    }

    @Test
    void run_runnableOverload() {
        AtomicBoolean ran = new AtomicBoolean();
        Async.run((AsyncRunnable) () -> ran.set(true));
        assertThat(ran).isTrue();
    }

    @Test
    void run_rethrowsUncheckedFailureAsIs() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> Async.run(() -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void run_wrapsCheckedFailureInCompletionException() {
        IOException io = new IOException("io");
        assertThatThrownBy(() -> Async.run(() -> {
            throw io;
        })).isInstanceOf(CompletionException.class).hasCauseReference(io);
    }

    @Test
    void run_insideARunningLoopIsRejected() {
        Async.run(() -> {
            assertThatThrownBy(() -> Async.run(() -> 1)).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void run_closesItsLoop() {
        EventLoop loop = Async.run(Async::getRunningLoop);
        assertThat(loop.isClosed()).isTrue();
        assertThat(loop.isRunning()).isFalse();
    }

    // ------------------------------------------------------------------ await

    @Test
    void await_returnsValueOfDoneAndPendingFutures() {
        Async.run(() -> {
            assertThat(Async.await(CompletableFuture.completedFuture("done"))).isEqualTo("done");
            assertThat(Async.await(Async.sleep(Duration.ofMillis(5), "later"))).isEqualTo("later");
            return null;
        });
    }

    /**
     * Regression: a failure that arrived while a blocking body waited came back as a copy, because
     * kotlinx's {@code CompletableFuture.await()} recovers stack traces under {@code -ea}.
     */
    @Test
    void await_keepsExceptionIdentity() {
        IllegalStateException unchecked = new IllegalStateException("u");
        IOException checked = new IOException("c");
        Async.run(() -> {
            assertThatThrownBy(() -> Async.await(CompletableFuture.failedFuture(unchecked))).isSameAs(unchecked);
            assertThatThrownBy(() -> Async.await(CompletableFuture.failedFuture(checked)))
                    .isInstanceOf(CompletionException.class).hasCauseReference(checked);
            // the same once the future fails while the task waits for it
            CompletableFuture<String> later = new CompletableFuture<>();
            Async.getRunningLoop().callLater(Duration.ofMillis(2), () -> later.completeExceptionally(unchecked));
            assertThatThrownBy(() -> Async.await(later)).isSameAs(unchecked);
            Task<Object> failing = Async.createTask(() -> {
                throw checked;
            });
            assertThatThrownBy(() -> Async.await(failing)).isInstanceOf(CompletionException.class).hasCauseReference(checked);
            return null;
        });
    }

    @Test
    void await_onAPlainThreadBlocksAndReturns() {
        assertThat(Async.await(Async.sleep(Duration.ofMillis(5), "plain"))).isEqualTo("plain");
        IllegalStateException boom = new IllegalStateException();
        CompletableFuture<Object> f = new CompletableFuture<>();
        new Thread(() -> f.completeExceptionally(boom)).start();
        assertThatThrownBy(() -> Async.await(f)).isSameAs(boom);
    }

    @Test
    void await_fromALoopCallbackThrows() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Async.run(() -> {
            CompletableFuture<Void> ran = new CompletableFuture<>();
            Async.getRunningLoop().callSoon(() -> {
                try {
                    Async.await(Async.sleep(Duration.ofMillis(1)));
                } catch (Throwable t) {
                    thrown.set(t);
                }
                ran.complete(null);
            });
            return Async.await(ran);
        });
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("would block");
    }

    @Test
    void await_cancelledTaskCancelsWhatItAwaits() {
        Async.run(() -> {
            CompletableFuture<String> inner = new CompletableFuture<>();
            Task<String> t = Async.createTask(() -> Async.await(inner));
            Async.await(Async.sleep(Duration.ZERO));
            t.cancel();
            assertThatThrownBy(() -> Async.await(t)).isInstanceOf(CancellationException.class);
            assertThat(inner.isCancelled()).isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ tasks

    @Test
    void createTask_startsOnANextIterationAndRunsConcurrently() {
        Steps s = new Steps();
        Async.run(() -> {
            s.expect(1);
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> a = Async.createTask(() -> {
                s.expect(3);
                Async.await(gate); // lets b run
                s.expect(6);
                return "a";
            });
            Task<String> b = Async.createTask(() -> {
                s.expect(4);
                gate.complete(null); // a resumes only once b lets go of the loop
                s.expect(5);
                return "b";
            });
            s.expect(2);
            assertThat(Async.await(a)).isEqualTo("a");
            assertThat(Async.await(b)).isEqualTo("b");
            s.expect(7);
            return null;
        });
        s.finish(8);
    }

    @Test
    void createTask_namesTasks() {
        Async.run(() -> {
            Task<Integer> named = Async.createTask("worker-1", () -> 1);
            Task<Integer> unnamed = Async.createTask(() -> 2);
            assertThat(named.name()).isEqualTo("worker-1");
            assertThat(unnamed.name()).startsWith("Task-");
            assertThat(Async.currentTask().name()).isEqualTo("main");
            assertThat(Async.await(Async.gather(named, unnamed))).containsExactly(1, 2);
            return null;
        });
    }

    @Test
    void createTask_withoutARunningLoopIsRejected() {
        assertThatThrownBy(() -> Async.createTask(() -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no running event loop");
    }

    @Test
    void ensureFuture_returnsTheTaskItself() {
        Async.run(() -> {
            Task<Integer> t = Async.createTask(() -> 7);
            assertThat((Object) Async.ensureFuture(t)).isSameAs(t);
            assertThat((Object) Async.ensureFuture(t.toCompletableFuture())).isSameAs(t);
            assertThat(Async.await(t)).isEqualTo(7);
            return null;
        });
    }

    @Test
    void ensureFuture_wrapsAStageInATaskThatCancelsIt() {
        Async.run(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            Task<String> t = Async.ensureFuture(f);
            assertThat(Async.allTasks()).contains(t);
            Async.getRunningLoop().callLater(Duration.ofMillis(2), () -> f.complete("x"));
            assertThat(Async.await(t)).isEqualTo("x");

            CompletableFuture<String> g = new CompletableFuture<>();
            Task<String> u = Async.ensureFuture(g);
            Async.await(Async.sleep(Duration.ZERO));
            u.cancel();
            assertThatThrownBy(() -> Async.await(u)).isInstanceOf(CancellationException.class);
            assertThat(g.isCancelled()).isTrue();

            IllegalStateException boom = new IllegalStateException("stage failed");
            CompletableFuture<String> h = new CompletableFuture<>();
            Task<String> v = Async.ensureFuture(h);
            Async.getRunningLoop().callLater(Duration.ofMillis(2), () -> h.completeExceptionally(boom));
            assertThatThrownBy(() -> Async.await(v)).isSameAs(boom);
            return null;
        });
    }

    // ------------------------------------------------------------------ identity

    @Test
    void currentTask_allTasks_getRunningLoop_keepIdentity() {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                assertThat(Async.getRunningLoop()).isSameAs(loop);
                AtomicReference<Task<?>> seenInside = new AtomicReference<>();
                AtomicReference<EventLoop> loopInside = new AtomicReference<>();
                Task<String> t = Async.createTask(() -> {
                    seenInside.set(Async.currentTask());
                    loopInside.set(Async.getRunningLoop());
                    Async.await(Async.sleep(Duration.ofMillis(5)));
                    return "t";
                });
                assertThat(Async.allTasks()).contains(t, Async.currentTask());
                AtomicReference<Task<?>> seenByCallback = new AtomicReference<>();
                t.addDoneCallback(seenByCallback::set);
                Async.await(t);
                Async.await(Async.sleep(Duration.ZERO)); // let the done callback run
                assertThat((Object) seenInside.get()).isSameAs(t);
                assertThat((Object) seenByCallback.get()).isSameAs(t);
                assertThat(loopInside.get()).isSameAs(loop);
                assertThat(t.loop()).isSameAs(loop);
                assertThat(Async.allTasks()).doesNotContain(t);
                return null;
            });
        } finally {
            loop.close();
        }
        assertThat((Object) Async.currentTask()).isNull();
        assertThatThrownBy(Async::getRunningLoop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(Async::allTasks).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void getRunningLoop_onALoopFromStartInThreadIsThatLoop() throws Exception {
        EventLoop loop = EventLoop.startInThread("identity-loop");
        try {
            assertThat(Async.runCoroutineThreadsafe(Async::getRunningLoop, loop).get(5, TimeUnit.SECONDS)).isSameAs(loop);
            CompletableFuture<EventLoop> inCallback = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> inCallback.complete(Async.getRunningLoop()));
            assertThat(inCallback.get(5, TimeUnit.SECONDS)).isSameAs(loop);
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ sleep

    @Test
    void sleepZero_yieldsToEveryOtherReadyTask() {
        // asyncio.sleep(0): three tasks that each yield with sleep(0) interleave round-robin.
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        Async.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                tasks.add(Async.createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        trace.add(name + i);
                        Async.await(Async.sleep(Duration.ZERO));
                    }
                    return null;
                }));
            }
            Async.await(Async.gather(tasks));
            return null;
        });
        assertThat(trace).containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
    }

    @Test
    void sleepZero_letsReadyCallbacksRunFirst() {
        Steps s = new Steps();
        Async.run(() -> {
            s.expect(1);
            Async.getRunningLoop().callSoon(() -> s.expect(2));
            Async.await(Async.sleep(Duration.ZERO));
            s.expect(3);
            return null;
        });
        s.finish(4);
    }

    @Test
    void sleep_completesWithResultInDelayOrder() {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        Async.run(() -> {
            CompletableFuture<Integer> slow = Async.sleep(Duration.ofMillis(30), 3);
            CompletableFuture<Integer> fast = Async.sleep(Duration.ofMillis(5), 1);
            CompletableFuture<Integer> mid = Async.sleep(Duration.ofMillis(15), 2);
            for (CompletableFuture<Integer> f : List.of(slow, fast, mid)) {
                f.thenAccept(order::add);
            }
            assertThat(Async.await(Async.gather(slow, fast, mid))).containsExactly(3, 1, 2);
            return null;
        });
        assertThat(order).containsExactly(1, 2, 3);
    }

    @Test
    void sleep_cancelledNeverCompletes() {
        Async.run(() -> {
            CompletableFuture<String> f = Async.sleep(Duration.ofMillis(5), "x");
            assertThat(f.cancel(false)).isTrue();
            Async.await(Async.sleep(Duration.ofMillis(20)));
            assertThat(f.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void sleep_offALoopUsesASharedTimer() throws Exception {
        assertThat(Async.sleep(Duration.ofMillis(5), "off-loop").get(5, TimeUnit.SECONDS)).isEqualTo("off-loop");
    }

    // ------------------------------------------------------------------ threads

    @Test
    void toThread_runsOffTheLoopAndContinuationsRunOnTheCallersLoop() {
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            CountDownLatch registered = new CountDownLatch(1);
            AtomicReference<String> workerThread = new AtomicReference<>();
            AtomicReference<Throwable> workerSawLoop = new AtomicReference<>();
            CompletableFuture<String> f = Async.toThread(() -> {
                workerThread.set(Thread.currentThread().getName());
                try {
                    Async.getRunningLoop();
                } catch (IllegalStateException expected) {
                    workerSawLoop.set(expected);
                }
                registered.await(5, TimeUnit.SECONDS);
                return "v";
            });
            CompletableFuture<EventLoop> continuationLoop = f.thenApply(v -> Async.getRunningLoop());
            registered.countDown();
            assertThat(Async.await(continuationLoop)).isSameAs(loop);
            assertThat(workerSawLoop.get()).as("the worker is not on the loop").isNotNull();
            assertThat(workerThread.get()).doesNotContain("asyncio4j-body:main");
            return null;
        });
    }

    @Test
    void toThread_failureAndCancellation() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Async.run(() -> {
            assertThatThrownBy(() -> Async.await(Async.toThread(() -> {
                throw boom;
            }))).isSameAs(boom);
            CompletableFuture<Object> f = Async.toThread(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            });
            Async.await(Async.toThread(() -> started.await(5, TimeUnit.SECONDS)));
            assertThat(f.cancel(true)).isTrue();
            return null;
        });
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runCoroutineThreadsafe_fromAPlainThread() throws Exception {
        EventLoop loop = EventLoop.startInThread("rct-loop");
        try {
            CompletableFuture<String> f = Async.runCoroutineThreadsafe(() -> {
                Async.await(Async.sleep(Duration.ofMillis(5)));
                return Thread.currentThread().getName() + "|" + (Async.getRunningLoop() == loop);
            }, loop);
            assertThat(f.get(5, TimeUnit.SECONDS)).endsWith("|true");
            IllegalArgumentException boom = new IllegalArgumentException();
            CompletableFuture<Object> g = loop.runCoroutineThreadsafe(() -> {
                throw boom;
            });
            assertThatThrownBy(() -> g.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCauseReference(boom);
        } finally {
            loop.close();
        }
    }

    @Test
    void runCoroutineThreadsafe_fromAnotherLoopIsAwaitable() {
        EventLoop other = EventLoop.startInThread("rct-other");
        try {
            String r = Async.run(() -> Async.await(Async.runCoroutineThreadsafe(() -> {
                Async.await(Async.sleep(Duration.ofMillis(2)));
                return Async.getRunningLoop().name();
            }, other)));
            assertThat(r).isEqualTo(other.name());
        } finally {
            other.close();
        }
    }

    @Test
    void runCoroutineThreadsafe_cancelCancelsTheTask() throws Exception {
        EventLoop loop = EventLoop.startInThread("rct-cancel");
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch finallyRan = new CountDownLatch(1);
            CompletableFuture<Object> f = Async.runCoroutineThreadsafe(() -> {
                try {
                    started.countDown();
                    return Async.await(Async.sleep(LONG));
                } finally {
                    finallyRan.countDown();
                }
            }, loop);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(f.cancel(true)).isTrue();
            assertThat(finallyRan.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            CompletableFuture<Integer> alive = Async.runCoroutineThreadsafe(() -> 1, loop);
            assertThat(alive.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            loop.close();
        }
    }

    /**
     * Issue 18, item 2: a cancel that came between the submission's "not cancelled yet" check and the
     * task's creation found no task to cancel, and the body ran anyway, for ever when it loops until
     * cancelled (206 of 2,000 on JDK 17). Now a future whose cancel returned true never leaves a body
     * running.
     */
    @Test
    void runCoroutineThreadsafe_cancelRightAfterSubmit_neverLeavesTheBodyRunning() throws Exception {
        EventLoop loop = EventLoop.startInThread("rct-cancel-race");
        try {
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            int cancelled = 0;
            for (int i = 0; i < 2000; i++) {
                CompletableFuture<Object> f = loop.runCoroutineThreadsafe(() -> {
                    running.incrementAndGet();
                    try {
                        while (true) Async.await(Async.sleep(Duration.ofMillis(1)));
                    } finally {
                        running.decrementAndGet();
                    }
                });
                long until = System.nanoTime() + r.nextInt(50_000);
                while (System.nanoTime() < until) Thread.onSpinWait();
                if (f.cancel(true)) cancelled++;
                else assertThat(f).isDone();
            }
            assertThat(cancelled).isPositive();
            // Every body was cancelled: the loop runs out of tasks. Bounded by rounds, not by a clock.
            int live = -1;
            for (int round = 0; round < 5_000 && live != 0; round++) {
                live = loop.runCoroutineThreadsafe(() -> Async.allTasks().size() - 1).get(10, TimeUnit.SECONDS);
            }
            assertThat(live).as("tasks still running after every future was cancelled").isZero();
            assertThat(running).hasValue(0);
        } finally {
            loop.close();
        }
    }

    @Test
    void runCoroutineThreadsafe_getOnTheLoopsOwnThreadIsRejectedNotADeadlock() throws Exception {
        EventLoop loop = EventLoop.startInThread("rct-self");
        try {
            CompletableFuture<Throwable> fromCallback = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> {
                try {
                    Async.runCoroutineThreadsafe(() -> 1, loop).get();
                    fromCallback.complete(null);
                } catch (Throwable t) {
                    fromCallback.complete(t);
                }
            });
            assertThat(fromCallback.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");
            Throwable fromTask = Async.runCoroutineThreadsafe(() -> {
                try {
                    Async.runCoroutineThreadsafe(() -> 1, loop).join();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, loop).get(5, TimeUnit.SECONDS);
            assertThat(fromTask).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ dumpTasks

    @Test
    void dumpTasks_showsOpenLoops() {
        String dump = Async.run(() -> {
            Task<Object> w = Async.createTask("dump-worker", () -> Async.await(Async.sleep(LONG)));
            Async.await(Async.sleep(Duration.ZERO));
            String d = Async.dumpTasks();
            w.cancel();
            return d;
        });
        assertThat(dump).contains("Task 'main'").contains("Task 'dump-worker'");
    }
}
