package io.asyncio4j.engine

import java.util.concurrent.Callable

/**
 * One job of a [WorkerPool] and the future its submitter holds. A queued job that is cancelled never
 * runs (the worker skips it); cancelling a running one calls the worker's abort hook: an interrupt
 * for a thread, killing the process for a process worker. The outcome is delivered on the
 * submitter's loop when it was submitted from one (DESIGN rule 5), else on the worker's thread.
 */
internal class PoolJob<T>(
    val fn: Callable<T>,
    /** The serialized [fn] for process workers, made at submit so a bad job fails there. */
    val sent: WorkerFrames.Outgoing?,
    private val loop: EventLoop?,
) : LoopFuture<T>(loop) {
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
        // Under the lock, so the hook never reaches a worker that has moved on to its next job.
        if (r) synchronized(this) { if (state == RUNNING) abort?.run() }
        return r
    }

    /** Completes the future with [value] or [failure], on the submitter's loop if it is still open. */
    fun deliver(value: T?, failure: Throwable?) = completeOn(loop, this, value, failure)

    private companion object {
        const val QUEUED = 0
        const val RUNNING = 1
        const val FINISHED = 2
    }
}
