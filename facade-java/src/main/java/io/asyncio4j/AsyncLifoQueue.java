package io.asyncio4j;

import io.asyncio4j.engine.Queue;

/**
 * asyncio's {@code LifoQueue}: an {@link AsyncQueue} that hands out the most recently put item first.
 * Everything else (waiting, fairness among waiters, shutdown, thread safety) is as in {@link AsyncQueue}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=lifoQueue}
 *
 * @param <T> the item type
 */
public final class AsyncLifoQueue<T> extends AsyncQueue<T> {
    /** Creates an unbounded LIFO queue. */
    public AsyncLifoQueue() {
        this(0);
    }

    /**
     * Creates a LIFO queue holding at most {@code maxsize} items; 0 means unbounded.
     *
     * @param maxsize the capacity, or 0 for unbounded
     * @throws IllegalArgumentException if {@code maxsize < 0} ("maxsize must be >= 0")
     */
    public AsyncLifoQueue(int maxsize) {
        super(maxsize, Queue.Kind.LIFO, null);
    }
}
