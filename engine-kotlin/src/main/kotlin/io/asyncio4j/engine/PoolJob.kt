package io.asyncio4j.engine

import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture

/**
 * One job of a [WorkerPool] and the future its submitter holds. A queued job that is cancelled never
 * runs (the worker skips it); cancelling a running one calls the worker's abort hook: an interrupt
 * for a thread, killing the process for a process worker. The outcome is delivered on the
 * submitter's loop when it was submitted from one (DESIGN rule 5), else on the worker's thread.
 */
internal class PoolJob<T>(
    val fn: Callable<T>,
    /** The serialized [fn] for process workers, made at submit so a bad job fails there. */
    val payload: ByteArray?,
    private val loop: EventLoop?,
) : CompletableFuture<T>() {
    private var state = QUEUED
    private var abort: Runnable? = null

    /** Marks the job running with [onCancel] as its abort hook; false if it was cancelled meanwhile. */
    @Synchronized
    fun begin(onCancel: Runnable): Boolean {
        if (isDone) return false
        state = RUNNING
        abort = onCancel
        return true
    }

    /** The job stopped running (the hook may no longer be called). */
    @Synchronized
    fun end() {
        state = FINISHED
        abort = null
    }

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        val r = super.cancel(mayInterruptIfRunning)
        if (r) {
            val hook = synchronized(this) { if (state == RUNNING) abort else null }
            hook?.run()
        }
        return r
    }

    /** Completes the future with [value] or [failure], on the submitter's loop if it is still open. */
    fun deliver(value: T?, failure: Throwable?) = completeOn(loop, this, value, failure)

    private fun checkNotOnLoop() {
        if (!isDone && loop != null && EventLoop.current() === loop) {
            throw IllegalStateException(
                "Waiting for this job on event loop '${loop.name}' would deadlock: its result is delivered on that loop. " +
                    "Use Async.await inside a task, or compose the future",
            )
        }
    }

    override fun get(): T {
        checkNotOnLoop()
        return super.get()
    }

    override fun get(timeout: Long, unit: java.util.concurrent.TimeUnit): T {
        checkNotOnLoop()
        return super.get(timeout, unit)
    }

    override fun join(): T {
        checkNotOnLoop()
        return super.join()
    }

    // Dependent stages are plain futures: cancelling one must not abort the job.
    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()

    private companion object {
        const val QUEUED = 0
        const val RUNNING = 1
        const val FINISHED = 2
    }
}
