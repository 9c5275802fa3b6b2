package io.asyncio4j;

import io.asyncio4j.engine.Condition;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * asyncio's {@code Condition}: tasks wait, holding a lock, until another signals them.
 *
 * <p>{@link #await()} releases the lock, waits for a signal, and takes the lock back before its
 * future completes — also when it is cancelled, so the caller always holds the lock afterwards.
 * A signal given to a waiter that is then cancelled passes to the next waiter. Waiters are woken
 * in arrival order. Safe from any loop and any plain thread; futures complete on the waiter's loop.
 * The lock must be held for {@code await}, {@code signal} and {@code release}, else
 * {@link IllegalStateException}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=condition}
 */
public final class AsyncCondition {
    private final AsyncLock lock;
    private final Condition core;

    /** Creates a condition with its own new lock. */
    public AsyncCondition() {
        this(new AsyncLock());
    }

    /**
     * Creates a condition over {@code lock}.
     *
     * @param lock the lock to use
     */
    public AsyncCondition(AsyncLock lock) {
        this.lock = Checks.notNull(lock, "lock");
        this.core = new Condition(lock.core);
    }

    /**
     * Waits for the lock (see {@link AsyncLock#acquire()}).
     *
     * @return a future that completes when the caller holds the lock
     */
    public CompletableFuture<Void> acquire() {
        return lock.acquire();
    }

    /**
     * Takes the lock only if it is free now.
     *
     * @return true if the caller now holds the lock
     */
    public boolean tryAcquire() {
        return lock.tryAcquire();
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the lock is held.
     *
     * @return true if locked
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits for a signal, takes the lock back (asyncio's {@code wait()}).
     *
     * @return a future that completes, with the lock held, after a signal (or cancellation)
     * @throws IllegalStateException if the lock is not held
     */
    public CompletableFuture<Void> await() {
        return core.awaitAsync();
    }

    /**
     * asyncio's {@code wait_for(predicate)}: waits until {@code predicate} is true, evaluating it with
     * the lock held, first at once and then after every signal.
     *
     * @param predicate the condition to wait for
     * @return a future that completes, with the lock held, once the predicate is true; it fails with
     *     the predicate's failure
     * @throws IllegalStateException if the lock is not held
     */
    public CompletableFuture<Void> awaitUntil(BooleanSupplier predicate) {
        Checks.notNull(predicate, "predicate");
        return core.awaitUntilAsync(predicate);
    }

    /**
     * Wakes one waiter (asyncio's {@code notify()}).
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        core.signal(1);
    }

    /**
     * Wakes up to {@code n} waiters (asyncio's {@code notify(n)}).
     *
     * @param n how many waiters to wake
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int n) {
        core.signal(n);
    }

    /**
     * Wakes every waiter (asyncio's {@code notify_all()}).
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        core.signalAll();
    }

    /**
     * Blocking style {@code async with cond:} — holds the lock around {@code body}.
     *
     * @param body what to run while holding the lock
     * @param <T> the result type
     * @return body's result
     */
    public <T> T withLock(AsyncCallable<T> body) {
        return lock.withLock(body);
    }

    @Override
    public String toString() {
        return "AsyncCondition[" + (locked() ? "locked" : "unlocked") + "]";
    }
}
