package io.asyncio4j.engine

import kotlinx.coroutines.Job
import kotlinx.coroutines.ensureActive
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.BiConsumer
import kotlin.coroutines.Continuation
import kotlin.coroutines.coroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.suspendCoroutine

/**
 * Runs a blocking-style task body while keeping DESIGN rule 1 (one baton per loop).
 *
 * The task's first step suspends the task's coroutine and runs the body on the driver that runs it,
 * if that is a plain driver, else gives the baton to a fresh thread for the body (virtual on JDK 21+,
 * so its stack stays shallow: that is what a million parked bodies cost in memory). When the body calls `Async.await` on a future that is not done, it drives
 * the loop itself until the baton goes elsewhere, and parks ([Baton.waitForTurn]); when the future
 * completes, a resumption is queued on the loop — right after the callback that completed it, when
 * that ran on the loop — and whoever runs it hands the baton (and the outcome) straight back to the
 * body's thread ([Baton.resumeBody]). When the body ends, its thread resumes the task's coroutine
 * and goes on driving the loop: no switch back.
 *
 * Cancellation is asyncio's: a request ([requestCancel]) is delivered once. If the body awaits a
 * future, that future is cancelled and the await throws [CancellationException]; if the future can
 * no longer be cancelled (its value arrived: a lock granted, an item taken), the await returns it —
 * the body owns it — and the request stays pending for the next await. While the body runs code it
 * is interrupted and its next await throws. After delivery, awaits work again, so cleanup in
 * `finally` can await and a body that swallows the exception never spins. The rule every path keeps:
 * an await that throws took nothing; one that returns, took it.
 */
internal class BlockingBody<T>(private val task: Task<T>, private val body: Callable<T>) : BiConsumer<Any?, Throwable?>, Runnable {
    private val loop = task.loop

    @Volatile
    private var thread: Thread? = null

    /** True once the baton is back with the body; volatile, it publishes the outcome below. */
    @Volatile
    internal var turn = false

    private var awaitCancellable = true
    private var resumeValue: Any? = null
    private var resumeError: Throwable? = null

    /** Set once a resumption is queued for the current await; resumptions of stale awaits are dropped. */
    private val resumeQueued = AtomicBoolean()

    /** Hosted loop (LoopHost): what the body waits for in its host, completed instead of queuing [resumer]. */
    @Volatile
    private var hostWake: CompletableFuture<Any?>? = null

    /** The cancellation thrown into the body last; `Async.await` tells it from a cancel scope's by identity. */
    @Volatile
    internal var deliveredCancel: Throwable? = null

    // Guarded by [lock].
    private val lock = Any()
    private var awaiting: CompletableFuture<*>? = null
    private var started = false
    private var finished = false
    private var requested = false
    private var pendingCancel = false
    private var cancellingAwaited = false
    private var cancelledByRequest = false
    private var forcedError: Throwable? = null

    private val resumer = Runnable { resume() }
    private val starter = Runnable { start() }

    private var continuation: Continuation<Any?>? = null
    private var value: T? = null
    private var failure: Throwable? = null

    /** The task's coroutine: starts the body on its own thread and waits for it without blocking the loop. */
    @Suppress("UNCHECKED_CAST")
    suspend fun drive(): T {
        val job = coroutineContext[Job]!!
        job.ensureActive()
        // A parent's cancellation (a task group aborting, the loop closing) is a request like Task.cancel().
        val cancelHook = job.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { requestCancel() }
        try {
            suspendCoroutine<Any?> { cont ->
                continuation = cont
                // Start the body from the next callback, not from here: a body that finished before this
                // coroutine had fully suspended would resume it synchronously on this (no longer owning)
                // thread. Next in this very iteration, so the body starts when asyncio's would.
                loop.scheduleNext(starter)
            }
        } finally {
            cancelHook.dispose()
        }
        // Thrown here rather than passed through resumeWith, so kotlinx's stack-trace recovery cannot
        // replace the body's exception with a copy (exceptions keep their identity).
        failure?.let { throw it }
        return value as T
    }

    private fun cancelled(cause: Throwable? = null): CancellationException = task.cancellation(cause)

