package io.asyncio4j;

import io.asyncio4j.engine.Queue;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code PriorityQueue}: an {@link AsyncQueue} that hands out the smallest item first, by
 * {@code comparator} or, without one, by natural order (items must then be {@link Comparable}; a
 * {@code ClassCastException} from a put leaves the queue unchanged). Equal items come out in no
 * particular order, as with Python's {@code heapq}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=priorityQueue}
 *
 * @param <T> the item type
 */
public final class AsyncPriorityQueue<T> extends AsyncQueue<T> {
    /** Creates an unbounded priority queue in natural order. */
    public AsyncPriorityQueue() {
        this(0, null);
    }

    /**
     * Creates a priority queue in natural order holding at most {@code maxsize} items; 0 means unbounded.
     *
     * @param maxsize the capacity, or 0 for unbounded
     * @throws IllegalArgumentException if {@code maxsize < 0} ("maxsize must be >= 0")
     */
    public AsyncPriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * Creates a priority queue ordered by {@code comparator} (natural order if null).
     *
     * @param maxsize the capacity, or 0 for unbounded
     * @param comparator the order, smallest first; null for natural order
     * @throws IllegalArgumentException if {@code maxsize < 0} ("maxsize must be >= 0")
     */
    public AsyncPriorityQueue(int maxsize, @Nullable Comparator<? super T> comparator) {
        super(maxsize, Queue.Kind.PRIORITY, comparator);
        this.natural = comparator == null;
    }

    private final boolean natural;

    @Override
    T checkItem(T item) {
        super.checkItem(item);
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException("item of " + item.getClass().getName() + " is not Comparable and the queue has no comparator");
        }
        return item;
    }
}
