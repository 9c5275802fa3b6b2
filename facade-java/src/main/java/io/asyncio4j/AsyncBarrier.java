package io.asyncio4j;

import io.asyncio4j.engine.Barrier;
import java.util.concurrent.CompletableFuture;

/**
 * asyncio's {@code Barrier} (Python 3.11): {@code parties} tasks wait for each other, then all pass.
 *
 * <p>{@link #await()} completes with the caller's arrival index (0 to {@code parties - 1}) once
 * {@code parties} callers wait; the barrier is then empty for the next round. {@link #abort()} breaks
 * it: waiting and later calls fail with {@link java.util.concurrent.BrokenBarrierException} (wrapped
 * in a {@code CompletionException} by {@code Async.await}, since it is checked) until
 * {@link #reset()}, which also fails the current waiters. A cancelled waiter leaves the round.
 * Safe from any loop and any plain thread; futures complete on the waiter's loop.
 *
 * {@snippet class=io.asyncio4j.Snippets region=barrier}
 */
public final class AsyncBarrier {
    private final Barrier core;

    /**
     * Creates a barrier for {@code parties} callers.
     *
     * @param parties how many callers must wait before all pass
     * @throws IllegalArgumentException if {@code parties < 1} ("parties must be > 0")
     */
    public AsyncBarrier(int parties) {
        this.core = new Barrier(parties);
    }

    /**
     * Waits for the round to fill.
     *
     * @return a future of the caller's arrival index; it fails with {@code BrokenBarrierException}
     *     if the barrier is or gets broken or reset
     */
    public CompletableFuture<Integer> await() {
        return core.awaitAsync();
    }

    /** Fails the current waiters with {@code BrokenBarrierException} and makes the barrier empty and usable again. */
    public void reset() {
        core.reset();
    }

    /** Breaks the barrier: current and later waits fail until {@link #reset()}. */
    public void abort() {
        core.abort();
    }

    /**
     * The number of callers needed to pass.
     *
     * @return parties
     */
    public int parties() {
        return core.parties();
    }

    /**
     * The number of callers waiting now.
     *
     * @return the waiting count
     */
    public int waiting() {
        return core.waiting();
    }

    /**
     * Whether the barrier is broken.
     *
     * @return true after {@link #abort()} until {@link #reset()}
     */
    public boolean isBroken() {
        return core.isBroken();
    }

    @Override
    public String toString() {
        return "AsyncBarrier[parties=" + parties() + ", waiting=" + waiting() + (isBroken() ? ", broken" : "") + "]";
    }
}
