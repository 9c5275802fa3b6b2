package io.asyncio4j.engine

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.ensureActive
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.locks.LockSupport
import java.util.function.BiConsumer
import kotlin.coroutines.Continuation
import kotlin.coroutines.coroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.suspendCoroutine

/**
 * Runs a blocking-style task body while keeping DESIGN rule 1 (one baton per loop).
 *
 * The task's first step gives the baton to a fresh thread for the body (virtual on JDK 21+) and
 * suspends the task's coroutine; the body's stack stays shallow, which is what a million parked
 * bodies cost in memory. When the body calls `Async.await` on a future that is not done, it hands
 * driving to another driver thread ([EventLoop.handOffDriving]) and parks; when the future
 * completes, a resumption is queued on the loop, and the driver that runs it hands the baton (and the
 * outcome) straight back to the body's thread ([EventLoop.giveBatonTo]). When the body ends, its
 * thread resumes the task's coroutine and goes on driving the loop: no switch back.
 *
 * Cancelling the task interrupts the body while it runs code, and cancels the future it awaits
 * (asyncio cancels the awaited future too), so that await throws [CancellationException]. After
 * that every cancellable await throws at once (Kotlin's sticky cancellation).
 */
internal class BlockingBody<T>(private val task: Task<T>, private val body: Callable<T>) : BiConsumer<Any?, Throwable?>, Runnable {
    private val loop = task.loop
    private lateinit var job: Job

    @Volatile
    private var thread: Thread? = null

    /** True once the baton is back with the body; volatile, it publishes the outcome below. */
    @Volatile
    private var turn = false

    @Volatile
    private var awaiting: CompletableFuture<*>? = null
    private var awaitCancellable = true
    private var resumeValue: Any? = null
    private var resumeError: Throwable? = null

    private val lock = Any()
    private var finished = false
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
        this.job = job
        val cancelHook = job.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { onCancel() }
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

    /** On the driver holding the baton, once the coroutine has suspended: hand the baton to the body's thread. */
    private fun start() {
        if (job.isCancelled) {
            // Cancelled before it started: like an asyncio task cancelled before its first step, it never runs.
            failure = CancellationException("Task '${task.name}' was cancelled before it started")
            synchronized(lock) { finished = true }
            continuation!!.resume(null)
            return
        }
        loop.host?.let { // hosted loop (LoopHost): the host runs the body; run() takes the baton as the pooled path does
            loop.giveBatonTo(null, task)
            return it.startBody(this)
        }
        val t = BodyThreads.newVirtualThread(loop.name, this)
        if (t != null) {
            thread = t
            loop.giveBatonTo(t, task)
            t.start()
        } else {
            // JDK 17: a pooled platform thread, known only once it runs; it takes the baton then.
            loop.giveBatonTo(null, task)
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
            loop.giveBatonTo(me, task)
        }
        EventLoop.CURRENT_LOOP.set(loop)
        Task.CURRENT.set(task)
        CURRENT.set(this)
        task.started = true
        try {
            value = body.call()
        } catch (e: Throwable) {
            failure = if (e is InterruptedException && job.isCancelled) {
                // The interrupt we sent on cancellation surfaces as InterruptedException: that is the cancellation.
                CancellationException("Task '${task.name}' was cancelled").apply { initCause(e) }
            } else {
                e
            }
        } finally {
            synchronized(lock) { finished = true }
            Thread.interrupted() // a late cancellation interrupt must not outlive the body
            CURRENT.remove()
            Task.CURRENT.remove()
        }
        // Still holding the baton: queue the task's completion and drive the loop from here.
        continuation!!.resume(null)
        try {
            if (loop.host == null) loop.drive() // a hosted loop's host goes on by itself
        } finally {
            EventLoop.CURRENT_LOOP.remove()
            if (pooledName != null) me.name = pooledName
        }
    }

    /** `Async.await` from the body: let the loop run until [cf] completes; returns or throws its outcome. */
    fun <R> await(cf: CompletableFuture<R>, cancellable: Boolean): R {
        if (cancellable && job.isCancelled) throw CancellationException("Task '${task.name}' was cancelled")
        awaitCancellable = cancellable
        resumeValue = null
        resumeError = null
        turn = false
        task.awaiting = cf
        awaiting = cf
        // A cancellation that raced with publishing `awaiting` found the body "running"; honour it here.
        if (cancellable && job.isCancelled) cf.cancel(false)
        val host = loop.host
        if (host != null) { // hosted loop (LoopHost): the host lets go of itself while we wait
            host.awaitDone(cf)
            takeOutcome(cf)
        } else {
            cf.whenComplete(this)
            loop.handOffDriving()
            parkUntilTurn()
        }
        task.awaiting = null
        resumeError?.let { throw it }
        @Suppress("UNCHECKED_CAST")
        return resumeValue as R
    }

    // Kept tiny and warmed up (see the companion): a million bodies frozen inside it must not each
    // hit an uncommon trap on the loop exit that the JIT never saw taken while they were parking.
    private fun parkUntilTurn() {
        while (!turn) {
            LockSupport.park(this)
            // Cancellation reaches a waiting body by cancelling its future, not as an interrupt.
            Thread.interrupted()
        }
    }

    /** The awaited future completed (on any thread): queue the resumption on the loop. */
    override fun accept(v: Any?, e: Throwable?) {
        loop.schedule(resumer)
    }

    /** On the driver holding the baton: take the outcome and give the baton back to the body. */
    private fun resume() {
        takeOutcome(awaiting!!)
        loop.giveBatonTo(thread!!, task)
        turn = true
        LockSupport.unpark(thread)
    }

    private fun takeOutcome(cf: CompletableFuture<*>) {
        try {
            resumeValue = cf.getNow(null)
        } catch (e: CompletionException) {
            resumeError = e.cause ?: e
        } catch (e: java.util.concurrent.CancellationException) {
            resumeError = e
        }
        // A value that arrived (a lock acquired, an item taken) is delivered even if the task was
        // cancelled meanwhile: the body owns it now. The cancellation is seen at its next await.
        synchronized(lock) { awaiting = null }
    }

    private fun onCancel() {
        val toCancel = synchronized(lock) {
            if (finished) return
            val a = awaiting
            if (a == null) {
                thread?.interrupt()
                null
            } else {
                a.takeIf { awaitCancellable }
            }
        }
        toCancel?.cancel(false) // outside the lock: it may run completion callbacks
    }

    companion object {
        internal val CURRENT = ThreadLocal<BlockingBody<*>?>()

        init {
            // Teach the JIT that parkUntilTurn's loop exits (see there).
            val warm = BlockingBody(Task<Any?>(EventLoop.WARM_UP_LOOP, "warm-up", null), { null })
            warm.turn = true
            repeat(20_000) { warm.parkUntilTurn() }
        }
    }
}
