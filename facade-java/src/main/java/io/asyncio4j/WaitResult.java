package io.asyncio4j;

import java.util.Collections;
import java.util.Set;

/**
 * What {@link Async#wait} returns: asyncio's {@code (done, pending)} pair. Both sets hold the very
 * objects passed in (tasks stay tasks, futures stay futures), in argument order.
 *
 * {@snippet class=io.asyncio4j.Snippets region=waitResult}
 *
 * @param <S> the type of the awaitables waited for
 */
public final class WaitResult<S> {
    private final Set<S> done;
    private final Set<S> pending;

    WaitResult(Set<S> done, Set<S> pending) {
        this.done = Collections.unmodifiableSet(done);
        this.pending = Collections.unmodifiableSet(pending);
    }

    /** @return the inputs that were done when the wait ended */
    public Set<S> done() {
        return done;
    }

    /** @return the inputs that were not done when the wait ended */
    public Set<S> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "WaitResult[done=" + done.size() + ", pending=" + pending.size() + "]";
    }
}
