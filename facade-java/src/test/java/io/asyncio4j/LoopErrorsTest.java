package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, item 1: a {@link java.lang.Error} ({@code OutOfMemoryError}, {@code StackOverflowError}) thrown
 * by a callback used to kill the thread that ran it while that thread held the loop, and the loop froze for
 * good ({@code Async.run} never returned, nobody heard of it): 31 of 40 runs with an OOM. Now the loop goes
 * on and its exception handler is told, on every kind of thread that runs loop code (a driver, a
 * blocking-style body's thread, a pool thread); the selector thread's case is in the engine's
 * {@code IoSelectorErrorsTest}.
 *
 * <p>Each run happens on a thread of its own, joined with a bound, so that a frozen loop fails the test
 * instead of hanging the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopErrorsTest {
    private static final long RUN_BOUND_SECONDS = 30;

    /** The reproduction: 5 tasks each await 3 short sleeps, a timer throws an Error among them. */
    private static void tasksWithAnErrorAmongThem(EventLoop loop, Runnable throwing) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        loop.runUntilComplete(() -> {
            loop.callLater(Duration.ofMillis(r.nextInt(16)), throwing);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tasks.add(Async.createTask(() -> {
                    for (int k = 0; k < 3; k++) {
                        Async.await(Async.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(6))));
                    }
                    return 1;
                }));
            }
            Async.await(Async.gather(tasks));
            // the timer may fire after the tasks: wait for it, so that every run sees the Error
            Async.await(Async.sleep(Duration.ofMillis(20)));
            return null;
        });
    }

    private static void runsSurvive(int runs, Runnable throwing, Class<? extends Throwable> expected) throws Exception {
        for (int i = 0; i < runs; i++) {
            ConcurrentLinkedQueue<Throwable> told = new ConcurrentLinkedQueue<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                try (EventLoop loop = EventLoop.newEventLoop()) {
                    loop.setExceptionHandler((l, ctx) -> told.add(ctx.exception()));
                    tasksWithAnErrorAmongThem(loop, throwing);
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "errors-run-" + i);
            runner.start();
            runner.join(TimeUnit.SECONDS.toMillis(RUN_BOUND_SECONDS));
            assertThat(runner.isAlive()).as("run %d froze: %s", i, stackOf(runner)).isFalse();
            assertThat(failed.get()).as("run %d", i).isNull();
            assertThat(told).as("run %d: the handler hears of the Error", i).hasSize(1);
            assertThat(told.peek()).isInstanceOf(expected);
        }
    }

    private static String stackOf(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) sb.append("\n\tat ").append(e);
        return sb.toString();
    }

    @Test
    void outOfMemoryErrorInACallback_loopGoesOnAndTheHandlerIsTold() throws Exception {
        runsSurvive(40, () -> {
            throw new OutOfMemoryError("thrown by a test callback");
        }, OutOfMemoryError.class);
    }

    @Test
    void stackOverflowInACallback_loopGoesOnAndTheHandlerIsTold() throws Exception {
        runsSurvive(20, LoopErrorsTest::recurse, StackOverflowError.class);
    }

    /** A real one: the JVM refuses an array that large, whatever the heap. */
    @Test
    void realOutOfMemoryErrorInACallback_loopGoesOn() throws Exception {
        runsSurvive(10, () -> {
            byte[][] big = new byte[1][];
            big[0] = new byte[Integer.MAX_VALUE];
        }, OutOfMemoryError.class);
    }

    private static int depth;

    private static void recurse() {
        depth++;
        recurse();
    }

    /** A driver thread (no body waits, future-style main): the Error of a callback does not stop the loop. */
    @Test
    void errorInACallbackOnADriver_loopGoesOn() throws Exception {
        for (int i = 0; i < 20; i++) {
            ConcurrentLinkedQueue<Throwable> told = new ConcurrentLinkedQueue<>();
            AtomicReference<Object> result = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                try (EventLoop loop = EventLoop.newEventLoop()) {
                    loop.setExceptionHandler((l, ctx) -> told.add(ctx.exception()));
                    loop.callSoon(() -> {
                        throw new OutOfMemoryError("thrown by a test callback");
                    });
                    result.set(loop.runUntilComplete(Async.sleep(Duration.ofMillis(5), "done")));
                } catch (Throwable t) {
                    result.set(t);
                }
            });
            runner.start();
            runner.join(TimeUnit.SECONDS.toMillis(RUN_BOUND_SECONDS));
            assertThat(runner.isAlive()).as("run %d froze: %s", i, stackOf(runner)).isFalse();
            assertThat(result.get()).isEqualTo("done");
            assertThat(told).hasSize(1).first().isInstanceOf(OutOfMemoryError.class);
        }
    }

    /** A body's own Error is its task's failure, and the loop goes on. */
    @Test
    void errorInABody_failsItsTaskOnly() {
        Object r = Async.run(() -> {
            Task<Object> t = Async.createTask(() -> {
                Async.await(Async.sleep(Duration.ofMillis(1)));
                throw new StackOverflowError("thrown by a test body");
            });
            try {
                Async.await(t);
                return "no failure";
            } catch (StackOverflowError e) {
                return Async.await(Async.sleep(Duration.ofMillis(1), "went on"));
            }
        });
        assertThat(r).isEqualTo("went on");
    }

    /** A pool thread: a job's Error fails that job, and the worker takes the next one. */
    @Test
    void errorInAPoolJob_failsThatJob_andTheWorkerGoesOn() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(1)) {
            CompletableFuture<Object> bad = pool.submit(() -> {
                throw new OutOfMemoryError("thrown by a test job");
            });
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> bad.get(10, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(OutOfMemoryError.class);
            assertThat(pool.submit(() -> "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");
        }
    }
}
