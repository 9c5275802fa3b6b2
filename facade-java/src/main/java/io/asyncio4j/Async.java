package io.asyncio4j;

import io.asyncio4j.engine.Awaits;
import io.asyncio4j.engine.Combinators;
import io.asyncio4j.engine.Hedging;
import io.asyncio4j.engine.Publishers;
import io.asyncio4j.engine.Runners;
import io.asyncio4j.engine.Sleep;
import io.asyncio4j.engine.TaskTree;
import io.asyncio4j.engine.Threadsafe;
import io.asyncio4j.engine.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's module-level functions: run a program, await, create tasks, sleep, gather, wait, time out.
 *
 * <p>A task body is written in one of two styles. <b>Blocking style</b>: an {@link AsyncCallable}
 * that calls {@link #await} wherever Python writes {@code await}; it runs on its own thread (virtual
 * on JDK 21+) that holds the loop while it runs and lets go of it inside {@code await}, so the tasks
 * of one loop never run at the same time. <b>Future style</b>: methods that return a
 * {@link CompletableFuture} and compose; they cost no thread and scale to millions.
 *
 * {@snippet class=io.asyncio4j.Snippets region=async}
 *
 * <p>Errors: {@code await} rethrows a failure as is when it is unchecked and wrapped in
 * {@link CompletionException} when checked; timeouts are {@link TimeoutException} (or a
 * {@code CompletionException} caused by one); cancellation is {@link CancellationException}.
 * Every method checks its arguments: null is a {@link NullPointerException} naming the parameter,
 * a negative duration an {@link IllegalArgumentException}; a rejected call changes nothing.
 */
public final class Async {
    private Async() {}

    // ------------------------------------------------------------------ running

    /**
     * Runs {@code main} on a new event loop driven by the calling thread, then cancels whatever tasks
     * are left, waits for them, and closes the loop (asyncio's {@code run}). Interrupting the calling
     * thread cancels {@code main}.
     *
     * <p>Ctrl-C, as in asyncio: on the JVM's main thread, a SIGINT cancels {@code main}; its
     * {@code finally} blocks run (they may await), and so do those of the tasks it created. If
     * {@code main} then ends cancelled, {@code run} closes the loop and throws a
     * {@link CancellationException} (Python's {@code KeyboardInterrupt}), which the caller may catch
     * (to print a summary, say); if nothing catches it, the JVM exits with status 130, as on Ctrl-C. If
     * {@code main} returns instead, so does {@code run}. A second SIGINT ends the process at once. This
     * needs the JVM's own SIGINT handler (the module {@code jdk.unsupported}'s {@code sun.misc.Signal};
     * not with {@code -Xrs}, nor when SIGINT was ignored at the JVM's start, nor when the program
     * installed a handler of its own: then Ctrl-C does what it did before). {@code -Dasyncio4j.sigint=false}
     * turns it off. On other threads {@code run} leaves SIGINT alone.
     *
     * @param main the program's main task body
     * @param <T> the result type
     * @return main's value
     * @throws IllegalStateException if called from a running event loop
     * @throws RuntimeException main's failure: as is if unchecked, in a {@code CompletionException} if checked
     */
    public static <T> T run(AsyncCallable<T> main) {
        return run(main, false);
    }

    /**
     * {@link #run(AsyncCallable)} for a body with no result.
     *
     * @param main the program's main task body
     */
    public static void run(AsyncRunnable main) {
        Checks.notNull(main, "main");
        run(() -> {
            main.run();
            return null;
        }, false);
    }

    /**
     * {@link #run(AsyncCallable)} with debug mode on or off (asyncio's {@code run(main, debug=True)}):
     * see {@link EventLoop#setDebug}.
     *
     * @param main the program's main task body
     * @param debug whether to report tasks that hold the loop too long
     * @param <T> the result type
     * @return main's value
     */
    public static <T> T run(AsyncCallable<T> main, boolean debug) {
        Checks.notNull(main, "main");
        try {
            return Runners.run(main::call, loop -> {
                EventLoop.of(loop);
                if (debug) {
                    loop.setDebug(true);
                }
            });
        } catch (Throwable t) {
            throw Checks.rethrow(t);
        }
    }

