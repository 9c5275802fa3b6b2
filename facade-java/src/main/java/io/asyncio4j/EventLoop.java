package io.asyncio4j;

import io.asyncio4j.engine.LoopError;
import io.asyncio4j.engine.TaskTree;
import io.asyncio4j.engine.Threadsafe;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An event loop: one logical thread that runs tasks, callbacks and timers one at a time, asyncio's
 * {@code AbstractEventLoop}. Tasks of one loop never run at the same time, so they may share plain
 * mutable state without locks; use several loops for parallelism.
 *
 * <p>Most programs never touch a loop: {@link Async#run} makes one. Use this class to run a loop
 * yourself ({@link #runUntilComplete}), to run one forever on its own thread
 * ({@link #startInThread}) and feed it from other threads ({@link #runCoroutineThreadsafe},
 * {@link #callSoonThreadsafe}), or to schedule callbacks. Every method but the {@code run*} ones may
 * be called from any thread. A closed loop rejects every call with {@link IllegalStateException}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=eventLoop}
 */
public final class EventLoop implements Executor, AutoCloseable {
    final io.asyncio4j.engine.EventLoop core;
    private volatile @Nullable BiConsumer<EventLoop, ExceptionContext> handler;

    private EventLoop(io.asyncio4j.engine.EventLoop core) {
        this.core = core;
    }

    /** The one facade object for an engine loop (identity is kept). */
    static EventLoop of(io.asyncio4j.engine.EventLoop core) {
        return FacadeIdentity.of(core.getFacade(), () -> new EventLoop(core));
    }

    /**
     * A new loop, not running (asyncio's {@code new_event_loop()}).
     *
     * @return the loop
     */
    public static EventLoop newEventLoop() {
        return of(new io.asyncio4j.engine.EventLoop(null));
    }

    /**
     * A loop that runs forever on a new thread whose name contains {@code threadName}: the seeds'
     * "event loop in another thread". {@link #close()} stops it, cancels what is left, and joins the
     * thread. The thread is not a daemon: close the loop to let the JVM exit.
     *
     * @param threadName the thread's (and loop's) name
     * @return the running loop
     */
    public static EventLoop startInThread(String threadName) {
        Checks.notNull(threadName, "threadName");
        return of(io.asyncio4j.engine.EventLoop.startInThread(threadName));
    }

    /** @return the loop's name */
    public String name() {
        return core.getName();
    }

    /**
     * Runs the loop on the calling thread until {@code main}, run as a task, is done; returns its
     * value or throws its failure (unchecked as is, checked in a {@code CompletionException}).
     * Interrupting the calling thread cancels the task.
     *
     * @param main the task body
     * @param <T> the result type
     * @return main's value
     * @throws IllegalStateException if the loop is closed or running, or another loop runs in this thread
     */
    public <T> T runUntilComplete(AsyncCallable<T> main) {
        Checks.notNull(main, "main");
        try {
            return core.runUntilComplete(main::call);
        } catch (Throwable t) {
            throw Checks.rethrow(t);
        }
    }

    /**
     * Runs the loop on the calling thread until {@code future} is done; returns its value or throws
     * its failure.
     *
     * @param future what to wait for
     * @param <T> the result type
     * @return the value
     */
    public <T> T runUntilComplete(CompletionStage<T> future) {
        Checks.notNull(future, "future");
        try {
            return core.runUntilComplete(future instanceof Task<T> t ? t.core.getFuture() : future);
        } catch (Throwable t) {
            throw Checks.rethrow(t);
        }
    }

    /** Runs the loop on the calling thread until {@link #stop()} (asyncio's {@code run_forever}). */
    public void runForever() {
        core.runForever();
    }

    /**
     * Makes a running loop return from {@code run*} after the current iteration; called before the loop
     * runs, the next {@code run*} runs the callbacks already scheduled once and returns (asyncio's
     * {@code stop}). Thread-safe.
     */
    public void stop() {
        core.stop();
    }

    /**
     * Closes the loop: cancels every task still alive, waits for them, reports failures nobody
     * retrieved, and rejects all further use. A loop from {@link #startInThread} is stopped and its
     * thread joined first. Idempotent.
     *
     * @throws IllegalStateException if the loop is running on a thread of its caller's choosing
     */
    @Override
    public void close() {
        core.close();
    }

    /** @return true while some thread runs the loop */
    public boolean isRunning() {
        return core.isRunning();
    }

    /** @return true once the loop is closed */
    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Schedules {@code body} as a task on this loop. Call it on the loop (from a task or callback), or
     * before the loop runs; from other threads use {@link #runCoroutineThreadsafe}.
     *
     * @param body the task body
     * @param <T> the result type
     * @return the task
     */
    public <T> Task<T> createTask(AsyncCallable<T> body) {
        Checks.notNull(body, "body");
        return Task.of(io.asyncio4j.engine.Task.createBlocking(core, null, null, body::call));
    }

    /**
     * Schedules a named task on this loop.
     *
     * @param name the task's name
     * @param body the task body
     * @param <T> the result type
     * @return the task
     */
    public <T> Task<T> createTask(String name, AsyncCallable<T> body) {
        Checks.notNull(name, "name");
        Checks.notNull(body, "body");
        return Task.of(io.asyncio4j.engine.Task.createBlocking(core, name, null, body::call));
    }

    /**
     * Runs {@code callback} on a next iteration (asyncio's {@code call_soon}); thread-safe.
     *
     * @param callback what to run
     * @return a handle to cancel it
     */
    public Handle callSoon(Runnable callback) {
        Checks.notNull(callback, "callback");
        return new Handle(core.callSoon(callback));
    }

    /**
     * Runs {@code callback} on this loop from any thread (asyncio's {@code call_soon_threadsafe}).
     *
     * @param callback what to run
     * @return a handle to cancel it
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        Checks.notNull(callback, "callback");
        return new Handle(core.callSoonThreadsafe(callback));
    }

    /**
     * Runs {@code callback} after {@code delay} (asyncio's {@code call_later}); thread-safe.
     *
     * @param delay how long from now; not negative
     * @param callback what to run
     * @return a handle to cancel it
     */
    public Handle callLater(Duration delay, Runnable callback) {
        long nanos = Checks.nanos(delay, "delay");
        Checks.notNull(callback, "callback");
        return new Handle(core.callLater(nanos, callback));
    }

    /**
     * Runs {@code callback} at loop time {@code when} (asyncio's {@code call_at}); see {@link #time()}.
     *
     * @param when loop time in nanoseconds
     * @param callback what to run
     * @return a handle to cancel it
     */
    public Handle callAt(long when, Runnable callback) {
        Checks.notNull(callback, "callback");
        return new Handle(core.callAt(when, callback));
    }

    /** Same as {@link #callSoonThreadsafe(Runnable)}. */
    @Override
    public void execute(Runnable command) {
        Checks.notNull(command, "command");
        callSoonThreadsafe(command);
    }

    /**
     * Runs {@code body} as a task on this loop, from any thread (asyncio's
     * {@code run_coroutine_threadsafe}). Cancelling the future cancels the task; waiting for it with
     * {@code get}/{@code join} on this loop's own thread throws instead of deadlocking.
     *
     * @param body the task body
     * @param <T> the result type
     * @return the task's outcome
     */
    public <T> CompletableFuture<T> runCoroutineThreadsafe(AsyncCallable<T> body) {
        Checks.notNull(body, "body");
        return Threadsafe.runCoroutineThreadsafe(core, null, body::call);
    }

    /** @return the loop's clock: monotonic nanoseconds */
    public long time() {
        return core.time();
    }

    /**
     * Sets the handler for failures nobody retrieved, callbacks that threw and (debug mode) slow tasks.
     * It runs on the loop's thread. Null restores the default, which logs through
     * {@code System.Logger} "io.asyncio4j".
     *
     * @param handler the handler, or null
     */
    public void setExceptionHandler(@Nullable BiConsumer<EventLoop, ExceptionContext> handler) {
        this.handler = handler;
        if (handler == null) {
            core.setExceptionHandler(null);
        } else {
            core.setExceptionHandler(e -> {
                handler.accept(this, new ExceptionContext(e));
                return kotlin.Unit.INSTANCE;
            });
        }
    }

    /** @return the handler set by {@link #setExceptionHandler}, or null for the default */
    public @Nullable BiConsumer<EventLoop, ExceptionContext> getExceptionHandler() {
        return handler;
    }

    /**
     * Debug mode: report (through the exception handler, with the task's name and the stack of the
     * thread holding the loop) every task or callback that holds the loop longer than
     * {@link #setSlowCallbackDuration the threshold}. Also on with {@code -Dasyncio4j.debug=true}.
     *
     * @param enabled on or off
     */
    public void setDebug(boolean enabled) {
        core.setDebug(enabled);
    }

    /** @return true in debug mode */
    public boolean isDebug() {
        return core.getDebug();
    }

    /**
     * The debug threshold (asyncio's {@code slow_callback_duration}); 100 ms by default.
     *
     * @param threshold not negative
     */
    public void setSlowCallbackDuration(Duration threshold) {
        core.setSlowCallbackNanos(Checks.nanos(threshold, "threshold"));
    }

    /**
     * A text tree of the loop's live tasks, in the spirit of {@code python -m asyncio pstree}: name,
     * state, parent, what each awaits ({@code sleep(1 s, 0.4 s left)}, a queue's {@code get()} with its
     * size and waiters, a lock and its holder, {@code gather(3 of 5 done)}, another task) and, for a
     * blocking-style body, the top frames of its Java stack. Safe from any thread, also from outside
     * the loop.
     *
     * @return the tree
     */
    public String dumpTasks() {
        return TaskTree.render(core);
    }

    /**
     * The loop's live tasks (asyncio's {@code all_tasks(loop)}); from any thread.
     *
     * @return a snapshot of the tasks not yet done
     */
    public Set<Task<?>> allTasks() {
        Set<Task<?>> out = new LinkedHashSet<>();
        for (io.asyncio4j.engine.Task<?> t : io.asyncio4j.engine.Task.all(core)) {
            out.add(Task.of(t));
        }
        return Collections.unmodifiableSet(out);
    }

    void report(LoopError error) {
        core.report(error);
    }

    @Override
    public String toString() {
        return core.toString();
    }
}