    /**
     * On the driver holding the baton, once the coroutine has suspended: run the body right here if
     * this thread is a plain driver (a body that never waits then costs no thread at all; one that
     * waits keeps this thread, and another takes over the loop), else hand the baton to a new thread.
     */
    private fun start() {
        val early = synchronized(lock) {
            if (pendingCancel) finished = true else started = true
            pendingCancel
        }
        if (early) {
            // Cancelled before it started: like an asyncio task cancelled before its first step, it never runs.
            failure = CancellationException("Task '${task.name}' was cancelled before it started")
            continuation!!.resume(null)
            return
        }
        loop.host?.let { // hosted loop (LoopHost): the host runs the body; run() takes the baton as the pooled path does
            loop.baton.giveToStartingBody(null, task)
            return it.startBody(this)
        }
        val me = Thread.currentThread()
        if (loop.baton.mayRunBodyHere(me)) return runHere(me)
        val t = loop.newVirtualThread(this)
        if (t != null) {
            thread = t
            loop.baton.giveToStartingBody(t, task)
            t.start()
        } else {
            // JDK 17: a pooled platform thread, known only once it runs; it takes the baton then.
            loop.baton.giveToStartingBody(null, task)
            BodyThreads.start(this)
        }
    }

    /** The body's own thread: it holds the baton from the start. */
    override fun run() {
        val me = Thread.currentThread()
        val pooledName = if (thread == null) me.name else null
        if (pooledName != null) {
            thread = me
            me.name = loop.name
            loop.baton.takeForPooledBody(me, task)
        }
        EventLoop.CURRENT_LOOP.set(loop)
        callBody(me)
        // Still holding the baton: queue the task's completion and drive the loop from here.
        continuation!!.resume(null)
        try {
            if (loop.host == null) loop.baton.drive() // a hosted loop's host goes on by itself
        } finally {
            EventLoop.CURRENT_LOOP.remove()
            if (pooledName != null) me.name = pooledName
        }
    }

    /** The body on the driver [me] that runs its start; the driver goes on driving once the body ends. */
    private fun runHere(me: Thread) {
        thread = me
        loop.baton.giveToStartingBody(me, task)
        callBody(me)
        continuation!!.resume(null)
        loop.baton.goOnDriving(me)
    }

    /** Runs the body on [me], which holds the baton, in the task's context; keeps its value or failure. */
    private fun callBody(me: Thread) {
        Task.CURRENT.set(task)
        ContextVars.enter(task.context) // contextvars hook: the body's thread runs in the task's context
        CURRENT.set(this)
        task.started = true
        task.bodyThreadRef = me
        try {
            value = body.call()
        } catch (e: Throwable) {
            failure = if (e is InterruptedException && synchronized(lock) { requested }) {
                // The interrupt we sent on cancellation surfaces as InterruptedException: that is the cancellation.
                cancelled(e)
            } else {
                e
            }
        } finally {
            synchronized(lock) { finished = true }
            task.bodyThreadRef = null
            Thread.interrupted() // a late cancellation interrupt must not outlive the body
            CURRENT.remove()
            Task.CURRENT.remove()
            ContextVars.restore(null) // contextvars hook: the thread goes on as a plain driver
        }
    }

    /** A cancel request not yet delivered, taken (asyncio's `_must_cancel`). */
    private fun takePendingCancel(): Boolean = synchronized(lock) {
        val p = pendingCancel
        pendingCancel = false
        p
    }

    /**
     * `Async.await` from the body on a future that is not done: let the loop run until [cf] completes;
     * returns or throws its outcome.
     */
    fun <R> await(cf: CompletableFuture<R>, cancellable: Boolean): R {
        if (cancellable && takePendingCancel()) return withdrawCancelled(cf)
        awaitCancellable = cancellable
        resumeValue = null
        resumeError = null
        turn = false
        resumeQueued.set(false)
        task.awaiting = cf
        val host = loop.host
        // Hosted loop (LoopHost): set before `awaiting` is published, so every wake-up finds it.
        val wake = if (host != null) CompletableFuture<Any?>() else null
        hostWake = wake
        synchronized(lock) {
            awaiting = cf
            cancelledByRequest = false
            forcedError = null
        }
        // A request that came between the check above and publishing `awaiting` was left pending.
        if (cancellable && takePendingCancel()) {
            synchronized(lock) { awaiting = null }
            task.awaiting = null
            hostWake = null
            return withdrawCancelled(cf)
        }
        cf.whenComplete(this)
        if (host != null && wake != null) { // the host lets go of itself until we are woken
            try {
                host.awaitDone(wake)
            } catch (e: java.util.concurrent.CancellationException) { // the host is going away
                synchronized(lock) { awaiting = null }
                task.awaiting = null
                if (cancellable) cf.cancel(false)
                throw e
            } finally {
                hostWake = null
            }
            takeOutcome()
        } else {
            loop.baton.waitForTurn(this)
        }
        task.awaiting = null
        resumeError?.let { throw it }
        @Suppress("UNCHECKED_CAST")
        return resumeValue as R
    }

