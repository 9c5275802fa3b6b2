package io.asyncio4j;

import io.asyncio4j.engine.Semaphore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * asyncio's {@code Semaphore}: a counter of permits; {@link #acquire()} waits while none is free.
 *
 * <p>Waiters are served first come, first served, and a released permit goes straight to the first
 * waiter (a newcomer's {@link #tryAcquire()} fails while anyone waits). Safe from any loop and any
 * plain thread; a waiter's future completes on the loop it was created on (on the releasing thread
 * for a plain-thread waiter). Cancelling a waiting {@code acquire()} future gives up the wait; a
 * permit that was already on its way to it passes to the next waiter, so none is ever lost.
 *
 * {@snippet class=io.asyncio4j.Snippets region=semaphore}
 */
public sealed class AsyncSemaphore permits AsyncBoundedSemaphore {
    final Semaphore core;

    /**
     * Creates a semaphore with {@code permits} free permits.
     *
     * @param permits the initial number of permits
     * @throws IllegalArgumentException if {@code permits < 0} ("permits must be >= 0")
     */
    public AsyncSemaphore(int permits) {
        this(permits, false);
    }

    AsyncSemaphore(int permits, boolean bounded) {
        this.core = new Semaphore(permits, bounded);
    }


    /**
     * Waits for a permit. The future is already complete (and shared) when a permit was free and
     * nobody waited; otherwise it completes on the caller's loop once the permit is the caller's.
     *
     * @return a future that completes when the caller holds a permit
     */
    public CompletableFuture<Void> acquire() {
        return core.acquireAsync();
    }

    /**
     * Takes a permit only if one is free now and nobody waits.
     *
     * @return true if the caller now holds a permit
     */
    public boolean tryAcquire() {
        return core.tryAcquire();
    }

    /**
     * Returns a permit: to the first waiter, or to the pool. From any thread or loop.
     *
     * @throws IllegalStateException for an {@link AsyncBoundedSemaphore} released above its initial
     *     count, or an {@link AsyncLock} that is not locked
     */
    public void release() {
        core.release();
    }

    /**
     * asyncio's {@code locked()}.
     *
     * @return true if {@link #acquire()} would not succeed at once
     */
    public boolean locked() {
        return core.locked();
    }

    /**
     * The permits free now.
     *
     * @return the number of free permits (0 while anyone waits)
     */
    public int availablePermits() {
        return core.availablePermits();
    }

    /**
     * Blocking style {@code async with sem:} — waits for a permit ({@code Async.await} inside a task
     * body, blocking on a plain thread), runs {@code body}, and always releases the permit.
     *
     * @param body what to run while holding the permit
     * @param <T> the result type
     * @return body's result
     * @throws RuntimeException body's failure: as is if unchecked, in a {@code CompletionException} if checked
     * @throws IllegalStateException if called on a loop thread outside a task body
     */
    public <T> T withPermit(AsyncCallable<T> body) {
        Checks.notNull(body, "body");
        return core.withPermit(body::call);
    }

    /**
     * Future style {@code async with sem:} — once a permit is held, runs {@code body} and releases the
     * permit when the stage it returns completes, whatever its outcome. Cancelling the result while
     * waiting gives up the wait; later it cancels the body's stage (the permit is released when that
     * stage completes).
     *
     * @param body starts the work to do while holding the permit
     * @param <T> the result type
     * @return the body's outcome
     */
    public <T> CompletableFuture<T> withPermitAsync(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return core.withPermitAsync(body::get);
    }

    @Override
    public String toString() {
        return core.toString();
    }
}
