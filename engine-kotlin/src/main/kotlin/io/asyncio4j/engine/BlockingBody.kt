package io.asyncio4j.engine

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.coroutineContext

/**
 * Runs a blocking-style task body on its own thread (virtual on JDK 21+) while keeping DESIGN rule 1:
 * the loop and the body pass a baton. While the body runs, the loop's driving thread waits; when the
 * body calls `Async.await` on a future that is not done, it hands the baton back and parks, and the
 * task's coroutine suspends on that future like any other. When the future completes, the coroutine
 * resumes on the loop and hands the baton (and the outcome) back to the body.
 *
 * Cancelling the task interrupts the body while it runs and makes its current or next `Async.await`
 * throw [CancellationException].
 */
internal class BlockingBody<T>(private val task: Task<T>, private val body: Callable<T>) : Runnable {
    private val loop = task.loop

    /** Whose turn it is: true while the body thread holds the loop. Volatile: it publishes every field below. */
    @Volatile
    private var bodyTurn = false

    @Volatile
    private var bodyThread: Thread? = null
    private var driverThread: Thread? = null

    private var request: CompletableFuture<*>? = null
    private var requestCancellable = true
    private var resumeValue: Any? = null
    private var resumeError: Throwable? = null

    private var done = false
    private var value: T? = null
    private var failure: Throwable? = null

    private val interruptLock = Any()
    private var finished = false

    /** The coroutine side, on the loop. */
    @Suppress("UNCHECKED_CAST")
    suspend fun drive(): T {
        val job = coroutineContext[Job]!!
        job.ensureActive()
        driverThread = Thread.currentThread()
        val cancelHook = job.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { interruptBody() }
        try {
            bodyTurn = true
            BodyThreads.start(this)
            waitForLoopTurn()
            while (!done) {
                val req = request!!
                request = null
                try {
                    resumeValue = if (requestCancellable) awaitOutcome(req) else withContext(NonCancellable) { req.await() }
                    resumeError = null
                } catch (e: Throwable) {
                    resumeValue = null
                    resumeError = e
                }
                bodyTurn = true
                LockSupport.unpark(bodyThread)
                waitForLoopTurn()
            }
        } finally {
            cancelHook.dispose()
        }
        val f = failure
        if (f != null) {
            // The interrupt we sent on cancellation surfaces as InterruptedException: that is the cancellation.
            if (f is InterruptedException && job.isCancelled) throw CancellationException("Task '${task.name}' was cancelled").apply { initCause(f) }
            throw f
        }
        return value as T
    }

    private fun waitForLoopTurn() {
        var interrupted = false
        var spins = SPINS
        while (bodyTurn) {
            if (spins > 0) {
                spins--
                Thread.onSpinWait()
            } else {
                LockSupport.park(this)
                if (Thread.interrupted()) interrupted = true
            }
        }
        // The driver's interrupt is the loop's business (it cancels the main task); keep it for the loop.
        if (interrupted) Thread.currentThread().interrupt()
    }

    /** The body side, on the body's own thread. */
    override fun run() {
        val me = Thread.currentThread()
        bodyThread = me
        val oldName = me.name
        me.name = "asyncio4j-body:${task.name}"
        loop.owner = me
        EventLoop.CURRENT_LOOP.set(loop)
        Task.CURRENT.set(task)
        CURRENT.set(this)
        loop.runningTask = task
        try {
            value = body.call()
        } catch (e: Throwable) {
            failure = e
        } finally {
            synchronized(interruptLock) { finished = true }
            Thread.interrupted() // a cancellation interrupt that arrived late must not leak to the next user of this thread
            CURRENT.remove()
            Task.CURRENT.remove()
            EventLoop.CURRENT_LOOP.remove()
            me.name = oldName
            done = true
            giveBackAndPark(me, park = false)
        }
    }

    /** `Async.await` from the body: hand the loop back until [cf] completes; returns or throws its outcome. */
    fun <R> await(cf: CompletableFuture<R>, cancellable: Boolean): R {
        val me = Thread.currentThread()
        request = cf
        requestCancellable = cancellable
        task.awaiting = cf
        giveBackAndPark(me, park = true)
        task.awaiting = null
        resumeError?.let { throw it }
        @Suppress("UNCHECKED_CAST")
        return resumeValue as R
    }

    private fun giveBackAndPark(me: Thread, park: Boolean) {
        loop.runningTask = null
        loop.owner = driverThread
        bodyTurn = false
        LockSupport.unpark(driverThread)
        if (!park) return
        while (!bodyTurn) {
            LockSupport.park(this)
            // Cancellation reaches a waiting body as an exception from this await, not as an interrupt.
            Thread.interrupted()
        }
        loop.owner = me
        loop.runningTask = task
    }

    private fun interruptBody() {
        synchronized(interruptLock) {
            val t = bodyThread
            if (!finished && t != null && bodyTurn) t.interrupt()
        }
    }

    companion object {
        /** Spins before parking when waiting for a short body step; a park/unpark pair costs microseconds. */
        private const val SPINS = 64
        internal val CURRENT = ThreadLocal<BlockingBody<*>?>()
    }
}
