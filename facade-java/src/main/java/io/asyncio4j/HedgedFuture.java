package io.asyncio4j;

import io.asyncio4j.engine.Awaits;
import io.asyncio4j.engine.HedgedCall;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of a hedged call ({@link Async#hedge}, {@link Async#hedgeAsync}): completes with the
 * first attempt to succeed, and tells how many attempts were sent — the extra load the hedge cost.
 *
 * <p>{@link #attemptsSent()} may be read at any time, also after a failure or a cancellation; for a
 * success, {@code attemptsSent() - 1} is the number of extra requests and {@link #winner()} the
 * number of the attempt that won (1 for the first). Cancelling this future cancels every running
 * attempt and sends no more; so does completing it from outside. Continuations run where the
 * winning attempt completed (on the loop, for attempts that are tasks).
 *
 * {@snippet class=io.asyncio4j.Snippets region=hedge}
 *
 * @param <T> the result type
 */
public final class HedgedFuture<T> extends CompletableFuture<T> {
    private final HedgedCall<T> core;

    HedgedFuture(HedgedCall<T> core) {
        this.core = core;
        core.whenComplete((v, e) -> {
            if (e == null) {
                super.complete(v);
            } else {
                super.completeExceptionally(Awaits.unwrap(e));
            }
        });
    }

    /**
     * How many attempts were sent so far.
     *
     * @return at least 1
     */
    public int attemptsSent() {
        return core.getAttemptsSent();
    }

    /**
     * The number of the attempt that succeeded (1 for the first), or 0 while none has.
     *
     * @return the winner's number, or 0
     */
    public int winner() {
        return core.getWinner();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return endTheCall(super.cancel(mayInterruptIfRunning));
    }

    @Override
    public boolean complete(T value) {
        return endTheCall(super.complete(value));
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        return endTheCall(super.completeExceptionally(ex));
    }

    /** However this future ends from outside, the call behind it stops: its attempts are cancelled. */
    private boolean endTheCall(boolean changed) {
        core.cancel(false);
        return changed;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "HedgedFuture[attempts sent=" + attemptsSent() + ", winner=" + winner() + ", " + super.toString() + "]";
    }
}
