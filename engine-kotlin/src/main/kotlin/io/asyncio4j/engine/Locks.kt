package io.asyncio4j.engine

import java.util.concurrent.BrokenBarrierException
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.BooleanSupplier
import java.util.function.Supplier

/**
 * asyncio's `Semaphore` and `BoundedSemaphore`, safe from any loop and any thread.
 *
 * Waiters are served first come, first served: while anyone waits, a free permit goes to the first
 * waiter, never to a newcomer ([tryAcquire] fails). A permit released to a waiter belongs to it at
 * once (linearizable); its future completes on the waiter's own loop. Cancelling a waiter that was
 * just given a permit hands the permit on. [bounded]: releasing above the initial count throws.
 */
public open class Semaphore(permits: Int, private val bounded: Boolean) {
    private val owner = object : WaiterOwner {
        override fun abandoned(w: Waiter<*>, granted: Boolean): Waiter<*>? = abandonedLocked(w, granted)

        override fun describe(w: Waiter<*>): String = describeWait(w)
    }
    init {
        require(permits >= 0) { "permits must be >= 0" }
    }

    private val initial = permits
    private var value = permits
    private val waiters = WaitList()

    /** Permits free now (0 while anyone waits). */
    public fun availablePermits(): Int = synchronized(this) { value }

    /** asyncio's `locked()`: true if an acquire would not succeed at once. */
    public fun locked(): Boolean = synchronized(this) { value == 0 || waiters.hasLive() }

    /** Takes a permit if one is free and nobody waits. */
    public fun tryAcquire(): Boolean = synchronized(this) {
        if (value > 0 && !waiters.hasLive()) {
            value--
            true
        } else {
            false
        }
    }

    /**
     * A future that completes (on the caller's loop) once the caller holds a permit; already complete
     * (and shared) when one was free. Cancelling it before it completes gives up the wait.
     */
    public fun acquireAsync(): CompletableFuture<Void?> = acquireOn(EventLoop.current())

    internal fun acquireOn(loop: EventLoop?): CompletableFuture<Void?> {
        val w: Waiter<Void?>
        synchronized(this) {
            if (value > 0 && !waiters.hasLive()) {
                value--
                if (this is Lock) holder = Waiter.whoIsCalling()
                return DoneFuture.VOID
            }
            w = Waiter(owner, this, loop)
            waiters.addLast(w)
        }
        return w
    }

    /** Suspends until a permit is held; cancellation never leaves one taken. */
    public suspend fun acquire() {
        awaitGranted(acquireAsync()) { releasePermit(checked = false) }
    }

    /** Returns a permit: to the first waiter if any, else to the pool. */
    public fun release() {
        releasePermit(checked = true)
    }

    /**
     * Blocking style `async with sem:` (and `async with lock:`) — waits for a permit (awaiting inside a
     * task body, blocking on a plain thread), runs [body], always releases. Checked failures of [body]
     * arrive in a [java.util.concurrent.CompletionException].
     */
    public fun <T> withPermit(body: Callable<T>): T = Blocking.holding({ acquireAsync() }, { release() }, body)

    /**
     * Future style `async with sem:` — once a permit is held, runs [body] and releases when the stage
     * it returns completes (see [Blocking.holdingAsync] for cancellation).
     */
    public fun <T> withPermitAsync(body: Supplier<out CompletionStage<T>?>): CompletableFuture<T> =
        Blocking.holdingAsync(acquireAsync(), { release() }, body)

    /** Checked release; subclasses refine the rule. */
    protected open fun checkRelease(value: Int) {
        if (bounded && value >= initial) throw IllegalStateException("BoundedSemaphore released too many times")
    }

    private fun releasePermit(checked: Boolean) {
        val w = synchronized(this) {
            val g = waiters.grantFirst(null)
            if (g == null) {
                if (checked) checkRelease(value)
                value++
            }
            holder = g?.waiter
            g
        }
        w?.dispatch()
    }

    /** Who holds a [Lock] (the last to acquire it), for `dumpTasks`; null when free. Guarded by the monitor. */
    private var holder: Any? = null

    private fun describeWait(w: Waiter<*>): String = synchronized(this) {
        if (this is Lock) {
            "lock.acquire() [held by ${holder?.let { Waiter.nameOf(it) } ?: "nobody"}, ${waiters.size} waiting]"
        } else {
            "semaphore.acquire() [$value free, ${waiters.size} waiting]"
        }
    }

    private fun abandonedLocked(w: Waiter<*>, granted: Boolean): Waiter<*>? {
        if (!granted) {
            waiters.remove(w)
            return null
        }
        // the permit it was given goes to the next waiter, or back to the pool
        val next = waiters.grantFirst(null)
        if (next == null) value++
        holder = next?.waiter
        return next
    }

