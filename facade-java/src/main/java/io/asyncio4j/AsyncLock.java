package io.asyncio4j;

import io.asyncio4j.engine.Lock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * asyncio's {@code Lock}: a mutual-exclusion lock for tasks (not reentrant, not owned: any task or
 * thread may release it, as in asyncio).
 *
 * <p>Waiters get the lock first come, first served; {@link #release()} hands it straight to the
 * first waiter. Safe from any loop and any plain thread; a waiter's future completes on its own loop.
 * Cancelling a waiting {@link #acquire()} future gives up the wait, and a cancelled waiter never
 * ends up holding the lock. Prefer {@link #withLock} / {@link #withLockAsync}, which cannot forget to
 * release.
 *
 * {@snippet class=io.asyncio4j.Snippets region=lock}
 */
public final class AsyncLock {
    final Lock core;

    /** Creates an unlocked lock. */
    public AsyncLock() {
        this.core = new Lock();
    }

    /**
     * Waits for the lock. The future is already complete (and shared) when the lock was free;
     * otherwise it completes on the caller's loop once the caller holds the lock.
     *
     * @return a future that completes when the caller holds the lock
     */
    public CompletableFuture<Void> acquire() {
        return core.acquireAsync();
    }

    /**
     * Takes the lock only if it is free now.
     *
     * @return true if the caller now holds the lock
     */
    public boolean tryAcquire() {
        return core.tryAcquire();
    }

    /**
     * Releases the lock: to the first waiter if any, else unlocks it.
     *
     * @throws IllegalStateException if the lock is not locked (nothing changes)
     */
    public void release() {
        core.release();
    }

    /**
     * Whether the lock is held.
     *
     * @return true if some task or thread holds the lock
     */
    public boolean locked() {
        return core.locked();
    }

    /**
     * Blocking style {@code async with lock:} — waits for the lock ({@code Async.await} inside a task
     * body, blocking on a plain thread), runs {@code body}, and always releases the lock.
     *
     * @param body what to run while holding the lock
     * @param <T> the result type
     * @return body's result
     * @throws RuntimeException body's failure: as is if unchecked, in a {@code CompletionException} if checked
     * @throws IllegalStateException if called on a loop thread outside a task body
     */
    public <T> T withLock(AsyncCallable<T> body) {
        Checks.notNull(body, "body");
        return core.withPermit(body::call);
    }

    /**
     * Future style {@code async with lock:} — once the lock is held, runs {@code body} and releases
     * the lock when the stage it returns completes, whatever its outcome. Cancelling the result while
     * waiting gives up the wait; later it cancels the body's stage (the lock is released when that
     * stage completes).
     *
     * {@snippet class=io.asyncio4j.Snippets region=withLockAsync}
     *
     * @param body starts the work to do while holding the lock
     * @param <T> the result type
     * @return the body's outcome
     */
    public <T> CompletableFuture<T> withLockAsync(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return core.withPermitAsync(body::get);
    }

    @Override
    public String toString() {
        return "AsyncLock[" + (locked() ? "locked" : "unlocked") + "]";
    }
}
