package io.asyncio4j.engine

import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.resumeWithException

/**
 * The structure a [Waiter] waits on. Every method is called with the structure's monitor held.
 */
internal fun interface WaiterOwner {
    /**
     * [w] was cancelled (or completed from outside). If [granted], it had been given something
     * ([Waiter.grantedValue]) that must now be handed on; otherwise it is still linked and must be unlinked.
     * Returns a waiter that was granted in its place, to dispatch once the monitor is released.
     */
    fun abandoned(w: Waiter<*>, granted: Boolean): Waiter<*>?

    /** What [w] waits for, for `dumpTasks` (`queue.get() [0/10 items, 3 getters, 0 putters]`); null: say nothing special. */
    fun describe(w: Waiter<*>): String? = null
}

/**
 * One waiting call (`acquire`, `get`, `put`, ...): the future its caller holds, and a node of the
 * owner's FIFO [WaitList].
 *
 * Ownership is decided under the owner's monitor ([grant]: WAITING to GRANTED) and delivered later on
 * the waiter's own loop ([dispatch]), so continuations never run under the monitor nor on a foreign
 * loop. Between the two, the future itself decides: exactly one of the delivery's `complete` and a
 * `cancel` wins. A cancel that wins hands on whatever was granted (under the monitor), so a
 * cancelled waiter never keeps a lock, a permit or an item. A waiter whose grant cannot be taken back
 * (a putter whose item is already in the queue) has [refusesCancelAfterGrant]: its `cancel` decides
 * under the monitor and answers false once granted; the future then completes normally.
 */