    /**
     * Python's {@code await x}. Inside a task body it lets the loop run other tasks until {@code x}
     * completes; on a plain thread it blocks that thread; on a loop's thread outside a task (in a
     * callback) it throws, because it would block the loop. A future that is already done returns at
     * once. Cancelling the waiting task cancels {@code x} (use {@link #shield} to prevent that).
     *
     * @param x what to wait for
     * @param <T> the result type
     * @return x's value
     * @throws CancellationException if x or the waiting task was cancelled
     * @throws IllegalStateException if called from a loop callback
     * @throws RuntimeException x's failure: as is if unchecked, in a {@code CompletionException} if checked
     */
    public static <T> T await(CompletionStage<T> x) {
        Checks.notNull(x, "x");
        return Awaits.await(x);
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Schedules {@code body} as a task on the running loop (asyncio's {@code create_task}). It starts on
     * a next loop iteration. A task created inside another task is cancelled with it.
     *
     * @param body the task body
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static <T> Task<T> createTask(AsyncCallable<T> body) {
        Checks.notNull(body, "body");
        return Task.of(io.asyncio4j.engine.Task.createBlocking(runningLoop(), null, null, body::call));
    }

    /**
     * {@link #createTask(AsyncCallable)} with a name (shown by {@link #dumpTasks()} and debug reports).
     *
     * @param name the task's name
     * @param body the task body
     * @param <T> the result type
     * @return the task
     */
    public static <T> Task<T> createTask(String name, AsyncCallable<T> body) {
        Checks.notNull(name, "name");
        Checks.notNull(body, "body");
        return Task.of(io.asyncio4j.engine.Task.createBlocking(runningLoop(), name, null, body::call));
    }

    /**
     * asyncio's {@code ensure_future}: a task given is returned as is; any other stage is wrapped in a
     * task on the running loop that completes with it (cancelling the task cancels the stage).
     *
     * @param stage a task or any completion stage
     * @param <T> the result type
     * @return the task
     */
    public static <T> Task<T> ensureFuture(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        if (stage instanceof Task<T> t) {
            return t;
        }
        if (stage instanceof io.asyncio4j.engine.TaskFuture<T> f) {
            return Task.of(f.task());
        }
        return Task.of(io.asyncio4j.engine.Task.ofStage(runningLoop(), null, stage));
    }

    /** @return the task running on this thread, or null (asyncio's {@code current_task()}) */
    public static @Nullable Task<?> currentTask() {
        io.asyncio4j.engine.Task<?> t = io.asyncio4j.engine.Task.current();
        return t == null ? null : Task.of(t);
    }

    /**
     * asyncio's {@code all_tasks()}: the running loop's tasks that are not done.
     *
     * @return a snapshot
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static Set<Task<?>> allTasks() {
        return EventLoop.of(runningLoop()).allTasks();
    }

    /**
     * asyncio's {@code get_running_loop()}: the very {@link EventLoop} running this task or callback.
     *
     * @return the loop
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static EventLoop getRunningLoop() {
        return EventLoop.of(runningLoop());
    }

    private static io.asyncio4j.engine.EventLoop runningLoop() {
        io.asyncio4j.engine.EventLoop loop = io.asyncio4j.engine.EventLoop.current();
        if (loop == null) {
            throw new IllegalStateException("no running event loop (call this inside Async.run or a task)");
        }
        return loop;
    }

    /**
     * A text tree of the live tasks of every open loop — name, state, parent, what each awaits — in
     * the spirit of Python 3.14's {@code asyncio pstree}. Safe from any thread, e.g. a watchdog.
     *
     * @return the tree
     */
    public static String dumpTasks() {
        return TaskTree.renderAll();
    }

    // ------------------------------------------------------------------ time

    /**
     * A future that completes after {@code delay}, on the running loop's timer (asyncio's {@code sleep});
     * no thread is blocked. {@code Duration.ZERO} yields to every other ready task first, like
     * {@code asyncio.sleep(0)}. Cancelling it removes the timer. Off a loop, a shared timer thread
     * completes it.
     *
     * @param delay how long; not negative
     * @return the future
     */
    public static CompletableFuture<Void> sleep(Duration delay) {
        return Sleep.sleep(Checks.nanos(delay, "delay"), null);
    }

    /**
     * {@link #sleep(Duration)} that completes with {@code result}.
     *
     * @param delay how long; not negative
     * @param result the value
     * @param <T> the value type
     * @return the future
     */
    public static <T> CompletableFuture<T> sleep(Duration delay, @Nullable T result) {
        return Sleep.sleep(Checks.nanos(delay, "delay"), result);
    }

    /**
     * Runs {@code body} on this thread with a deadline (asyncio's {@code async with timeout(d)}). When
     * it passes, the future the body awaits is cancelled and that await throws; the timeout then
     * surfaces here as a {@link CompletionException} caused by {@link TimeoutException}. A body that
     * finishes without awaiting after the deadline returns normally, as in asyncio. Nests.
     *
     * @param delay the time allowed; not negative
     * @param body the code to run
     * @param <T> the result type
     * @return body's value
     * @throws CompletionException caused by {@link TimeoutException} when the deadline passed
     * @throws IllegalStateException if called from a loop callback
     */
    public static <T> T timeout(Duration delay, AsyncCallable<T> body) {
        long nanos = Checks.nanos(delay, "delay");
        Checks.notNull(body, "body");
        return Timeouts.timeout(nanos, body::call);
    }

    /**
     * asyncio's {@code wait_for}: {@code aw}'s outcome, or — if it is not done within {@code timeout} —
     * cancels {@code aw}, waits for the cancellation to finish, and fails with {@link TimeoutException}.
     * Cancelling the returned future cancels {@code aw}. {@code TimeoutException} is checked, and
     * {@link #await} declares none, so {@code Async.await(Async.waitFor(...))} throws it as the cause
     * of a {@link CompletionException} (the JDK's {@code join()} rule), which Java code can catch:
     *
     * {@snippet :
     * try {
     *     page = Async.await(Async.waitFor(fetch(url), Duration.ofSeconds(5)));
     * } catch (CompletionException e) {
     *     if (!(e.getCause() instanceof TimeoutException)) throw e;
     *     page = null;                       // timed out
     * }
     * }
     *
     * @param aw what to wait for
     * @param timeout the time allowed; not negative
     * @param <T> the result type
     * @return the outcome
     */
    public static <T> CompletableFuture<T> waitFor(CompletionStage<T> aw, Duration timeout) {
        Checks.notNull(aw, "aw");
        long nanos = Checks.nanos(timeout, "timeout");
        return Timeouts.waitFor(aw, nanos);
    }

    // ------------------------------------------------------------------ combinators

    /**
     * asyncio's {@code gather}: every result, in argument order. Fails with the first failure (the
     * other inputs keep running, as in asyncio; use {@link TaskGroup} to cancel them); an input's
     * cancellation fails it with {@link CancellationException}. Cancelling the result cancels every
     * input. An empty collection gives an empty list.
     *
     * @param aws the awaitables
     * @param <T> the element type
     * @return the list of results
     */
    public static <T> CompletableFuture<List<T>> gather(Collection<? extends CompletionStage<? extends T>> aws) {
        return Combinators.gather(Checks.futures(aws, "aws"));
    }

    /**
     * Varargs {@link #gather(Collection)}.
     *
     * @param aws the awaitables
     * @param <T> the element type
     * @return the list of results
     */
    @SafeVarargs
    public static <T> CompletableFuture<List<T>> gather(CompletionStage<? extends T>... aws) {
        Checks.notNull(aws, "aws");
        return gather(java.util.Arrays.asList(aws));
    }

    /**
     * asyncio's {@code gather(..., return_exceptions=True)}: every outcome, in argument order; never
     * fails because an input failed. Cancelling the result cancels every input.
     *
     * @param aws the awaitables
     * @param <T> the element type
     * @return the outcomes
     */
    public static <T> CompletableFuture<List<Outcome<T>>> gatherSettled(Collection<? extends CompletionStage<? extends T>> aws) {
        List<CompletableFuture<T>> fs = Checks.futures(aws, "aws");
        return Combinators.gatherSettled(fs, (v, e) -> e == null ? Outcome.success(v) : Outcome.failure(e));
    }

    /**
     * Varargs {@link #gatherSettled(Collection)}.
     *
     * @param aws the awaitables
     * @param <T> the element type
     * @return the outcomes
     */
    @SafeVarargs
    public static <T> CompletableFuture<List<Outcome<T>>> gatherSettled(CompletionStage<? extends T>... aws) {
        Checks.notNull(aws, "aws");
        return gatherSettled(java.util.Arrays.asList(aws));
    }

    /**
     * asyncio's {@code wait}: waits until {@code when} is met or {@code timeout} passes, then splits the
     * inputs — the very objects given — into done and pending. Never cancels an input and never fails
     * because one failed; a failure a task had stays unretrieved until you look at it.
     *
     * @param aws the awaitables; not empty
     * @param when when to return
     * @param timeout the most time to wait, or null for no limit
     * @param <S> the awaitables' type
     * @return the split
     */
    public static <S extends CompletionStage<?>> CompletableFuture<WaitResult<S>> wait(
            Collection<S> aws, ReturnWhen when, @Nullable Duration timeout) {
        Checks.notNull(when, "when");
        long nanos = timeout == null ? -1 : Checks.nanos(timeout, "timeout");
        List<S> items = checkedItems(aws);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("aws must not be empty");
        }
        return Combinators.wait(items, Async::peek, Combinators.WaitMode.valueOf(when.name()), nanos)
                .thenApply(p -> new WaitResult<>(p.getFirst(), p.getSecond()));
    }

    /**
     * {@link #wait(Collection, ReturnWhen, Duration)} until all are done.
     *
     * @param aws the awaitables; not empty
     * @param <S> the awaitables' type
     * @return the split (everything done)
     */
    public static <S extends CompletionStage<?>> CompletableFuture<WaitResult<S>> wait(Collection<S> aws) {
        return wait(aws, ReturnWhen.ALL_COMPLETED, null);
    }

    /**
     * {@link #wait(Collection, ReturnWhen, Duration)} with no timeout.
     *
     * @param aws the awaitables; not empty
     * @param when when to return
     * @param <S> the awaitables' type
     * @return the split
     */
    public static <S extends CompletionStage<?>> CompletableFuture<WaitResult<S>> wait(Collection<S> aws, ReturnWhen when) {
        return wait(aws, when, null);
    }

    private static <S extends CompletionStage<?>> List<S> checkedItems(Collection<S> aws) {
        Checks.notNull(aws, "aws");
        List<S> items = new ArrayList<>(aws);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new NullPointerException("aws must not contain null (index " + i + ")");
            }
        }
        return items;
    }

    /** A stage's future without counting as retrieving a task's failure (wait only looks at done-ness). */
    private static CompletableFuture<?> peek(CompletionStage<?> s) {
        return s instanceof Task<?> t ? t.core.getFuture() : s.toCompletableFuture();
    }

    /**
     * asyncio's {@code as_completed}: one future per input, the k-th completing with the outcome of the
     * k-th input to finish.
     *
     * {@snippet class=io.asyncio4j.Snippets region=asCompleted}
     *
     * @param aws the awaitables
     * @param <T> the element type
     * @return the futures, in completion order
     */
    public static <T> Iterable<CompletableFuture<T>> asCompleted(Collection<? extends CompletionStage<? extends T>> aws) {
        return Collections.unmodifiableList(Combinators.asCompleted(Checks.futures(aws, "aws"), -1));
    }

    /**
     * {@link #asCompleted(Collection)} with a deadline: after {@code timeout} the futures not yet
     * completed fail with {@link TimeoutException}.
     *
     * @param aws the awaitables
     * @param timeout the most time to wait; not negative
     * @param <T> the element type
     * @return the futures, in completion order
     */
    public static <T> Iterable<CompletableFuture<T>> asCompleted(Collection<? extends CompletionStage<? extends T>> aws, Duration timeout) {
        long nanos = Checks.nanos(timeout, "timeout");
        return Collections.unmodifiableList(Combinators.asCompleted(Checks.futures(aws, "aws"), nanos));
    }

    /**
     * {@link #asCompleted(Collection)} as a {@link java.util.concurrent.Flow.Publisher}: the inputs'
     * values in completion order, then completion; the first failure fails the stream. Backpressure
     * holds: values wait for demand. Each subscriber sees the whole sequence; cancelling a
     * subscription leaves the inputs running.
     *
     * {@snippet class=io.asyncio4j.Snippets region=asCompletedPublisher}
     *
     * @param aws the awaitables
     * @param <T> the element type
     * @return a publisher of the values
     */
    public static <T> java.util.concurrent.Flow.Publisher<T> asCompletedPublisher(Collection<? extends CompletionStage<? extends T>> aws) {
        return Publishers.asCompleted(Checks.futures(aws, "aws"), -1);
    }

    /**
     * {@link #asCompletedPublisher(Collection)} that fails with {@link TimeoutException} if the inputs
     * are not all done within {@code timeout}.
     *
     * @param aws the awaitables
     * @param timeout the most time to wait; not negative
     * @param <T> the element type
     * @return a publisher of the values
     */
    public static <T> java.util.concurrent.Flow.Publisher<T> asCompletedPublisher(
            Collection<? extends CompletionStage<? extends T>> aws, Duration timeout) {
        long nanos = Checks.nanos(timeout, "timeout");
        return Publishers.asCompleted(Checks.futures(aws, "aws"), nanos);
    }

    /**
     * asyncio's {@code shield}: {@code aw}'s outcome, but cancelling the result (or the task awaiting
     * it) leaves {@code aw} running.
     *
     * @param aw what to protect
     * @param <T> the result type
     * @return a future of aw's outcome
     */
    public static <T> CompletableFuture<T> shield(CompletionStage<T> aw) {
        Checks.notNull(aw, "aw");
        return Combinators.shield(Checks.futureOf(aw));
    }

    /**
     * The first input to succeed wins and the others are cancelled (no asyncio twin: a hedged
     * request). Fails only when every input failed, with the first failure and the others suppressed.
     * Cancelling the result cancels every input.
     *
     * @param aws the awaitables; not empty
     * @param <T> the result type
     * @return the winner's value
     */
    public static <T> CompletableFuture<T> firstSuccessful(Collection<? extends CompletionStage<? extends T>> aws) {
        List<CompletableFuture<T>> fs = Checks.futures(aws, "aws");
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("aws must not be empty");
        }
        return Combinators.firstSuccessful(fs);
    }

    /**
     * A hedged request ("The Tail at Scale", Dean and Barroso 2013; no asyncio twin): runs
     * {@code attempt} as a task now, and again as a new task each time {@code delay} passes without a
     * success, up to {@code maxAttempts} tasks in all; when every attempt sent so far has failed, the
     * next one is sent at once instead of waiting out the delay. The first success wins and the other
     * attempts are cancelled, before the result completes. Fails only when all {@code maxAttempts} attempts failed, with the first
     * failure (not a cancellation) and the others suppressed. Cancelling the result cancels every
     * running attempt and sends no more. {@link HedgedFuture#attemptsSent()} counts the attempts sent.
     * With {@code delay} zero this is {@link #firstSuccessful} of {@code maxAttempts} copies; with a
     * delay longer than an attempt can take, it is sequential retries. Every attempt, the first and
     * those the delay sends, sees a copy of the caller's {@link ContextVar} values as they were at this
     * call; what an attempt sets stays in its own copy.
     *
     * {@snippet class=io.asyncio4j.Snippets region=hedge}
     *
     * @param delay how long an attempt runs alone before the next is sent; &gt;= 0
     * @param maxAttempts how many attempts at most; &gt;= 1
     * @param attempt one attempt (a task body)
     * @param <T> the result type
     * @return the winner's value, and how many attempts were sent
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static <T> HedgedFuture<T> hedge(Duration delay, int maxAttempts, AsyncCallable<T> attempt) {
        long nanos = Checks.nanos(delay, "delay");
        checkAttempts(maxAttempts);
        Checks.notNull(attempt, "attempt");
        io.asyncio4j.engine.EventLoop loop = runningLoop();
        return new HedgedFuture<>(Hedging.hedge(nanos, maxAttempts, () -> {
            io.asyncio4j.engine.Task<T> task = io.asyncio4j.engine.Task.createBlocking(loop, null, null, attempt::call);
            task.markRetrieved(); // the hedge reports the failures
            return task.getFuture();
        }));
    }

    /**
     * {@link #hedge(Duration, int, AsyncCallable)} for future-style attempts: each attempt is the
     * stage {@code attempt} returns (no task and no thread per attempt). Callable from a loop (later
     * attempts are sent from it) or from a plain thread (they are sent from a shared timer thread).
     * A supplier that throws, or returns null, counts as a failed attempt. Each call of the supplier
     * runs in a copy of the caller's {@link ContextVar} values, whichever thread makes it.
     *
     * {@snippet class=io.asyncio4j.Snippets region=hedgeAsync}
     *
     * @param delay how long an attempt runs alone before the next is sent; &gt;= 0
     * @param maxAttempts how many attempts at most; &gt;= 1
     * @param attempt sends one attempt
     * @param <T> the result type
     * @return the winner's value, and how many attempts were sent
     */
    public static <T> HedgedFuture<T> hedgeAsync(Duration delay, int maxAttempts,
            Supplier<? extends CompletionStage<? extends T>> attempt) {
        long nanos = Checks.nanos(delay, "delay");
        checkAttempts(maxAttempts);
        Checks.notNull(attempt, "attempt");
        return new HedgedFuture<>(Hedging.<T>hedge(nanos, maxAttempts, () -> {
            CompletionStage<? extends T> stage = attempt.get();
            return stage == null ? null : Checks.<T>futureOf(stage);
        }));
    }

    private static void checkAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    /**
     * Future-style {@link TaskGroup}: {@code body} creates children in the group and returns a stage;
     * the result completes when the stage and every child are done — with the stage's value, or with a
     * {@link TaskGroupException} if any child (or the stage) failed, after cancelling the rest.
     * Cancelling the result cancels the children.
     *
     * @param body creates the children
     * @param <T> the result type
     * @return the group's outcome
     * @throws IllegalStateException if called off the running loop
     */
    public static <T> CompletableFuture<T> taskGroup(Function<TaskGroup, ? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return io.asyncio4j.engine.TaskGroup.run(runningLoop(), TaskGroup::newException,
                g -> body.apply(TaskGroup.wrap(g)));
    }

    // ------------------------------------------------------------------ threads

    /**
     * asyncio's {@code to_thread}: runs {@code fn} on a worker thread (virtual on JDK 21+), off the
     * loop. Called from a loop, the future completes on that loop, so its continuations run there.
     * Cancelling it interrupts the worker.
     *
     * @param fn blocking code
     * @param <T> the result type
     * @return fn's outcome
     */
    public static <T> CompletableFuture<T> toThread(Callable<T> fn) {
        Checks.notNull(fn, "fn");
        return Threadsafe.toThread(fn);
    }

    /**
     * asyncio's {@code run_coroutine_threadsafe}: runs {@code body} as a task on {@code loop}, from any
     * thread or another loop. Cancelling the future cancels the task; waiting for it with
     * {@code get}/{@code join} on {@code loop}'s own thread throws instead of deadlocking.
     *
     * @param body the task body
     * @param loop where to run it
     * @param <T> the result type
     * @return the task's outcome
     * @throws IllegalStateException if the loop is closed
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(AsyncCallable<T> body, EventLoop loop) {
        Checks.notNull(body, "body");
        Checks.notNull(loop, "loop");
        return loop.runCoroutineThreadsafe(body);
    }

    // ------------------------------------------------------------------ streams (asyncio.open_connection / start_server)

    /**
     * asyncio's {@code open_connection(host, port)} with {@link StreamOptions#defaults()}.
     *
     * @param host an IP literal or a host name (looked up off the loop)
     * @param port the port
     * @return the connection, on the running loop
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static CompletableFuture<Connection> openConnection(String host, int port) {
        return openConnection(host, port, StreamOptions.defaults());
    }

    /**
     * asyncio's {@code open_connection}: connects without blocking a thread; the connection belongs to
     * the running loop, where its futures complete. The host's addresses are tried in turn; the future
     * fails with the last {@link java.io.IOException} (earlier ones suppressed), with
     * {@link TimeoutException} after {@link StreamOptions#connectTimeout()}; cancelling it abandons the
     * attempt and closes its socket.
     *
     * @param host an IP literal or a host name (looked up off the loop)
     * @param port the port, 0..65535
     * @param options limits and timeout
     * @return the connection
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static CompletableFuture<Connection> openConnection(String host, int port, StreamOptions options) {
        Checks.notNull(host, "host");
        Checks.notNull(options, "options");
        checkPort(port);
        return io.asyncio4j.engine.StreamConnector.open(host, port, options.settings, StreamErrorTypes.INSTANCE)
                .thenApply(Connection::new);
    }

    /**
     * asyncio's {@code start_server(client_connected_cb, host, port)} with {@link StreamOptions#defaults()}.
     *
     * @param handler serves each connection, as a blocking-style task
     * @param host the address to bind (an IP literal such as {@code 127.0.0.1}; empty for every interface)
     * @param port the port, 0 for any free one ({@link Server#port()} tells which)
     * @return the server, already accepting
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static Server startServer(ConnectionHandler handler, String host, int port) {
        return startServer(handler, host, port, StreamOptions.defaults());
    }

    /**
     * asyncio's {@code start_server}: listens on {@code host:port}; each connection is served by
     * {@code handler} as a blocking-style task on the running loop. The sockets cost no thread (shared
     * selector threads watch them all), but a waiting blocking-style handler holds a parked thread: a
     * virtual one on JDK 21+, a platform one on JDK 17. Future-style handlers
     * ({@link #startServer(Function, String, int, StreamOptions)}) hold none. Closing the server cancels
     * the handlers; see {@link Server}. Each handler runs in its own copy of the {@link ContextVar}
     * values current at this call, as {@code start_server}'s handlers do.
     *
     * @param handler serves each connection
     * @param host the address to bind (an IP literal such as {@code 127.0.0.1}; empty for every interface)
     * @param port the port, 0 for any free one
     * @param options limits, write buffer, connection cap, backlog
     * @return the server, already accepting
     * @throws IllegalStateException if no loop is running in this thread
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static Server startServer(ConnectionHandler handler, String host, int port, StreamOptions options) {
        return listen(handler, host, port, options, () -> io.asyncio4j.engine.StreamServer.startBlocking(host, port,
                options.settings, StreamErrorTypes.INSTANCE, conn -> {
                    Connection c = new Connection(conn);
                    handler.handle(c.reader(), c.writer());
                }));
    }

    /**
     * {@link #startServer(ConnectionHandler, String, int)} with a future-style handler.
     *
     * @param handler returns the stage that serves a connection
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return the server, already accepting
     */
    public static Server startServer(Function<Connection, ? extends CompletionStage<?>> handler, String host, int port) {
        return startServer(handler, host, port, StreamOptions.defaults());
    }

    /**
     * {@link #startServer(ConnectionHandler, String, int, StreamOptions)} with a future-style handler:
     * it is called on the loop for each connection and the connection's task lasts until the stage it
     * returns completes (cancelling the task cancels the stage). No thread is held per connection.
     *
     * {@snippet :
     * Server echo = Async.startServer(conn -> echo(conn), "127.0.0.1", 0, StreamOptions.defaults());
     *
     * static CompletableFuture<Void> echo(Connection c) {
     *     return c.reader().read(4096).thenCompose(bytes -> {
     *         if (bytes.length == 0) return CompletableFuture.completedFuture(null);   // EOF
     *         c.writer().write(bytes);
     *         return c.writer().drain().thenCompose(x -> echo(c));
     *     });
     * }
     * }
     *
     * @param handler returns the stage that serves a connection
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @param options limits, write buffer, connection cap, backlog
     * @return the server, already accepting
     */
    public static Server startServer(Function<Connection, ? extends CompletionStage<?>> handler, String host, int port,
            StreamOptions options) {
        return listen(handler, host, port, options, () -> io.asyncio4j.engine.StreamServer.startFutures(host, port,
                options.settings, StreamErrorTypes.INSTANCE, conn -> handler.apply(new Connection(conn))));
    }

    /** Binding a server: the engine call, made once the arguments are checked. */
    @FunctionalInterface
    private interface Bind {
        io.asyncio4j.engine.StreamServer bind() throws java.io.IOException;
    }

    private static Server listen(Object handler, String host, int port, StreamOptions options, Bind bind) {
        Checks.notNull(handler, "handler");
        Checks.notNull(host, "host");
        Checks.notNull(options, "options");
        checkPort(port);
        try {
            return new Server(bind.bind());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    // ------------------------------------------------------------------ subprocesses

    /**
     * asyncio's {@code create_subprocess_exec}: starts {@code command} with stdin, stdout and stderr
     * piped. Starting does not wait for the process; the OS error of a program that cannot be
     * started is the cause of the exception. In a blocking-style task body the fork/exec runs on a
     * worker thread while the task lets go of its loop (other tasks run, several starts overlap);
     * from a plain thread it runs on that thread.
     *
     * {@snippet :
     * AsyncProcess p = Async.subprocess("git", "rev-parse", "HEAD");
     * String head = Async.await(p.stdout().readLine());
     * int code = Async.await(p.waitFor());
     * }
     *
     * @param command the program and its arguments
     * @return the running process
     * @throws IllegalArgumentException if {@code command} is empty
     * @throws java.io.UncheckedIOException if the process cannot be started (cause: the OS error)
     */
    public static AsyncProcess subprocess(String... command) {
        Checks.notNull(command, "command");
        return subprocess(java.util.Arrays.asList(command), SubprocessOptions.defaults());
    }

    /**
     * {@code create_subprocess_exec} with options: where the streams go, directory, environment,
     * whether kills reach descendants.
     *
     * @param command the program and its arguments
     * @param options how to start it
     * @return the running process
     * @throws IllegalArgumentException if {@code command} is empty
     * @throws java.io.UncheckedIOException if the process cannot be started (cause: the OS error)
     */
    public static AsyncProcess subprocess(List<String> command, SubprocessOptions options) {
        Checks.notNull(command, "command");
        Checks.notNull(options, "options");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        for (int i = 0; i < command.size(); i++) {
            Checks.notNull(command.get(i), "command[" + i + "]");
        }
        return new AsyncProcess(io.asyncio4j.engine.AsyncProcess.start(command, options.stdin, options.stdout,
                options.stderr, options.mergeStderr, options.directory, options.environment, options.killDescendants,
                options.maxOutputBytes, StreamErrorTypes.INSTANCE));
    }

    /**
     * asyncio's {@code create_subprocess_shell}: runs {@code command} with {@code /bin/sh -c}
     * ({@code cmd.exe /c} on Windows), streams piped.
     *
     * @param command a shell command line
     * @return the running shell process
     */
    public static AsyncProcess subprocessShell(String command) {
        return subprocessShell(command, SubprocessOptions.defaults());
    }

    /**
     * {@code create_subprocess_shell} with options.
     *
     * @param command a shell command line
     * @param options how to start it
     * @return the running shell process
     */
    public static AsyncProcess subprocessShell(String command, SubprocessOptions options) {
        Checks.notNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command must not be blank");
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        List<String> argv = windows ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command);
        return subprocess(argv, options);
    }
}