    /** The pending request is delivered at this await: give [cf] up, or take what it already holds. */
    private fun <R> withdrawCancelled(cf: CompletableFuture<R>): R {
        Thread.interrupted() // the request's interrupt is delivered by this throw, not by a later blocking call
        val e = cancelled()
        deliveredCancel = e
        return Awaits.withdraw(cf, e) { synchronized(lock) { pendingCancel = true } }
    }

    /** A future the body awaited completed (on any thread): queue the resumption on the loop, once. */
    override fun accept(v: Any?, e: Throwable?) {
        // A future of an earlier await (left early to break an await cycle) may complete later: only the
        // current one, once done, resumes the body.
        val current = synchronized(lock) { awaiting }
        if (current != null && current.isDone && resumeQueued.compareAndSet(false, true)) wakeResumer()
    }

    /**
     * Queues the resumption on the loop; on a hosted loop (LoopHost), wakes the body waiting in its host.
     * Completed by a delivery on the loop (a lock granted, an item handed over: the callback that stands
     * for asyncio's `set_result`), the body resumes right after it, in the same iteration — as a
     * future-style continuation does, and one iteration after the `putNowait`, as in asyncio. Otherwise
     * it resumes on the next iteration, after the callbacks already scheduled (a task's done callbacks).
     */
    private fun wakeResumer() {
        val w = hostWake
        when {
            w != null -> w.complete(null)
            loop.owner === Thread.currentThread() && loop.delivering -> loop.scheduleNext(resumer)
            else -> loop.schedule(resumer)
        }
    }

    /** On the driver holding the baton: take the outcome and give the baton back to the body. */
    private fun resume() {
        if (!takeOutcome()) return
        loop.baton.resumeBody(this, thread!!, task)
    }

    /** Takes the outcome of what the body awaited (or the forced error); false if there is nothing to take. */
    private fun takeOutcome(): Boolean {
        val cf: CompletableFuture<*>
        val forced: Throwable?
        val byRequest: Boolean
        synchronized(lock) {
            cf = awaiting ?: return false
            forced = forcedError
            byRequest = cancelledByRequest
            awaiting = null
        }
        if (forced != null && !cf.isDone) {
            resumeError = forced
        } else {
            val err = Awaits.failureOf(cf)
            if (err is CancellationException && byRequest) {
                // Our request cancelled what the body awaited: that is its delivery, named for the task.
                resumeError = cancelled(err).also { deliveredCancel = it }
            } else {
                if (err == null) resumeValue = cf.getNow(null) else resumeError = err
                // The awaited thing ended otherwise (a task that swallowed its cancellation): still pending.
                if (byRequest) synchronized(lock) { pendingCancel = true }
            }
        }
        // A value that arrived (a lock acquired, an item taken) is delivered even if the task was
        // cancelled meanwhile: the body owns it now. The request then stays pending for the next await.
        return true
    }

    /**
     * A cancel request (Task.cancel, or the parent job's cancellation), from any thread. Cancels the
     * awaited future if there is one; else leaves the request pending and interrupts running code.
     */
    fun requestCancel() {
        val cf: CompletableFuture<*>
        synchronized(lock) {
            if (finished) return
            requested = true
            val a = awaiting
            if (!started || a == null || !awaitCancellable) {
                pendingCancel = true
                if (started && a == null) thread?.interrupt()
                return
            }
            if (cancellingAwaited) {
                // Re-entered while cancelling what we await: an await cycle (A awaits B awaits A). Break it
                // by waking this body now instead of waiting for the other task to unwind.
                forcedError = cancelled().also { deliveredCancel = it }
                if (resumeQueued.compareAndSet(false, true)) wakeResumer()
                return
            }
            cancellingAwaited = true
            cancelledByRequest = true
            cf = a
        }
        // True also for a task's future, which completes only once that task has unwound: asyncio waits for it.
        val took = try {
            cf.cancel(false)
        } finally {
            synchronized(lock) { cancellingAwaited = false }
        }
        if (!took) {
            synchronized(lock) {
                if (!finished) {
                    pendingCancel = true
                    cancelledByRequest = false
                }
            }
        }
    }

    companion object {
        internal val CURRENT = ThreadLocal<BlockingBody<*>?>()

        init {
            // Teach the JIT that Baton.parkUntilTurn's loop exits (see there).
            val warm = BlockingBody(Task<Any?>(EventLoop.WARM_UP_LOOP, "warm-up", null), { null })
            warm.turn = true
            val baton = EventLoop.WARM_UP_LOOP.baton
            repeat(20_000) { baton.parkUntilTurn(warm) }
        }
    }
}