    override fun toString(): String = synchronized(this) { "${javaClass.simpleName}[value=$value, waiters=${waiters.size}]" }
}

/**
 * asyncio's `Lock`: a non-reentrant mutex with FIFO hand-off; any task or thread may release it.
 * Releasing an unlocked lock throws [IllegalStateException].
 */
public class Lock : Semaphore(1, false) {
    override fun checkRelease(value: Int) {
        if (value >= 1) throw IllegalStateException("Lock is not acquired")
    }
}

/**
 * asyncio's `Event`: [set] wakes every waiter (each on its own loop); [clear] resets the flag.
 */
public class Event {
    private val owner = WaiterOwner { w, granted -> abandonedLocked(w, granted) }
    @Volatile
    private var flag = false
    private val waiters = WaitList()

    /** True once [set] and until [clear]. */
    public fun isSet(): Boolean = flag

    /** Sets the flag and wakes every waiter; idempotent. */
    public fun set() {
        val woken = ArrayList<Waiter<*>>()
        synchronized(this) {
            if (flag) return
            flag = true
            waiters.grantAll(null, woken)
        }
        dispatchAll(woken)
    }

    /** Clears the flag: later waits block until the next [set]. */
    public fun clear() {
        synchronized(this) { flag = false }
    }

    /** A future that completes once the flag is set (shared and already complete if it is set now). */
    public fun awaitAsync(): CompletableFuture<Void?> {
        synchronized(this) {
            if (flag) return DoneFuture.VOID
            val w = Waiter<Void?>(owner, this, EventLoop.current())
            waiters.addLast(w)
            return w
        }
    }

    /** Suspends until the flag is set. */
    public suspend fun await() {
        awaitGranted(awaitAsync(), null)
    }

    private fun abandonedLocked(w: Waiter<*>, granted: Boolean): Waiter<*>? {
        waiters.remove(w)
        return null
    }
}

/**
 * asyncio's `Condition` over a [Lock]. [awaitAsync] releases the lock, waits for a signal and takes
 * the lock back before its future completes — even when it is cancelled, as asyncio does, so the
 * caller always holds the lock afterwards. A signal given to a waiter that is then cancelled passes
 * to the next waiter (Python 3.13).
 */
public class Condition(public val lock: Lock) {
    private val owner = WaiterOwner { w, granted -> abandonedLocked(w, granted) }
    public constructor() : this(Lock())

    private val waiters = WaitList()

    private fun checkLocked(what: String) {
        if (!lock.locked()) throw IllegalStateException("Cannot $what a condition without holding its lock")
    }

    /**
     * Releases the lock, waits until signalled, re-acquires the lock; the future completes after
     * that. Throws [IllegalStateException] at once if the lock is not held.
     */
    public fun awaitAsync(): CompletableFuture<Void?> {
        checkLocked("await")
        val loop = EventLoop.current()
        val w = Waiter<Void?>(owner, this, loop)
        synchronized(this) { waiters.addLast(w) }
        val result = ConditionWait(w)
        lock.release()
        w.whenComplete { _, e ->
            lock.acquireOn(loop).whenComplete { _, _ -> result.settle(e != null) }
        }
        return result
    }

    /** Suspends as [awaitAsync]; on return or cancellation the lock is held. */
    public suspend fun await() {
        val f = awaitAsync()
        awaitGranted(f, null)
    }

    /**
     * asyncio's `wait_for`: while [predicate] is false, waits; completes (lock held) once it is true.
     * The predicate runs with the lock held; its failure fails the result.
     */
    public fun awaitUntilAsync(predicate: BooleanSupplier): CompletableFuture<Void?> {
        checkLocked("await")
        if (predicate.asBoolean) return DoneFuture.VOID
        val result = ConditionWaitUntil(this, predicate)
        result.step()
        return result
    }

    /** Wakes up to [n] waiters. The lock must be held. */
    public fun signal(n: Int) {
        require(n >= 0) { "n must be >= 0" }
        checkLocked("signal")
        val woken = ArrayList<Waiter<*>>(minOf(n, 8))
        synchronized(this) {
            while (woken.size < n) woken.add(waiters.grantFirst(null) ?: break)
        }
        dispatchAll(woken)
    }

    private fun passSignal() {
        val w = synchronized(this) { waiters.grantFirst(null) }
        w?.dispatch()
    }

    /** Wakes every waiter. The lock must be held. */
    public fun signalAll() {
        checkLocked("signal")
        val woken = ArrayList<Waiter<*>>()
        synchronized(this) { waiters.grantAll(null, woken) }
        dispatchAll(woken)
    }