internal open class Waiter<T>(
    private val owner: WaiterOwner,
    /** The owner's monitor, held while calling [WaiterOwner.abandoned]. */
    private val monitor: Any,
    /** The loop that created the waiter, where it is completed; null for a plain thread. */
    @JvmField val loop: EventLoop?,
) : CompletableFuture<T>(), Runnable {
    /** WAITING, GRANTED or ABANDONED; written under the owner's monitor only. */
    @Volatile
    private var state: Int = WAITING

    @JvmField var prev: Waiter<*>? = null
    @JvmField var next: Waiter<*>? = null
    @JvmField var linked: Boolean = false

    /** What was granted (the item, the index, ...); valid once GRANTED. */
    @JvmField var grantedValue: Any? = null

    /** A failure granted instead of a value (shutdown, broken barrier). */
    @JvmField var grantedFailure: Throwable? = null

    /** Per-kind payload (a putter's item). */
    @JvmField var payload: Any? = null

    @JvmField var refusesCancelAfterGrant: Boolean = false

    /** Which of the owner's lists the waiter is on (owner-defined). */
    @JvmField var tag: Int = 0

    /** Who waits (the task, else the thread), for `dumpTasks` and a lock's holder; named only when shown. */
    @JvmField val waiter: Any = whoIsCalling()

    /** What this call waits for, for `dumpTasks`. */
    fun describe(): String = owner.describe(this) ?: "wait on $monitor"

    /** True while nothing was granted and nobody cancelled it (read under the owner's monitor). */
    val isWaiting: Boolean get() = state == WAITING && !isDone

    /** Under the owner's monitor: gives [value] to this waiter if it still waits. Call [dispatch] after unlocking. */
    fun grant(value: Any?): Boolean {
        if (!isWaiting) return false
        grantedValue = value
        state = GRANTED
        return true
    }

    /** Under the owner's monitor: fails this waiter with [failure] if it still waits. Call [dispatch] after unlocking. */
    fun grantFailure(failure: Throwable): Boolean {
        if (!isWaiting) return false
        grantedFailure = failure
        state = GRANTED
        return true
    }

    /** After unlocking: completes the future on the waiter's loop (at once for a plain thread or a closed loop). */
    fun dispatch() {
        val l = loop
        if (l == null || l.isClosed) {
            run()
            return
        }
        l.schedule(this)
        if (l.isClosed) run() // closed meanwhile: the callback may never run; completing twice is harmless
    }

    /** Delivery; loses (and does nothing) if a cancel won first. */
    override fun run() {
        val l = loop
        if (l == null || !l.inLoop()) return deliver()
        // A body awaiting this resumes right after this callback (asyncio wakes it one iteration after
        // the grant, as it does a future-style continuation), not one more iteration later.
        l.delivering = true
        try {
            deliver()
        } finally {
            l.delivering = false
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun deliver() {
        val f = grantedFailure
        if (f != null) super.completeExceptionally(f) else super.complete(grantedValue as T)
    }

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean =
        abandon(CancellationException("cancelled"), null, false) || isCancelled

    override fun completeExceptionally(ex: Throwable): Boolean = abandon(ex, null, false)

    /** Completing a waiting call from outside abandons the wait, as cancelling does, with that value. */
    override fun complete(value: T): Boolean = abandon(null, value, true)

    override fun obtrudeValue(value: T): Unit = throw UnsupportedOperationException("A waiting call's outcome cannot be replaced")

    override fun obtrudeException(ex: Throwable): Unit = throw UnsupportedOperationException("A waiting call's outcome cannot be replaced")

    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()

    private fun settle(ex: Throwable?, value: T?, normal: Boolean): Boolean {
        @Suppress("UNCHECKED_CAST")
        return if (normal) super.complete(value as T) else super.completeExceptionally(ex!!)
    }

    private fun abandon(ex: Throwable?, value: T?, normal: Boolean): Boolean {
        if (refusesCancelAfterGrant) {
            val next: Waiter<*>?
            synchronized(monitor) {
                if (state != WAITING || isDone) return false
                state = ABANDONED
                next = owner.abandoned(this, false)
            }
            next?.dispatch()
            return settle(ex, value, normal)
        }
        if (!settle(ex, value, normal)) return false
        val next = synchronized(monitor) {
            val s = state
            state = ABANDONED
            owner.abandoned(this, s == GRANTED && grantedFailure == null)
        }
        next?.dispatch()
        return true
    }

    init {
        // Last, once every field is set: a loop that closed already withdraws it at once.
        loop?.waiters?.add(this)
    }

    override fun toString(): String = "Waiter@" + Integer.toHexString(System.identityHashCode(this)) + "[" + when (state) {
        WAITING -> "waiting"
        GRANTED -> "granted"
        else -> "abandoned"
    } + "]"

    internal companion object {
        private const val WAITING = 0
        private const val GRANTED = 1
        private const val ABANDONED = 2

        /** The current task, else the current thread: who holds or waits, named later by [nameOf]. */
        fun whoIsCalling(): Any = Task.current() ?: Thread.currentThread()

        /** [who] named for a person: "Task 'crawler-3'" or "thread 'main'". */
        fun nameOf(who: Any): String = if (who is Task<*>) "Task '${who.name}'" else "thread '${(who as Thread).name}'"
    }
}

/**
 * The waiting calls made on one loop, so that closing the loop withdraws those still waiting (or granted
 * and not yet delivered). The structures are shared across loops and threads: a call left waiting by a
 * loop that is gone would swallow the next item, lock or permit given to it. Done waiters are dropped
 * whenever the list has doubled since the last sweep (amortized O(1) per wait).
 *
 * Lock order: a structure's monitor, then this; nothing is called under this lock.
 */
internal class LoopWaiters(private val loopName: String) {
    private var list = ArrayList<Waiter<*>>()
    private var sweepAt = SWEEP_MIN
    private var closed = false

    fun add(w: Waiter<*>) {
        val late = synchronized(this) {
            if (!closed) {
                list.add(w)
                if (list.size >= sweepAt) {
                    list.removeIf { it.isDone }
                    sweepAt = maxOf(SWEEP_MIN, list.size * 2)
                }
            }
            closed
        }
        if (late) w.completeExceptionally(closedError())
    }

    /** The loop closes: withdraws every waiter not done, and every one made from now on. */
    fun close() {
        val left = synchronized(this) {
            closed = true
            list.also { list = ArrayList() }
        }
        for (w in left) if (!w.isDone) w.completeExceptionally(closedError())
    }

    private fun closedError() = java.util.concurrent.CancellationException("Event loop '$loopName' closed while this call waited")

    private companion object {
        const val SWEEP_MIN = 64
    }
}

/** An intrusive FIFO of waiters; guarded by the owner's monitor. Unlinking is O(1). */
internal class WaitList {
    private var head: Waiter<*>? = null
    private var tail: Waiter<*>? = null

    /** Number of linked waiters (some may be abandoned but not yet unlinked). */
    var size: Int = 0
        private set

    val isEmpty: Boolean get() = head == null

    fun addLast(w: Waiter<*>) {
        w.linked = true
        w.prev = tail
        w.next = null
        if (tail == null) head = w else tail!!.next = w
        tail = w
        size++
    }

    fun addFirst(w: Waiter<*>) {
        w.linked = true
        w.prev = null
        w.next = head
        if (head == null) tail = w else head!!.prev = w
        head = w
        size++
    }

    fun remove(w: Waiter<*>) {
        if (!w.linked) return
        val p = w.prev
        val n = w.next
        if (p == null) head = n else p.next = n
        if (n == null) tail = p else n.prev = p
        w.prev = null
        w.next = null
        w.linked = false
        size--
    }

    fun peekFirst(): Waiter<*>? = head

    fun pollFirst(): Waiter<*>? {
        val h = head ?: return null
        remove(h)
        return h
    }

    /** Unlinks every waiter that no longer waits; returns how many are left. */
    fun purge(): Int {
        var w = head
        while (w != null) {
            val n = w.next
            if (!w.isWaiting) remove(w)
            w = n
        }
        return size
    }

    /** True if some linked waiter still waits (abandoned ones are dropped on the way). */
    fun hasLive(): Boolean {
        while (true) {
            val h = head ?: return false
            if (h.isWaiting) return true
            remove(h)
        }
    }

    /** Grants [value] to the first waiter that still waits; returns it (to dispatch after unlocking) or null. */
    fun grantFirst(value: Any?): Waiter<*>? {
        while (true) {
            val w = pollFirst() ?: return null
            if (w.grant(value)) return w
        }
    }

    /** Fails every waiter with [failure]; returns those to dispatch. */
    fun failAll(failure: Throwable, into: MutableList<Waiter<*>>) {
        while (true) {
            val w = pollFirst() ?: return
            if (w.grantFailure(failure)) into.add(w)
        }
    }

    /** Grants [value] to every waiter; returns those to dispatch. */
    fun grantAll(value: Any?, into: MutableList<Waiter<*>>) {
        while (true) {
            val w = pollFirst() ?: return
            if (w.grant(value)) into.add(w)
        }
    }
}

/** Futures that are born complete and may be shared: nobody can overwrite their outcome. */
internal class DoneFuture<T>(value: T) : CompletableFuture<T>() {
    init {
        super.complete(value)
    }

    override fun obtrudeValue(value: T): Unit = throw UnsupportedOperationException("shared completed future")

    override fun obtrudeException(ex: Throwable): Unit = throw UnsupportedOperationException("shared completed future")

    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()

    companion object {
        /** The shared completed `CompletableFuture<Void>` returned by every uncontended acquire/put. */
        @JvmField
        val VOID: CompletableFuture<Void?> = DoneFuture(null)
    }
}

internal fun dispatchAll(list: List<Waiter<*>>) {
    for (w in list) w.dispatch()
}

internal fun <T> failed(e: Throwable): CompletableFuture<T> = CompletableFuture<T>().also { it.completeExceptionally(e) }

/**
 * Suspends until [f] completes. If the coroutine is cancelled the future is cancelled; if that
 * cancellation comes too late (the future already has a value), [onUndelivered] gets the value so it
 * can be handed on (a lock released, an item put back) instead of being lost.
 */
internal suspend fun <T> awaitGranted(f: CompletableFuture<T>, onUndelivered: ((T) -> Unit)?): T {
    if (f.isDone) return outcome(f)
    return suspendCancellableCoroutine { cont ->
        // The value is handed back exactly once, whether the cancellation comes before or after it arrives.
        val claimed = AtomicBoolean()
        f.whenComplete { v, e ->
            if (e == null) {
                if (onUndelivered == null) {
                    cont.resume(v) { _, _, _ -> }
                } else {
                    cont.resume(v) { _, value, _ -> if (claimed.compareAndSet(false, true)) onUndelivered(value) }
                }
            } else {
                cont.resumeWithException(Awaits.unwrap(e))
            }
        }
        cont.invokeOnCancellation {
            if (!f.cancel(false) && onUndelivered != null && f.isDone && !f.isCompletedExceptionally) {
                if (claimed.compareAndSet(false, true)) onUndelivered(f.join())
            }
        }
    }
}

private fun <T> outcome(f: CompletableFuture<T>): T {
    try {
        return f.getNow(null)
    } catch (e: CompletionException) {
        throw Awaits.unwrap(e)
    } catch (e: CancellationException) {
        throw e
    }
}
