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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Task}: state, result/exception, cancellation, done callbacks, unretrieved failures. */
@Timeout(20)
class TaskTest {
    private static final Duration LONG = Duration.ofHours(1);

    private static void yieldOnce() {
        Async.await(Async.sleep(Duration.ZERO));
    }

    /** Collects what a loop reports to its exception handler. */
    private static List<ExceptionContext> collectReports(EventLoop loop) {
        List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        return reports;
    }

    // ------------------------------------------------------------------ state

    @Test
    void resultAndException_beforeDoneThrowInvalidStateException() {
        Async.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> t = Async.createTask(() -> {
                Async.await(gate);
                return "v";
            });
            assertThat(t.isDone()).isFalse();
            assertThatThrownBy(t::result).isInstanceOf(InvalidStateException.class).hasMessageContaining(t.name());
            assertThatThrownBy(t::exception).isInstanceOf(InvalidStateException.class);
            gate.complete(null);
            Async.await(t);
            assertThat(t.result()).isEqualTo("v");
            assertThat(t.exception()).isNull();
            assertThat(t.isDone()).isTrue();
            assertThat(t.isCancelled()).isFalse();
            return null;
        });
    }

    @Test
    void resultAndException_ofAFailedTask() {
        IllegalStateException boom = new IllegalStateException("boom");
        Async.run(() -> {
            Task<String> t = Async.createTask(() -> {
                throw boom;
            });
            Async.await(Async.gatherSettled(t));
            assertThat(t.exception()).isSameAs(boom);
            assertThatThrownBy(t::result).isSameAs(boom);
            assertThatThrownBy(t::join).isSameAs(boom);
            assertThatThrownBy(t::get).isInstanceOf(ExecutionException.class).hasCauseReference(boom);
            return null;
        });
    }

    @Test
    void resultAndException_ofACancelledTaskThrowCancellation() {
        Async.run(() -> {
            Task<Object> t = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            yieldOnce();
            t.cancel();
            Async.await(Async.gatherSettled(t));
            assertThat(t.isCancelled()).isTrue();
            assertThatThrownBy(t::result).isInstanceOf(CancellationException.class);
            assertThatThrownBy(t::exception).isInstanceOf(CancellationException.class);
            return null;
        });
    }

    @Test
    void getFromAPlainThread() throws Exception {
        EventLoop loop = EventLoop.startInThread("task-get");
        try {
            CompletableFuture<Task<String>> made = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> made.complete(loop.createTask(() -> {
                Async.await(Async.sleep(Duration.ofMillis(2)));
                return "from loop";
            })));
            Task<String> t = made.get(5, TimeUnit.SECONDS);
            assertThat(t.get(5, TimeUnit.SECONDS)).isEqualTo("from loop");
            assertThat(t.join()).isEqualTo("from loop");
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void cancel_isARequestTheTaskIsCancelledOnceItsBodyUnwound() {
        Steps s = new Steps();
        Async.run(() -> {
            Task<Object> t = Async.createTask(() -> {
                try {
                    s.expect(2);
                    return Async.await(Async.sleep(LONG));
                } finally {
                    s.expect(4); // unwinding happens on a later iteration, after cancel() returned
                }
            });
            s.expect(1);
            yieldOnce();
            s.expect(3);
            assertThat(t.cancel()).isTrue();
            assertThat(t.isCancelled()).as("not yet: the body has not unwound").isFalse();
            assertThat(t.isDone()).isFalse();
            assertThatThrownBy(() -> Async.await(t)).isInstanceOf(CancellationException.class);
            s.expect(5);
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.cancel()).as("a done task cannot be cancelled").isFalse();
            return null;
        });
        s.finish(6);
    }

    @Test
    void cancel_beforeTheTaskStartedMeansTheBodyNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        Async.run(() -> {
            Task<Object> t = Async.createTask(() -> {
                ran.set(true);
                return null;
            });
            assertThat(t.cancel()).isTrue();
            Async.await(Async.gatherSettled(t));
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
        assertThat(ran).isFalse();
    }

    @Test
    void cancel_aBodyHoldingTheLoopIsInterrupted() {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Async.run(() -> {
            Task<Object> t = Async.createTask(Interruptible.sleepUntilInterrupted(started, () -> interrupted.set(true)));
            // t holds the loop while it sleeps, so the cancel comes from a plain thread
            Thread canceller = Interruptible.cancelWhen(started, t::cancel);
            Async.await(Async.gatherSettled(t));
            canceller.join();
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
        assertThat(interrupted).isTrue();
    }

    @Test
    void cancel_viaTheFacadeFutureCancelsTheTask() {
        Async.run(() -> {
            Task<Object> t = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            yieldOnce();
            assertThat(t.toCompletableFuture().cancel(true)).isTrue();
            Async.await(Async.gatherSettled(t));
            assertThat(t.isCancelled()).isTrue();
            Task<Object> u = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            yieldOnce();
            assertThat(u.cancel(true)).isTrue();
            Async.await(Async.gatherSettled(u));
            assertThat(u.isCancelled()).isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ done callbacks

    @Test
    void doneCallbacks_runOnTheLoopWithTheTask() {
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> t = Async.createTask(() -> {
                Async.await(gate);
                return "v";
            });
            List<String> calls = new ArrayList<>();
            AtomicReference<EventLoop> callbackLoop = new AtomicReference<>();
            AtomicReference<Task<?>> callbackTask = new AtomicReference<>(t);
            t.addDoneCallback(task -> {
                calls.add("first:" + task.result());
                callbackLoop.set(Async.getRunningLoop());
                callbackTask.set(Async.currentTask());
            });
            t.addDoneCallback(task -> calls.add("second"));
            gate.complete(null);
            Async.await(t);
            yieldOnce();
            assertThat(calls).containsExactly("first:v", "second");
            assertThat(callbackLoop.get()).isSameAs(loop);
            assertThat((Object) callbackTask.get()).as("a callback runs outside any task").isNull();
            return null;
        });
    }

    @Test
    void doneCallbacks_removedOnesDoNotRun() {
        Async.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> t = Async.createTask(() -> {
                Async.await(gate);
                return "v";
            });
            AtomicInteger kept = new AtomicInteger();
            AtomicInteger removed = new AtomicInteger();
            Consumer<Task<String>> remove = x -> removed.incrementAndGet();
            t.addDoneCallback(remove);
            t.addDoneCallback(remove);
            t.addDoneCallback(x -> kept.incrementAndGet());
            assertThat(t.removeDoneCallback(remove)).isEqualTo(2);
            assertThat(t.removeDoneCallback(remove)).isZero();
            gate.complete(null);
            Async.await(t);
            yieldOnce();
            assertThat(kept).hasValue(1);
            assertThat(removed).hasValue(0);
            return null;
        });
    }

    @Test
    void doneCallbacks_addedToADoneTaskAreScheduledNotRunInline() {
        Async.run(() -> {
            Task<Integer> t = Async.createTask(() -> 1);
            Async.await(t);
            AtomicBoolean ran = new AtomicBoolean();
            t.addDoneCallback(x -> ran.set(true));
            assertThat(ran).isFalse();
            yieldOnce();
            assertThat(ran).isTrue();
            return null;
        });
    }

    @Test
    void doneCallbacks_runForCancelledAndFailedTasks() {
        Async.run(() -> {
            List<String> calls = new ArrayList<>();
            Task<Object> cancelled = Async.createTask(() -> Async.await(Async.sleep(LONG)));
            Task<Object> failed = Async.createTask(() -> {
                throw new IllegalStateException("x");
            });
            cancelled.addDoneCallback(x -> calls.add("cancelled:" + x.isCancelled()));
            failed.addDoneCallback(x -> calls.add("failed:" + x.exception().getMessage()));
            yieldOnce();
            cancelled.cancel();
            Async.await(Async.gatherSettled(cancelled, failed));
            yieldOnce();
            assertThat(calls).containsExactlyInAnyOrder("cancelled:true", "failed:x");
            return null;
        });
    }

    // ------------------------------------------------------------------ unretrieved failures

    @Test
    void unretrievedFailure_reportedExactlyOnceWhenTheLoopCloses() throws Exception {
        IllegalStateException boom = new IllegalStateException("nobody looked");
        List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Task<?>> forgotten = new AtomicReference<>();
        Async.run(() -> {
            Async.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            forgotten.set(Async.createTask("forgotten", () -> {
                throw boom;
            }));
            yieldOnce();
            yieldOnce();
            assertThat(reports).as("not before the loop closes or the task is collected").isEmpty();
            return null;
        });
        assertThat(reports).hasSize(1);
        ExceptionContext ctx = reports.get(0);
        assertThat(ctx.exception()).isSameAs(boom);
        assertThat(ctx.message()).contains("forgotten");
        assertThat((Object) ctx.task()).isSameAs(forgotten.get());
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(reports).as("never twice").hasSize(1);
    }

    @Test
    void unretrievedFailure_notReportedOnceRetrieved() {
        List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
        Async.run(() -> {
            Async.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            Task<Object> awaited = failing("awaited");
            Task<Object> viaResult = failing("result");
            Task<Object> viaException = failing("exception");
            Task<Object> viaGather = failing("gather");
            Task<Object> viaCallback = failing("callback");
            viaCallback.addDoneCallback(Task::exception);
            assertThatThrownBy(() -> Async.await(awaited)).hasMessage("awaited");
            Async.await(Async.wait(List.of(viaResult, viaException)));
            assertThatThrownBy(viaResult::result).hasMessage("result");
            assertThat(viaException.exception()).hasMessage("exception");
            assertThatThrownBy(() -> Async.await(Async.gather(viaGather))).hasMessage("gather");
            Async.await(Async.wait(List.of(viaCallback)));
            yieldOnce();
            return null;
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void unretrievedFailure_waitDoesNotCountAsRetrieving() {
        List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
        Async.run(() -> {
            Async.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            Task<Object> t = failing("only waited");
            WaitResult<Task<Object>> r = Async.await(Async.wait(List.of(t)));
            assertThat(r.done()).containsExactly(t);
            return null;
        });
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).exception()).hasMessage("only waited");
    }

    @Test
    void unretrievedFailure_reportedOnceWhenTheTaskIsCollected() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        List<ExceptionContext> reports = collectReports(loop);
        try {
            loop.runUntilComplete(() -> {
                startAndForgetFailingTask();
                for (int i = 0; i < 3; i++) {
                    yieldOnce();
                }
                for (int i = 0; i < 200 && reports.isEmpty(); i++) {
                    System.gc();
                    Async.await(Async.sleep(Duration.ofMillis(10)));
                }
                return null;
            });
            assertThat(reports).as("reported when collected, before the loop closes").hasSize(1);
            assertThat(reports.get(0).message()).contains("collected-task");
        } finally {
            loop.close();
        }
        assertThat(reports).as("not again at close").hasSize(1);
    }

    private static void startAndForgetFailingTask() {
        Async.createTask("collected-task", () -> {
            throw new IllegalStateException("dropped on the floor");
        });
    }

    private static Task<Object> failing(String message) {
        return Async.createTask(() -> {
            throw new IllegalStateException(message);
        });
    }

    @Test
    void toStringShowsNameAndState() {
        Async.run(() -> {
            Task<Integer> t = Async.createTask("shown", () -> 1);
            assertThat(t.toString()).contains("shown");
            Async.await(t);
            assertThat(t.toString()).contains("shown").contains("done");
            return null;
        });
    }
}