    private fun abandonedLocked(w: Waiter<*>, granted: Boolean): Waiter<*>? {
        if (!granted) {
            waiters.remove(w)
            return null
        }
        return waiters.grantFirst(null)
    }

    /** The future of one wait: completes only once the lock is held again. */
    private inner class ConditionWait(private val w: Waiter<Void?>) : CompletableFuture<Void?>() {
        @Volatile
        private var cancelRequested = false

        fun settle(cancelled: Boolean) {
            if (cancelled || cancelRequested) super.completeExceptionally(CancellationException("Condition wait cancelled"))
            else super.complete(null)
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            if (isDone) return isCancelled
            cancelRequested = true
            if (!w.cancel(false) && w.isDone && !w.isCompletedExceptionally) {
                // notified, then cancelled: wake another waiter instead (Python 3.13)
                passSignal()
            }
            return true
        }

        override fun complete(value: Void?): Boolean = false

        override fun completeExceptionally(ex: Throwable): Boolean = false

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }

    private class ConditionWaitUntil(private val cond: Condition, private val predicate: BooleanSupplier) : CompletableFuture<Void?>() {
        @Volatile
        private var current: CompletableFuture<Void?>? = null

        @Volatile
        private var cancelRequested = false

        fun step() {
            val f = cond.awaitAsync()
            current = f
            if (cancelRequested) f.cancel(false)
            f.whenComplete { _, e ->
                if (e != null) {
                    super.completeExceptionally(Awaits.unwrap(e))
                    return@whenComplete
                }
                val ok = try {
                    predicate.asBoolean
                } catch (t: Throwable) {
                    super.completeExceptionally(t)
                    return@whenComplete
                }
                when {
                    ok -> super.complete(null)
                    cancelRequested -> super.completeExceptionally(CancellationException("Condition wait for a predicate cancelled"))
                    else -> step()
                }
            }
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            if (isDone) return isCancelled
            cancelRequested = true
            current?.cancel(false)
            return true
        }

        override fun complete(value: Void?): Boolean = false

        override fun completeExceptionally(ex: Throwable): Boolean = false

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }
}

/**
 * asyncio's `Barrier` (3.11): [awaitAsync] completes with the caller's arrival index once [parties]
 * callers wait; then the barrier is ready for the next round. [abort] breaks it (every waiter and
 * later caller fails with [BrokenBarrierException]) until [reset]; [reset] fails current waiters
 * with [BrokenBarrierException] and empties it. A cancelled waiter leaves the round.
 */
public class Barrier(private val parties: Int) {
    private val owner = WaiterOwner { w, granted -> abandonedLocked(w, granted) }
    init {
        require(parties > 0) { "parties must be > 0" }
    }

    private var broken = false
    private val waiters = WaitList()

    /** The number of callers needed to pass. */
    public fun parties(): Int = parties

    /** Callers waiting now. */
    public fun waiting(): Int = synchronized(this) { waiters.purge() }

    /** True after [abort] until [reset]. */
    public fun isBroken(): Boolean = synchronized(this) { broken }

    /** Waits for the round to fill; completes with this caller's index (0 for the first arrival). */
    public fun awaitAsync(): CompletableFuture<Int> {
        val woken = ArrayList<Waiter<*>>()
        synchronized(this) {
            if (broken) return failed(BrokenBarrierException("Barrier is broken"))
            val index = waiters.purge()
            if (index + 1 < parties) {
                val w = Waiter<Int>(owner, this, EventLoop.current())
                w.payload = index
                waiters.addLast(w)
                return w
            }
            // the last party: everyone passes, the barrier is empty again
            while (true) {
                val w = waiters.pollFirst() ?: break
                if (w.grant(w.payload)) woken.add(w)
            }
        }
        dispatchAll(woken)
        return CompletableFuture.completedFuture(parties - 1)
    }

    /** Suspends as [awaitAsync]. */
    public suspend fun await(): Int = awaitGranted(awaitAsync(), null)

    /** Fails current waiters with [BrokenBarrierException] and makes the barrier empty and usable. */
    public fun reset() {
        val woken = ArrayList<Waiter<*>>()
        synchronized(this) {
            waiters.failAll(BrokenBarrierException("Barrier was reset"), woken)
            broken = false
        }
        dispatchAll(woken)
    }

    /** Breaks the barrier: current and later waits fail with [BrokenBarrierException] until [reset]. */
    public fun abort() {
        val woken = ArrayList<Waiter<*>>()
        synchronized(this) {
            broken = true
            waiters.failAll(BrokenBarrierException("Barrier was aborted"), woken)
        }
        dispatchAll(woken)
    }

    private fun abandonedLocked(w: Waiter<*>, granted: Boolean): Waiter<*>? {
        waiters.remove(w)
        return null
    }
}
