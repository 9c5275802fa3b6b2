package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture

/** The exceptions a [Queue] throws; the facade supplies its own types (`QueueEmpty`, ...). */
public interface QueueErrors {
    /** `getNowait` on an empty queue. */
    public fun empty(): RuntimeException

    /** `putNowait` on a full queue. */
    public fun full(): RuntimeException

    /** A put after shutdown / close; [cause] is the close cause, if any. */
    public fun shutDownPut(cause: Throwable?): Throwable

    /** A get on a shut-down (closed) queue that is empty; [cause] is the close cause, if any. */
    public fun shutDownGet(cause: Throwable?): Throwable
}

/**
 * The one mechanism behind asyncio's `Queue`, `LifoQueue`, `PriorityQueue` (with Python 3.13's
 * `shutdown`) and the channels (rendezvous, buffered, unlimited, conflated), safe from any loop and
 * any thread.
 *
 * Everything happens under the queue's monitor, so every operation is linearizable. Items go
 * straight to the first waiting getter; when a slot frees, the first waiting putter's item moves in
 * at once (so waiting putters are served in order and nobody barges past them). Futures complete on
 * the waiter's own loop. A cancelled `get` never loses an item: if the item had already been handed
 * to it, the item goes to the next getter or back to the head of the queue. A cancelled `put` never
 * puts: once its item has been accepted, `cancel` answers false and the future completes normally.
 *
 * [capacity] is the most items buffered: `Int.MAX_VALUE` for unbounded, 0 for a rendezvous (a put
 * waits for a getter).
 */
