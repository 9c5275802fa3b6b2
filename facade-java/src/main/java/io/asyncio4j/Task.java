package io.asyncio4j;

import io.asyncio4j.engine.Awaits;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A running task body on an {@link EventLoop}: asyncio's {@code Task}. It is a {@link CompletionStage}
 * (compose it, or {@link Async#await} it) and a {@link Future}.
 *
 * <p>Cancellation is a request, as in asyncio: {@link #cancel()} makes the body's current or next
 * {@code Async.await} throw {@link CancellationException} (and interrupts a body that is running
 * blocking code); the task is done once the body has unwound, and only then do
 * {@link #isDone()} and {@link #isCancelled()} turn true. Continuations run on the task's loop.
 * A failure nobody retrieves (by {@code await}, {@link #result()}, {@link #exception()}, {@code get},
 * or any composition) is reported once to the loop's exception handler.
 *
 * {@snippet class=io.asyncio4j.Snippets region=task}
 *
 * @param <T> the result type
 */
public final class Task<T> implements CompletionStage<T>, Future<T> {
    final io.asyncio4j.engine.Task<T> core;

    private Task(io.asyncio4j.engine.Task<T> core) {
        this.core = core;
    }

    /** The one facade object for an engine task (identity is kept). */
    static <T> Task<T> of(io.asyncio4j.engine.Task<T> core) {
        return FacadeIdentity.of(core.getFacade(), () -> new Task<>(core));
    }

    /** @return the task's name ({@code Task-N} when none was given) */
    public String name() {
        return core.getName();
    }

    /** @return the loop the task runs on */
    public EventLoop loop() {
        return EventLoop.of(core.getLoop());
    }

    /**
     * Requests cancellation (asyncio's {@code Task.cancel()}). The body gets a
     * {@link CancellationException} ("Task 'name' was cancelled") at its current or next
     * {@code Async.await}, once: after that, awaits work again, so cleanup in {@code finally} can
     * await. An await that throws it took nothing (no lock, permit or item); if what it awaited had
     * already arrived, the await returns it and the cancellation comes at the next await. Tasks this
     * one created are cancelled with it. Code that catches {@code Exception} should let the
     * cancellation through:
     *
     * {@snippet :
     * while (true) {
     *     try {
     *         handle(Async.await(queue.get()));
     *     } catch (CancellationException e) {
     *         throw e;                       // the task was cancelled: stop
     *     } catch (Exception e) {
     *         log(e);                        // a failure of this item: go on
     *     }
     * }
     * }
     *
     * @return false if the task is already done, else true
     */
    public boolean cancel() {
        return core.cancel();
    }

    /**
     * asyncio's {@code Task.cancelling()}: how many cancel requests this task has had and not taken
     * back with {@link #uncancel()}. A body may check it to stop a loop that must not be interrupted
     * mid-item.
     *
     * @return the number of pending cancel requests
     */
    public int cancelling() {
        return core.cancelling();
    }

    /**
     * asyncio's {@code Task.uncancel()}: takes one cancel request back (for code that handled a
     * cancellation and means to go on).
     *
     * @return the number of cancel requests left
     */
    public int uncancel() {
        return core.uncancel();
    }

    /**
     * Same as {@link #cancel()}: a request; the task is done once its body has unwound.
     *
     * @param mayInterruptIfRunning ignored: a running blocking body is always interrupted
     * @return false if the task is already done, else true
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return core.cancel();
    }

    @Override
    public boolean isCancelled() {
        return core.isCancelled();
    }

    @Override
    public boolean isDone() {
        return core.isDone();
    }

    /**
     * The result of a finished task (asyncio's {@code Task.result()}).
     *
     * @return the value
     * @throws InvalidStateException if the task is not done
     * @throws CancellationException if it was cancelled
     * @throws RuntimeException its failure, as is if unchecked, in a {@code CompletionException} if checked
     */
    public T result() {
        if (!core.isDone()) {
            throw new InvalidStateException("Result is not set: task '" + name() + "' is not done");
        }
        try {
            return core.getOutcome();
        } catch (Throwable t) {
            throw Checks.rethrow(t);
        }
    }

    /**
     * The failure of a finished task (asyncio's {@code Task.exception()}).
     *
     * @return the failure, or null if it succeeded
     * @throws InvalidStateException if the task is not done
     * @throws CancellationException if it was cancelled
     */
    public @Nullable Throwable exception() {
        if (!core.isDone()) {
            throw new InvalidStateException("Exception is not set: task '" + name() + "' is not done");
        }
        Throwable e = core.failureOrNull();
        if (e instanceof CancellationException c) {
            throw c;
        }
        return e;
    }

    /**
     * Calls {@code callback} on the task's loop once the task is done (at once, on the next loop
     * iteration, if it is done already), asyncio's {@code add_done_callback}.
     *
     * @param callback receives this task
     */
    public void addDoneCallback(Consumer<? super Task<T>> callback) {
        Checks.notNull(callback, "callback");
        core.addDoneCallback(callback, () -> callback.accept(this));
    }

    /**
     * Removes every registration of {@code callback}.
     *
     * @param callback as given to {@link #addDoneCallback}
     * @return how many were removed
     */
    public int removeDoneCallback(Consumer<? super Task<T>> callback) {
        Checks.notNull(callback, "callback");
        return core.removeDoneCallback(callback);
    }

    /**
     * The task's future: completes on the loop once the task is done; cancelling it cancels the task
     * (a request, as {@link #cancel()}); completing it from outside cancels the task.
     */
    @Override
    public CompletableFuture<T> toCompletableFuture() {
        core.markRetrieved();
        return core.getFuture();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return toCompletableFuture().get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return toCompletableFuture().get(timeout, unit);
    }

    /**
     * Waits for the task and returns its value (blocking, like {@link CompletableFuture#join()}).
     *
     * @return the value
     */
    public T join() {
        try {
            return toCompletableFuture().join();
        } catch (RuntimeException e) {
            throw Checks.rethrow(Awaits.unwrap(e));
        }
    }

    @Override
    public String toString() {
        return core.toString();
    }

    // CompletionStage: every composition observes the task, so it counts as retrieving its failure.

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return toCompletableFuture().thenApply(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        return toCompletableFuture().thenApplyAsync(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        return toCompletableFuture().thenApplyAsync(fn, executor);
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return toCompletableFuture().thenAccept(action);
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        return toCompletableFuture().thenAcceptAsync(action);
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        return toCompletableFuture().thenAcceptAsync(action, executor);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return toCompletableFuture().thenRun(action);
    }

    @Override
    public CompletableFuture<Void> thenRunAsync(Runnable action) {
        return toCompletableFuture().thenRunAsync(action);
    }

    @Override
    public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        return toCompletableFuture().thenRunAsync(action, executor);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return toCompletableFuture().thenCombine(other, fn);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return toCompletableFuture().thenCombineAsync(other, fn);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        return toCompletableFuture().thenCombineAsync(other, fn, executor);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return toCompletableFuture().thenAcceptBoth(other, action);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return toCompletableFuture().thenAcceptBothAsync(other, action);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
        return toCompletableFuture().thenAcceptBothAsync(other, action, executor);
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return toCompletableFuture().runAfterBoth(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        return toCompletableFuture().runAfterBothAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return toCompletableFuture().runAfterBothAsync(other, action, executor);
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return toCompletableFuture().applyToEither(other, fn);
    }

    @Override
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return toCompletableFuture().applyToEitherAsync(other, fn);
    }

    @Override
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        return toCompletableFuture().applyToEitherAsync(other, fn, executor);
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return toCompletableFuture().acceptEither(other, action);
    }

    @Override
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return toCompletableFuture().acceptEitherAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        return toCompletableFuture().acceptEitherAsync(other, action, executor);
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return toCompletableFuture().runAfterEither(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        return toCompletableFuture().runAfterEitherAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return toCompletableFuture().runAfterEitherAsync(other, action, executor);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return toCompletableFuture().thenCompose(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        return toCompletableFuture().thenComposeAsync(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        return toCompletableFuture().thenComposeAsync(fn, executor);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return toCompletableFuture().handle(fn);
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        return toCompletableFuture().handleAsync(fn);
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        return toCompletableFuture().handleAsync(fn, executor);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return toCompletableFuture().whenComplete(action);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        return toCompletableFuture().whenCompleteAsync(action);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        return toCompletableFuture().whenCompleteAsync(action, executor);
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return toCompletableFuture().exceptionally(fn);
    }
}
