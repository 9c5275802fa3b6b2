package io.asyncio4j;

import io.asyncio4j.engine.Publishers;
import io.asyncio4j.engine.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A channel in the kotlinx sense: a queue between producers and consumers with a capacity —
 * {@link #RENDEZVOUS} (a send waits for a receiver), buffered ({@code n > 0}), {@link #UNLIMITED}, or
 * {@link #CONFLATED} (only the newest item is kept; a send never waits) — that is closed rather than
 * shut down, and that speaks {@link Flow} both ways.
 *
 * <p>Safe from any loop and any plain thread; every operation is atomic; waiting senders and
 * receivers are served in arrival order; a waiter's future completes on its own loop. A cancelled
 * {@link #receive()} never loses an item (one already on its way goes to the next receiver or back to
 * the head); a cancelled {@link #send(Object)} never sends. After {@link #close()}, sends fail with
 * {@link IllegalStateException} (or the close cause) and receives drain what is left, then fail with
 * {@link java.util.NoSuchElementException} (or the close cause). Items may not be null.
 *
 * {@snippet class=io.asyncio4j.Snippets region=channel}
 *
 * <p>It is built on the engine's own waiter queue rather than a kotlinx {@code Channel}: a kotlinx
 * channel needs a coroutine per waiting call from Java and may drop a received element on
 * cancellation, while this one gives atomic cancellation and loop-affine completion uniformly.
 *
 * @param <T> the item type
 */
public final class AsyncChannel<T> {
    /** Capacity of a rendezvous channel: no buffer, a send waits for a receiver. */
    public static final int RENDEZVOUS = 0;
    /** Capacity of a channel without limit: a send never waits. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** Capacity of a conflated channel: keeps only the newest item; a send never waits. */
    public static final int CONFLATED = -1;
    /** A default buffer size (kotlinx's default, 64). */
    public static final int BUFFERED = 64;

    private final Queue<T> core;
    private final int capacity;

    /** Creates a rendezvous channel. */
    public AsyncChannel() {
        this(RENDEZVOUS);
    }

    /**
     * Creates a channel with {@code capacity}: {@link #RENDEZVOUS}, a buffer size, {@link #UNLIMITED}
     * or {@link #CONFLATED}.
     *
     * @param capacity the capacity
     * @throws IllegalArgumentException if {@code capacity < -1} ("capacity must be >= 0, or CONFLATED")
     */
    public AsyncChannel(int capacity) {
        if (capacity < CONFLATED) {
            throw new IllegalArgumentException("capacity must be >= 0, or CONFLATED (-1), was " + capacity);
        }
        this.capacity = capacity;
        this.core = capacity == CONFLATED
            ? new Queue<>(Queue.Kind.CONFLATED, 1, null, QueueErrorTypes.CHANNEL)
            : new Queue<>(Queue.Kind.FIFO, capacity, null, QueueErrorTypes.CHANNEL);
    }

    private AsyncChannel(Queue<T> core, int capacity) {
        this.core = core;
        this.capacity = capacity;
    }

    /**
     * A channel fed by {@code publisher}, with backpressure: it requests {@code buffer} items up front
     * (at least one) and one more each time an item is received, so at most {@code buffer} items wait
     * in the channel. The publisher's completion closes the channel; its failure closes it with that
     * cause (receivers get it once the channel is drained). Closing the channel cancels the
     * subscription when the next item arrives.
     *
     * @param publisher the source
     * @param buffer how many items may wait in the channel (0: one at a time, as a rendezvous)
     * @param <T> the item type
     * @return the channel
     * @throws IllegalArgumentException if {@code buffer < 0} ("buffer must be >= 0")
     */
    public static <T> AsyncChannel<T> fromPublisher(Flow.Publisher<T> publisher, int buffer) {
        Checks.notNull(publisher, "publisher");
        if (buffer < 0) {
            throw new IllegalArgumentException("buffer must be >= 0, was " + buffer);
        }
        return new AsyncChannel<>(Publishers.toQueue(publisher, buffer, QueueErrorTypes.CHANNEL), buffer);
    }

    /**
     * Sends {@code item}, waiting while the channel is full (for a rendezvous: until a receiver takes it).
     *
     * @param item the item
     * @return a future that completes once the item is in the channel or taken (already complete,
     *     and shared, when there was room); it fails if the channel is or gets closed
     * @throws NullPointerException if {@code item} is null
     */
    public CompletableFuture<Void> send(T item) {
        return core.putAsync(Checks.notNull(item, "item"));
    }

    /**
     * Receives the next item, waiting while the channel is empty.
     *
     * @return a future of the item; it fails with {@link java.util.NoSuchElementException} (or the
     *     close cause) once the channel is closed and empty
     */
    public CompletableFuture<T> receive() {
        return core.getAsync();
    }

    /**
     * Sends {@code item} if that is possible without waiting.
     *
     * @param item the item
     * @return true if sent; false if full (for a rendezvous: no receiver waits) or closed
     * @throws NullPointerException if {@code item} is null
     */
    public boolean trySend(T item) {
        return core.tryPut(Checks.notNull(item, "item"));
    }

    /**
     * Receives an item if one is there now.
     *
     * @return the item, or null if none is there (empty, or closed and drained)
     */
    public @Nullable T tryReceive() {
        return core.tryGet();
    }

    /**
     * Closes the channel for sending: waiting senders fail; receivers drain what is left, then fail.
     *
     * @return true if this call closed it, false if it was closed already
     */
    public boolean close() {
        return core.close(null, false);
    }

    /**
     * Closes the channel with {@code cause}: sends, and receives once drained, fail with it.
     *
     * @param cause the failure to report
     * @return true if this call closed it
     */
    public boolean close(Throwable cause) {
        return core.close(Checks.notNull(cause, "cause"), false);
    }

    /**
     * Whether the channel is closed for sending.
     *
     * @return true after {@link #close()}
     */
    public boolean isClosedForSend() {
        return core.isShutDown();
    }

    /**
     * Whether nothing more can be received.
     *
     * @return true once closed and drained
     */
    public boolean isClosedForReceive() {
        return core.isDrained();
    }

    /**
     * The capacity given at creation.
     *
     * @return the capacity ({@link #RENDEZVOUS}, a buffer size, {@link #UNLIMITED} or {@link #CONFLATED})
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The channel as a {@link Flow.Publisher}: each subscriber receives items from the channel as it
     * requests them (several subscribers compete for items, as consumers do), so backpressure holds
     * end to end and no item is taken that was not requested. It completes once the channel is
     * closed and drained, or fails with the close cause. Signals arrive on the thread that requested
     * or on the loop/thread that sent the item.
     *
     * @return the publisher
     */
    public Flow.Publisher<T> asPublisher() {
        return Publishers.ofQueue(core);
    }

    @Override
    public String toString() {
        return "AsyncChannel[capacity=" + capacity + (isClosedForSend() ? ", closed" : "") + "]";
    }
}
