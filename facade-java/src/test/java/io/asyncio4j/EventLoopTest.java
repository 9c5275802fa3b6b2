package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EventLoop}: lifecycle, scheduling, handles, exception handler, debug mode, dumpTasks. */
@Timeout(10)
class EventLoopTest {
    private static final Duration LONG = Duration.ofHours(1);

    // ------------------------------------------------------------------ lifecycle

    @Test
    void runUntilComplete_bodyAndStage() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            assertThat(loop.isRunning()).isFalse();
            assertThat(loop.runUntilComplete(() -> {
                assertThat(loop.isRunning()).isTrue();
                return Async.await(Async.sleep(Duration.ofMillis(1), "body"));
            })).isEqualTo("body");
            assertThat(loop.isRunning()).isFalse();
            assertThat(loop.runUntilComplete(Async.sleep(Duration.ofMillis(1), "stage"))).isEqualTo("stage");
            // a task created before the loop runs (asyncio's loop.create_task + run_until_complete)
            Task<String> t = loop.createTask(() -> "pre-created");
            assertThat(loop.runUntilComplete(t)).isEqualTo("pre-created");
            IllegalStateException boom = new IllegalStateException();
            assertThatThrownBy(() -> loop.runUntilComplete(() -> {
                throw boom;
            })).isSameAs(boom);
        }
    }

    @Test
    void runUntilComplete_insideARunningLoopIsRejected() {
        try (EventLoop other = EventLoop.newEventLoop()) {
            Async.run(() -> {
                assertThatThrownBy(() -> other.runUntilComplete(() -> 1)).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(other::runForever).isInstanceOf(IllegalStateException.class);
                return null;
            });
            assertThat(other.runUntilComplete(() -> 2)).isEqualTo(2);
        }
    }

    @Test
    void runForever_untilStop() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<String> trace = new ArrayList<>();
            loop.callSoon(() -> trace.add("soon"));
            loop.callLater(Duration.ofMillis(5), () -> {
                trace.add("later, running=" + loop.isRunning());
                loop.stop();
            });
            loop.runForever();
            assertThat(trace).containsExactly("soon", "later, running=true");
            assertThat(loop.isRunning()).isFalse();
            // a stopped loop can run again
            assertThat(loop.runUntilComplete(() -> "again")).isEqualTo("again");
        }
    }

    /**
     * asyncio: "If stop() is called before run_forever() is called, the loop will run all callbacks
     * already scheduled once and then exit." The seeds' cancel-all example relies on it
     * ({@code loop.stop(); loop.run_forever()}).
     */
    @Test
    void stop_beforeRunForeverRunsOneIterationAndReturns() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            AtomicBoolean ran = new AtomicBoolean();
            loop.callSoon(() -> ran.set(true));
            loop.stop();
            loop.runForever();
            assertThat(ran).isTrue();
            assertThat(loop.isRunning()).isFalse();
        }
    }

    @Test
    void startInThread_runsOnANamedThreadUntilClosed() throws Exception {
        EventLoop loop = EventLoop.startInThread("my-background-loop");
        CompletableFuture<Object> pending;
        try {
            assertThat(loop.isRunning()).isTrue();
            CompletableFuture<String> threadName = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> threadName.complete(Thread.currentThread().getName()));
            assertThat(threadName.get(5, TimeUnit.SECONDS)).contains("my-background-loop");
            pending = loop.runCoroutineThreadsafe(() -> Async.await(Async.sleep(LONG)));
        } finally {
            loop.close();
        }
        assertThat(loop.isClosed()).isTrue();
        assertThat(loop.isRunning()).isFalse();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    @Test
    void close_ofALoopRunningOnAnotherThreadIsRejectedAndChangesNothing() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread driver = new Thread(loop::runForever, "test-driver");
        driver.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(loop::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        assertThat(loop.isRunning()).isTrue();
        assertThat(loop.isClosed()).isFalse();
        assertThat(loop.runCoroutineThreadsafe(() -> "still works").get(5, TimeUnit.SECONDS)).isEqualTo("still works");
        loop.stop();
        driver.join(5000);
        loop.close();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void close_cancelsLeftoverTasksAndIsIdempotent() {
        EventLoop loop = EventLoop.newEventLoop();
        AtomicBoolean finallyRan = new AtomicBoolean();
        Task<Object> leftover = loop.createTask(() -> {
            try {
                return Async.await(Async.sleep(LONG));
            } finally {
                finallyRan.set(true);
            }
        });
        loop.runUntilComplete(Async.sleep(Duration.ofMillis(1)));
        assertThat(leftover.isDone()).isFalse();
        loop.close();
        loop.close();
        assertThat(leftover.isCancelled()).isTrue();
        assertThat(finallyRan).isTrue();
    }

    /**
     * Regression: a runCoroutineThreadsafe that reached the loop's queue just as the loop stopped made
     * its task during close()'s drain, after the drain had cancelled every live task; the task then ran
     * (here: waited an hour) and close() never returned. Tasks created while the loop drains are
     * cancelled at once.
     */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the bug hung close(), deaf to interrupts
    void close_cancelsTasksCreatedByCallbacksStillQueuedWhenTheLoopStopped() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        AtomicBoolean bodyRan = new AtomicBoolean();
        AtomicReference<CompletableFuture<Object>> late = new AtomicReference<>();
        loop.callSoon(() -> {
            // from another thread, so it lands in the loop's inbox, not in this iteration
            Thread t = new Thread(() -> late.set(loop.runCoroutineThreadsafe(() -> {
                bodyRan.set(true);
                return Async.await(Async.sleep(LONG));
            })));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            loop.stop();
        });
        loop.runForever(); // stops with the runCoroutineThreadsafe callback still queued
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThat(bodyRan).as("the task was cancelled before its body ran").isFalse();
        assertThatThrownBy(() -> late.get().get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    @Test
    void closedLoopRejectsEverythingWithIllegalStateException() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        List<Runnable> calls = List.of(
                () -> loop.runUntilComplete(() -> 1),
                () -> loop.runUntilComplete(CompletableFuture.completedFuture(1)),
                loop::runForever,
                () -> loop.createTask(() -> 1),
                () -> loop.createTask("n", () -> 1),
                () -> loop.callSoon(() -> { }),
                () -> loop.callSoonThreadsafe(() -> { }),
                () -> loop.callLater(Duration.ZERO, () -> { }),
                () -> loop.callAt(loop.time(), () -> { }),
                () -> loop.execute(() -> { }),
                () -> loop.runCoroutineThreadsafe(() -> 1),
                () -> Async.runCoroutineThreadsafe(() -> 1, loop));
        for (int i = 0; i < calls.size(); i++) {
            Runnable call = calls.get(i);
            assertThatThrownBy(call::run).as("call #%d", i).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    // ------------------------------------------------------------------ scheduling

    @Test
    void callSoon_runsInFifoOrder() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                loop.callSoon(() -> order.add(n));
            }
            loop.runUntilComplete(Async.sleep(Duration.ZERO));
            loop.runUntilComplete(() -> Async.await(Async.sleep(Duration.ZERO)));
            assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void callLater_runsInDeadlineOrderThenFifo() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> last = new CompletableFuture<>();
            long before = loop.time(); // before the deadlines are computed
            loop.callLater(Duration.ofMillis(30), () -> {
                order.add("30ms");
                last.complete(null);
            });
            loop.callLater(Duration.ofMillis(10), () -> order.add("10ms"));
            loop.callLater(Duration.ofMillis(20), () -> order.add("20ms-a"));
            loop.callLater(Duration.ofMillis(20), () -> order.add("20ms-b"));
            loop.callSoon(() -> order.add("soon"));
            loop.runUntilComplete(last);
            assertThat(order).containsExactly("soon", "10ms", "20ms-a", "20ms-b", "30ms");
            assertThat(loop.time() - before).as("a timer never fires early").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        }
    }

    @Test
    void callAt_usesLoopTime() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            CompletableFuture<Long> firedAt = new CompletableFuture<>();
            long deadline = loop.time() + TimeUnit.MILLISECONDS.toNanos(5);
            loop.callAt(deadline, () -> firedAt.complete(loop.time()));
            assertThat(loop.runUntilComplete(firedAt)).isGreaterThanOrEqualTo(deadline);
        }
    }

    @Test
    void callSoonThreadsafe_fromOtherThreadsRunsOnTheLoopInOrder() throws Exception {
        EventLoop loop = EventLoop.startInThread("threadsafe-loop");
        try {
            List<Integer> order = new ArrayList<>(); // loop-confined: no lock
            CompletableFuture<String> thread = new CompletableFuture<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.callSoonThreadsafe(() -> order.add(n));
            }
            loop.execute(() -> thread.complete(Thread.currentThread().getName()));
            assertThat(thread.get(5, TimeUnit.SECONDS)).contains("threadsafe-loop");
            CompletableFuture<List<Integer>> snapshot = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> snapshot.complete(new ArrayList<>(order)));
            assertThat(snapshot.get(5, TimeUnit.SECONDS)).hasSize(100).isSorted();
        } finally {
            loop.close();
        }
    }

    @Test
    void handleCancel_keepsCallbacksFromRunning() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            AtomicBoolean soonRan = new AtomicBoolean();
            AtomicBoolean laterRan = new AtomicBoolean();
            Handle soon = loop.callSoon(() -> soonRan.set(true));
            Handle later = loop.callLater(Duration.ofMillis(1), () -> laterRan.set(true));
            soon.cancel();
            later.cancel();
            later.cancel(); // idempotent
            assertThat(soon.isCancelled()).isTrue();
            assertThat(later.isCancelled()).isTrue();
            loop.runUntilComplete(Async.sleep(Duration.ofMillis(10)));
            assertThat(soonRan).isFalse();
            assertThat(laterRan).isFalse();
        }
    }

    @Test
    void time_isMonotonicNanoseconds() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            long t0 = loop.time();
            long t1 = loop.time();
            assertThat(t1 - t0).isGreaterThanOrEqualTo(0);
            long slept = loop.runUntilComplete(() -> {
                long a = loop.time();
                Async.await(Async.sleep(Duration.ofMillis(5)));
                return loop.time() - a;
            });
            assertThat(slept).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void exceptionHandler_receivesCallbackFailuresAndTheLoopGoesOn() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<EventLoop> handlerLoop = new AtomicReference<>();
            loop.setExceptionHandler((l, ctx) -> {
                handlerLoop.set(l);
                reports.add(ctx);
            });
            assertThat(loop.getExceptionHandler()).isNotNull();
            IllegalStateException boom = new IllegalStateException("in a callback");
            AtomicBoolean after = new AtomicBoolean();
            loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> after.set(true));
            loop.runUntilComplete(Async.sleep(Duration.ofMillis(1)));
            assertThat(after).isTrue();
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).exception()).isSameAs(boom);
            assertThat(handlerLoop.get()).isSameAs(loop);
        }
    }

    @Test
    void exceptionHandler_thatThrowsDoesNotKillTheLoop() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            loop.setExceptionHandler((l, ctx) -> {
                throw new IllegalStateException("handler broke");
            });
            loop.callSoon(() -> {
                throw new IllegalStateException("callback broke");
            });
            assertThat(loop.runUntilComplete(() -> "alive")).isEqualTo("alive");
            loop.setExceptionHandler(null);
            assertThat(loop.getExceptionHandler()).isNull();
        }
    }

    // ------------------------------------------------------------------ debug aids

    @Test
    void debugMode_reportsABodyHoldingTheLoopWithItsNameAndStack() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            loop.setDebug(true);
            loop.setSlowCallbackDuration(Duration.ofMillis(50));
            assertThat(loop.isDebug()).isTrue();
            loop.runUntilComplete(() -> {
                Task<Void> hog = Async.createTask("loop-hog", () -> {
                    busyHold(300);
                    return null;
                });
                Async.await(hog);
                for (int i = 0; i < 5 && hogReport(reports) == null; i++) {
                    Async.await(Async.sleep(Duration.ofMillis(5)));
                }
                return null;
            });
            // other slow steps (class loading in main's first step) may be reported too; find the hog's
            ExceptionContext ctx = hogReport(reports);
            assertThat(ctx).as("a report naming the task, among %s", reports).isNotNull();
            assertThat(reports.stream().filter(r -> r.message().contains("loop-hog")).count()).as("reported once").isEqualTo(1);
            assertThat(ctx.message()).contains("loop-hog").contains(loop.name());
            assertThat(ctx.exception()).isNull();
            assertThat(ctx.task().name()).isEqualTo("loop-hog");
            assertThat(ctx.stackTrace()).as("where the body was while it held the loop")
                    .anyMatch(e -> e.getMethodName().contains("busyHold"));
        }
    }

    private static ExceptionContext hogReport(List<ExceptionContext> reports) {
        synchronized (reports) {
            return reports.stream().filter(r -> r.message().contains("loop-hog")).findFirst().orElse(null);
        }
    }

    /** Holds the calling thread for about {@code millis}, in a frame the debug report can point at. */
    private static void busyHold(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0) {
            Thread.sleep(5);
        }
    }

    @Test
    void debugModeOff_reportsNothing() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            loop.setSlowCallbackDuration(Duration.ofMillis(5));
            loop.runUntilComplete(() -> {
                Thread.sleep(30);
                return null;
            });
            assertThat(loop.isDebug()).isFalse();
            assertThat(reports).isEmpty();
        }
    }

    @Test
    void dumpTasks_showsTheTreeWithStatesAndWhatEachAwaits() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            String dump = loop.runUntilComplete(() -> {
                CompletableFuture<Void> gate = new CompletableFuture<>();
                Task<Object> parent = Async.createTask("parent", () -> {
                    Task<Object> child = Async.createTask("child", () -> Async.await(gate));
                    return Async.await(child);
                });
                for (int i = 0; i < 3; i++) {
                    Async.await(Async.sleep(Duration.ZERO));
                }
                String d = loop.dumpTasks();
                gate.complete(null);
                Async.await(parent);
                return d;
            });
            assertThat(dump).contains(loop.name()).contains("3 live tasks");
            assertThat(dump).contains("└── Task 'main' [running]");
            assertThat(dump).contains("Task 'parent' [awaiting Task 'child']");
            assertThat(dump).contains("Task 'child' [awaiting");
            List<String> lines = dump.lines().toList();
            int parentLine = indexOf(lines, "Task 'parent' [");
            int childLine = indexOf(lines, "Task 'child' [");
            assertThat(childLine).isGreaterThan(parentLine);
            assertThat(lines.get(childLine).indexOf("Task")).as("child indented under parent")
                    .isGreaterThan(lines.get(parentLine).indexOf("Task"));
            assertThat(loop.dumpTasks()).contains("0 live tasks");
        }
    }

    private static int indexOf(List<String> lines, String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError(needle + " not in " + lines);
    }

    @Test
    void runCoroutineThreadsafe_getFromAPlainThread() throws Exception {
        EventLoop loop = EventLoop.startInThread("rct");
        try {
            assertThat(loop.runCoroutineThreadsafe(() -> "ok").get(5, TimeUnit.SECONDS)).isEqualTo("ok");
            IllegalStateException boom = new IllegalStateException();
            assertThatThrownBy(() -> loop.runCoroutineThreadsafe(() -> {
                throw boom;
            }).get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCauseReference(boom);
        } finally {
            loop.close();
        }
    }
}
