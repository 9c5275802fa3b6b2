package io.asyncio4j;

import io.asyncio4j.engine.Queue;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code Queue} (first in, first out), with Python 3.13's {@code shutdown}, and the
 * threads' {@code queue.Queue} in one: usable from any loop and from plain threads at once.
 *
 * <p>Every operation is atomic (linearizable). Waiting getters and putters are served in arrival
 * order: an item goes straight to the first waiting getter; when a slot frees, the first waiting
 * putter's item moves in. A waiter's future completes on the loop it was created on (a plain
 * thread's, on the thread that made room or put the item). A cancelled {@link #get()} never loses an
 * item — one already on its way to it goes to the next getter or back to the head of the queue; a
 * cancelled {@link #put(Object)} never puts (once its item is in, {@code cancel} answers false).
 * Items may not be null. A rejected call — null item, full or shut-down queue — changes nothing.
 *
 * {@snippet class=io.asyncio4j.Snippets region=queue}
 *
 * @param <T> the item type
 */
public sealed class AsyncQueue<T> permits AsyncLifoQueue, AsyncPriorityQueue {
    final Queue<T> core;
    private final int maxsize;

    /** Creates an unbounded queue. */
    public AsyncQueue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items; 0 means unbounded (asyncio's rule).
     *
     * @param maxsize the capacity, or 0 for unbounded
     * @throws IllegalArgumentException if {@code maxsize < 0} ("maxsize must be >= 0")
     */
    public AsyncQueue(int maxsize) {
        this(maxsize, Queue.Kind.FIFO, null);
    }

    AsyncQueue(int maxsize, Queue.Kind kind, @Nullable Comparator<? super T> comparator) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0, was " + maxsize);
        }
        this.maxsize = maxsize;
        this.core = new Queue<>(kind, maxsize == 0 ? Integer.MAX_VALUE : maxsize, comparator, QueueErrorTypes.QUEUE);
    }

    /** Rejects what may not be put; a subclass adds its own rule. */
    T checkItem(T item) {
        return Checks.notNull(item, "item");
    }

    /**
     * Puts {@code item}, waiting while the queue is full.
     *
     * @param item the item
     * @return a future that completes once the item is in the queue (already complete, and shared,
     *     when there was room); it fails with {@link QueueShutDown} if the queue is or gets shut down
     * @throws NullPointerException if {@code item} is null
     */
    public CompletableFuture<Void> put(T item) {
        return core.putAsync(checkItem(item));
    }

    /**
     * Takes the next item, waiting while the queue is empty.
     *
     * @return a future of the item; it fails with {@link QueueShutDown} once the queue is shut down
     *     and empty
     */
    public CompletableFuture<T> get() {
        return core.getAsync();
    }

    /**
     * Puts {@code item} if there is room now.
     *
     * @param item the item
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(T item) {
        core.putNowait(checkItem(item));
    }

    /**
     * Takes an item if one is there now.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public T getNowait() {
        return core.getNowait();
    }

    /**
     * {@code queue.Queue.put} for plain threads: blocks while the queue is full. Inside a task body it
     * awaits instead of blocking.
     *
     * @param item the item
     * @throws InterruptedException if interrupted while waiting (the item was not put)
     * @throws QueueShutDown if the queue is or gets shut down
     * @throws IllegalStateException on a loop thread outside a task body
     */
    public void putBlocking(T item) throws InterruptedException {
        core.putBlocking(checkItem(item));
    }

    /**
     * {@code queue.Queue.get} for plain threads: blocks while the queue is empty. Inside a task body it
     * awaits instead of blocking.
     *
     * @return the item
     * @throws InterruptedException if interrupted while waiting (no item was taken)
     * @throws QueueShutDown once the queue is shut down and empty
     * @throws IllegalStateException on a loop thread outside a task body
     */
    public T getBlocking() throws InterruptedException {
        return core.getBlocking();
    }

    /**
     * Marks one item got earlier as processed (asyncio's {@code task_done}).
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        core.taskDone();
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()}.
     *
     * @return a future that completes when no unfinished item is left
     */
    public CompletableFuture<Void> join() {
        return core.joinAsync();
    }

    /**
     * The number of items in the queue.
     *
     * @return the size
     */
    public int qsize() {
        return core.size();
    }

    /**
     * Whether the queue is empty.
     *
     * @return true if no item is in it
     */
    public boolean empty() {
        return core.isEmpty();
    }

    /**
     * Whether the queue is full.
     *
     * @return true if a put would wait (never for an unbounded queue)
     */
    public boolean full() {
        return core.isFull();
    }

    /**
     * The capacity given at creation.
     *
     * @return maxsize, 0 for unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Python 3.13's {@code shutdown()}: later puts fail with {@link QueueShutDown}, waiting putters
     * fail, gets drain what is left and then fail; waiting getters of an empty queue fail at once.
     */
    public void shutdown() {
        core.shutdown(false);
    }

    /**
     * Python 3.13's {@code shutdown(immediate)}: as {@link #shutdown()}, and with {@code immediate} the
     * items left are discarded (counted as done, which may release {@link #join()}).
     *
     * @param immediate whether to discard the items left
     */
    public void shutdown(boolean immediate) {
        core.shutdown(immediate);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[maxsize=" + maxsize + ", qsize=" + qsize() + "]";
    }
}
