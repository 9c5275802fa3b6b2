package io.asyncio4j;

import io.asyncio4j.engine.Event;
import java.util.concurrent.CompletableFuture;

/**
 * asyncio's {@code Event}: a flag that tasks wait for; {@link #set()} wakes every waiter.
 *
 * <p>Safe from any loop and any plain thread; each waiter's future completes on its own loop.
 * Cancelling a waiter's future only stops that wait.
 *
 * {@snippet class=io.asyncio4j.Snippets region=event}
 */
public final class AsyncEvent {
    private final Event core = new Event();

    /** Creates an event whose flag is clear. */
    public AsyncEvent() {}

    /** Sets the flag and wakes every waiter. Idempotent. */
    public void set() {
        core.set();
    }

    /** Clears the flag; later {@link #await()} calls wait for the next {@link #set()}. */
    public void clear() {
        core.clear();
    }

    /**
     * Whether the flag is set.
     *
     * @return true if set
     */
    public boolean isSet() {
        return core.isSet();
    }

    /**
     * Waits for the flag (asyncio's {@code wait()}; named {@code await} as {@code java.util.concurrent}
     * does, because {@code Object.wait()} is final).
     *
     * @return a future that completes once the flag is set (already complete if it is set now)
     */
    public CompletableFuture<Void> await() {
        return core.awaitAsync();
    }

    @Override
    public String toString() {
        return "AsyncEvent[" + (isSet() ? "set" : "unset") + "]";
    }
}
