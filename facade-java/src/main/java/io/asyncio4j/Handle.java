package io.asyncio4j;

/**
 * A callback scheduled with {@link EventLoop#callSoon}, {@link EventLoop#callLater} or
 * {@link EventLoop#callSoonThreadsafe}: asyncio's {@code Handle} / {@code TimerHandle}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=handle}
 */
public final class Handle {
    private final io.asyncio4j.engine.Handle core;

    Handle(io.asyncio4j.engine.Handle core) {
        this.core = core;
    }

    /** Keeps the callback from running if it has not run yet; idempotent; from any thread. */
    public void cancel() {
        core.cancel();
    }

    /** @return true once {@link #cancel()} was called */
    public boolean isCancelled() {
        return core.isCancelled();
    }

    @Override
    public String toString() {
        return "Handle[" + (isCancelled() ? "cancelled" : "scheduled") + "]";
    }
}