public class Queue<T : Any>(
    private val kind: Kind,
    private val capacity: Int,
    comparator: Comparator<in T>?,
    private val errors: QueueErrors,
) {
    private val owner = object : WaiterOwner {
        override fun abandoned(w: Waiter<*>, granted: Boolean): Waiter<*>? = abandonedLocked(w, granted)

        override fun describe(w: Waiter<*>): String = describeWait(w)
    }
    /** How items are ordered. CONFLATED keeps only the newest (a put never waits). */
    public enum class Kind { FIFO, LIFO, PRIORITY, CONFLATED }

    init {
        require(capacity >= 0) { "capacity must be >= 0" }
    }

    private val buffer = QueueBuffer.of(kind, capacity, comparator)

    private val getters = WaitList()
    private val putters = WaitList()
    private val joiners = WaitList()

    private var unfinished = 0L
    private var shut = false
    private var drained = false
    private var closeCause: Throwable? = null

    // Set under the monitor by the *Locked helpers, read and cleared before leaving it.
    private var toDispatch: Waiter<*>? = null

    /** Called (outside the monitor) once per item handed to a consumer; used by `fromPublisher`. */
    @Volatile
    internal var onTaken: Runnable? = null

    // ------------------------------------------------------------ locked steps

    /** Offers [item]; false if there is no room. May set [toDispatch] (a getter that got it). */
    private fun offerLocked(item: T): Boolean {
        val g = getters.grantFirst(item)
        if (g != null) {
            unfinished++
            toDispatch = g
            return true
        }
        if (buffer.isFull(capacity)) return false
        if (buffer.add(item)) unfinished++
        return true
    }

    /** Takes an item, or null; admits the first waiting putter into the freed slot (sets [toDispatch]). */
    @Suppress("UNCHECKED_CAST")
    private fun takeLocked(): T? {
        if (buffer.size > 0) {
            val item = buffer.take()
            while (true) {
                val p = putters.pollFirst() ?: break
                if (p.grant(null)) {
                    if (buffer.add(p.payload as T)) unfinished++
                    toDispatch = p
                    break
                }
            }
            return item
        }
        // rendezvous (or a queue emptied under waiting putters): take straight from a putter
        while (true) {
            val p = putters.pollFirst() ?: return null
            if (p.grant(null)) {
                unfinished++
                toDispatch = p
                return p.payload as T
            }
        }
    }

    private fun takeDispatch(): Waiter<*>? {
        val d = toDispatch
        toDispatch = null
        return d
    }

    private fun taken() {
        onTaken?.run()
    }

    // ------------------------------------------------------------ put side

    /** asyncio's `put_nowait`: throws the full error if there is no room, the shutdown error once shut down. */
    public fun putNowait(item: T) {
        val d: Waiter<*>?
        synchronized(this) {
            if (shut) throw Awaits.wrap(errors.shutDownPut(closeCause))
            if (!offerLocked(item)) throw errors.full()
            d = takeDispatch()
        }
        if (d != null) {
            d.dispatch()
            taken()
        }
    }

    /** kotlinx's `trySend`: true if [item] was accepted now; false if full or closed. */
    public fun tryPut(item: T): Boolean {
        val d: Waiter<*>?
        synchronized(this) {
            if (shut || !offerLocked(item)) return false
            d = takeDispatch()
        }
        if (d != null) {
            d.dispatch()
            taken()
        }
        return true
    }

    /**
     * asyncio's `put`: a future that completes once [item] is in the queue (or handed to a getter);
     * shared and already complete when there was room. Fails with the shutdown error if the queue is
     * or gets shut down while waiting.
     */
    public fun putAsync(item: T): CompletableFuture<Void?> {
        val d: Waiter<*>?
        synchronized(this) {
            if (shut) return failed(errors.shutDownPut(closeCause))
            if (!offerLocked(item)) {
                val w = Waiter<Void?>(owner, this, EventLoop.current())
                w.tag = PUTTER
                w.payload = item
                w.refusesCancelAfterGrant = true
                putters.addLast(w)
                return w
            }
            d = takeDispatch()
        }
        if (d != null) {
            d.dispatch()
            taken()
        }
        return DoneFuture.VOID
    }

    /**
     * Suspends until [item] is in the queue. Cancellation is atomic: it either takes effect before
     * the item is accepted (and this throws), or comes too late and this returns normally.
     */
    public suspend fun put(item: T) {
        awaitOutcome(putAsync(item))
    }

    /** `queue.Queue.put` for plain threads (inside a blocking task body it awaits instead). */
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T) {
        Blocking.checkMayBlock()
        Blocking.blockOn(putAsync(item))
    }

    // ------------------------------------------------------------ get side

    /** asyncio's `get_nowait`: throws the empty error, or the shutdown error once shut down and empty. */
    public fun getNowait(): T {
        val item: T?
        val d: Waiter<*>?
        synchronized(this) {
            item = takeLocked()
            if (item == null) {
                if (shut) throw Awaits.wrap(errors.shutDownGet(closeCause))
                throw errors.empty()
            }
            d = takeDispatch()
        }
        d?.dispatch()
        taken()
        return item!!
    }

    /** kotlinx's `tryReceive`: an item now, or null (empty or closed). */
    public fun tryGet(): T? {
        val item: T?
        val d: Waiter<*>?
        synchronized(this) {
            item = takeLocked() ?: return null
            d = takeDispatch()
        }
        d?.dispatch()
        taken()
        return item
    }

    /**
     * asyncio's `get`: a future of the next item (already complete when one is there). Fails with the
     * shutdown error once the queue is shut down and empty. Cancelling it never loses an item.
     */
    public fun getAsync(): CompletableFuture<T> {
        val item: T?
        val d: Waiter<*>?
        synchronized(this) {
            item = takeLocked()
            if (item == null) {
                if (shut) return failed(errors.shutDownGet(closeCause))
                val w = Waiter<T>(owner, this, EventLoop.current())
                w.tag = GETTER
                getters.addLast(w)
                return w
            }
            d = takeDispatch()
        }
        d?.dispatch()
        taken()
        return CompletableFuture.completedFuture(item)
    }

    /** Suspends for the next item; a cancelled get leaves the item in the queue. */
    public suspend fun get(): T = awaitGranted(getAsync()) { handBack(it) }

    /** `queue.Queue.get` for plain threads (inside a blocking task body it awaits instead). */
    @Throws(InterruptedException::class)
    public fun getBlocking(): T {
        Blocking.checkMayBlock()
        return Blocking.blockOn(getAsync())
    }

    /** Gives back an item that was taken but could not be delivered (its taker was cancelled too late). */
    internal fun handBack(item: T) {
        val d = synchronized(this) { handBackLocked(item) }
        d?.dispatch()
    }

    private fun handBackLocked(item: T): Waiter<*>? {
        if (drained) {
            // shutdown(immediate) discarded everything; discard this one too
            if (unfinished > 0) unfinished--
            if (unfinished == 0L) {
                val woken = ArrayList<Waiter<*>>()
                joiners.grantAll(null, woken)
                // we hold the monitor here: complete them elsewhere (a rare path)
                if (woken.isNotEmpty()) java.util.concurrent.ForkJoinPool.commonPool().execute { dispatchAll(woken) }
            }
            return null
        }
        val g = getters.grantFirst(item)
        if (g == null) buffer.putBack(item)
        return g
    }

    // ------------------------------------------------------------ tasks, size, shutdown

    /** asyncio's `task_done`; [IllegalStateException] if called more times than items were put. */
    public fun taskDone() {
        val woken = ArrayList<Waiter<*>>(0)
        synchronized(this) {
            check(unfinished > 0) { "taskDone() called more times than there were items in the queue" }
            unfinished--
            if (unfinished == 0L) joiners.grantAll(null, woken)
        }
        dispatchAll(woken)
    }

    /** asyncio's `join`: completes once every item put has been marked done. */
    public fun joinAsync(): CompletableFuture<Void?> {
        synchronized(this) {
            if (unfinished == 0L) return DoneFuture.VOID
            val w = Waiter<Void?>(owner, this, EventLoop.current())
            w.tag = JOINER
            joiners.addLast(w)
            return w
        }
    }

    /** Suspends until every item has been marked done. */
    public suspend fun join() {
        awaitGranted(joinAsync(), null)
    }

    /** Items in the queue now. */
    public fun size(): Int = synchronized(this) { buffer.size }

    /** True if no item is in the queue. */
    public fun isEmpty(): Boolean = size() == 0

    /** True if a put would wait (never for an unbounded or conflated queue). */
    public fun isFull(): Boolean = synchronized(this) {
        buffer.isFull(capacity)
    }

    /** Items put and not yet marked done. */
    public fun unfinishedTasks(): Long = synchronized(this) { unfinished }

    /** True after [shutdown] or [close]. */
    public fun isShutDown(): Boolean = synchronized(this) { shut }

    /** The cause given to [close], if any. */
    public fun closeCause(): Throwable? = synchronized(this) { closeCause }

    /** True once shut down and empty: no get will ever succeed again. */
    public fun isDrained(): Boolean = synchronized(this) { shut && buffer.size == 0 }

    /**
     * Python 3.13's `shutdown`: later puts fail; waiting putters fail; waiting getters fail (the queue
     * is empty when anyone waits); gets drain what is left, then fail. [immediate] also discards the
     * items left (counting them done, which may release `join`).
     */
    public fun shutdown(immediate: Boolean) {
        close(null, immediate)
    }

    /** A channel's `close`: [shutdown] that makes the errors carry [cause]. Idempotent; false if already closed. */
    public fun close(cause: Throwable?, immediate: Boolean): Boolean {
        val woken = ArrayList<Waiter<*>>()
        val first: Boolean
        synchronized(this) {
            first = !shut
            if (first) {
                shut = true
                closeCause = cause
            }
            if (immediate) {
                drained = true
                val n = buffer.size
                buffer.clear()
                unfinished = maxOf(0L, unfinished - n)
                if (unfinished == 0L) joiners.grantAll(null, woken)
            }
            if (buffer.size == 0) getters.failAll(errors.shutDownGet(closeCause), woken)
            putters.failAll(errors.shutDownPut(closeCause), woken)
        }
        dispatchAll(woken)
        return first
    }

    private fun abandonedLocked(w: Waiter<*>, granted: Boolean): Waiter<*>? {
        if (!granted) {
            when (w.tag) {
                GETTER -> getters.remove(w)
                PUTTER -> putters.remove(w)
                else -> joiners.remove(w)
            }
            return null
        }
        if (w.tag != GETTER) return null
        @Suppress("UNCHECKED_CAST")
        return handBackLocked(w.grantedValue as T)
    }

    private fun describeWait(w: Waiter<*>): String = synchronized(this) {
        val verb = when (w.tag) {
            GETTER -> "get"
            PUTTER -> "put"
            else -> "join"
        }
        "queue.$verb() [${buffer.size}/${if (capacity == Int.MAX_VALUE) "unbounded" else capacity.toString()} items, " +
            "${getters.size} getters, ${putters.size} putters${if (shut) ", shut down" else ""}]"
    }

    override fun toString(): String = synchronized(this) {
        "Queue[$kind, size=${buffer.size}, getters=${getters.size}, putters=${putters.size}${if (shut) ", shut down" else ""}]"
    }

    private companion object {
        private const val GETTER = 1
        private const val PUTTER = 2
        private const val JOINER = 3
    }
}
