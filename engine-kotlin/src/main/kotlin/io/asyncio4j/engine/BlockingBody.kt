package io.asyncio4j.engine

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.ensureActive
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.locks.LockSupport
import java.util.function.BiConsumer
import kotlin.coroutines.coroutineContext

/**
 * Runs a blocking-style task body while keeping DESIGN rule 1 (one baton per loop).
 *
 * The body starts inline, on the loop driver that runs the task's first step, so a body that never
 * waits costs no thread switch. When it calls `Async.await` on a future that is not done, it hands
 * driving to another driver thread ([EventLoop.handOffDriving]) and parks; when the future completes,
 * a resumption is queued on the loop, and the driver that runs it hands the baton (and the outcome)
 * back to the body's thread ([EventLoop.giveBatonTo]). The task's coroutine stays in its first step
 * for the body's whole life; its job still carries cancellation.
 *
 * Cancelling the task interrupts the body while it runs code, and cancels the future it awaits
 * (asyncio cancels the awaited future too), so that await throws [CancellationException]. After
 * that every cancellable await throws at once (Kotlin's sticky cancellation).
 */
internal class BlockingBody<T>(private val task: Task<T>, private val body: Callable<T>) : BiConsumer<Any?, Throwable?> {
    private val loop = task.loop
    private lateinit var job: Job
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

    /** Runs the body on the current (driver) thread; the coroutine's whole life is this one step. */
    suspend fun drive(): T {
        val job = coroutineContext[Job]!!
        job.ensureActive()
        this.job = job
        thread = Thread.currentThread()
        val cancelHook = job.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { onCancel() }
        CURRENT.set(this)
        try {
            return body.call()
        } catch (e: InterruptedException) {
            // The interrupt we sent on cancellation surfaces as InterruptedException: that is the cancellation.
            if (job.isCancelled) throw CancellationException("Task '${task.name}' was cancelled").apply { initCause(e) }
            throw e
        } finally {
            synchronized(lock) { finished = true }
            Thread.interrupted() // a late cancellation interrupt must not outlive the body on this driver
            CURRENT.remove()
            cancelHook.dispose()
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
        cf.whenComplete(this)
        loop.handOffDriving()
        while (!turn) {
            LockSupport.park(this)
            // Cancellation reaches a waiting body by cancelling its future, not as an interrupt.
            Thread.interrupted()
        }
        task.awaiting = null
        resumeError?.let { throw it }
        @Suppress("UNCHECKED_CAST")
        return resumeValue as R
    }

    /** The awaited future completed (on any thread): queue the resumption on the loop. */
    override fun accept(v: Any?, e: Throwable?) {
        loop.schedule(resumer)
    }

    /** On the driver holding the baton: take the outcome and give the baton back to the body. */
    private fun resume() {
        val cf = awaiting!!
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
        loop.giveBatonTo(thread!!, task)
        turn = true
        LockSupport.unpark(thread)
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
    }
}
