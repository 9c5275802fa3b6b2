package io.asyncio4j.engine

import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture

/** Crossing between threads and loops: asyncio's `run_coroutine_threadsafe` and `to_thread`. */
public object Threadsafe {
    /**
     * Runs the blocking-style [body] as a task on [loop], from any thread. The future completes with
     * the task's outcome; cancelling it cancels the task. Waiting for it with `get`/`join` on the
     * loop's own thread throws instead of deadlocking.
     */
    @JvmStatic
    public fun <T> runCoroutineThreadsafe(loop: EventLoop, name: String?, body: Callable<T>): CompletableFuture<T> {
        val result = CoroutineResult<T>(loop)
        loop.callSoonThreadsafe {
            if (result.isDone) return@callSoonThreadsafe // cancelled before it started
            val task = try {
                Task.createBlocking(loop, name, null, body)
            } catch (e: IllegalStateException) {
                result.completeExceptionally(e) // the loop closed while this was queued: still, every accepted future completes
                return@callSoonThreadsafe
            }
            task.markRetrieved() // the caller's future carries the failure
            result.task = task
            // A cancel between the check above and the write just made found no task: it is ours to
            // deliver. Both sides write their field, then read the other's (volatile): one of them sees it.
            if (result.isCancelled) task.cancel()
            task.future.whenComplete { v, e -> if (e == null) result.complete(v) else result.completeExceptionally(Awaits.unwrap(e)) }
        }
        return result
    }

    private class CoroutineResult<T>(loop: EventLoop) : LoopFuture<T>(loop) {
        @Volatile
        var task: Task<T>? = null

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val r = super.cancel(mayInterruptIfRunning)
            task?.cancel()
            return r
        }
    }

    /**
     * asyncio's `to_thread`: runs [fn] on a worker thread (virtual on JDK 21+). The future completes
     * on the caller's loop when called from one, so its continuations run there. Cancelling it
     * interrupts the worker.
     */
    @JvmStatic
    public fun <T> toThread(fn: Callable<T>): CompletableFuture<T> {
        val loop = EventLoop.current()
        val call = ContextVars.wrap(fn) // contextvars hook: fn runs in a copy of the caller's context
        val result = ThreadResult<T>()
        loop?.threadJobStarted()
        BodyThreads.start {
            if (!result.begin()) {
                loop?.threadJobEnded()
                return@start
            }
            val outcome: Result<T> = try {
                Result.success(call.call())
            } catch (e: Throwable) {
                Result.failure(e)
            } finally {
                result.end()
                loop?.threadJobEnded()
            }
            val deliver = Runnable {
                outcome.fold({ result.complete(it) }, { result.completeExceptionally(it) })
            }
            if (loop == null || loop.isClosed) {
                deliver.run()
            } else {
                try {
                    loop.callSoonThreadsafe(deliver)
                } catch (_: IllegalStateException) {
                    deliver.run() // the loop closed meanwhile
                }
            }
        }
        return result
    }

    private class ThreadResult<T> : CompletableFuture<T>() {
        private var worker: Thread? = null
        private var running = false

        @Synchronized
        fun begin(): Boolean {
            if (isDone) return false
            worker = Thread.currentThread()
            running = true
            return true
        }

        @Synchronized
        fun end() {
            running = false
            Thread.interrupted() // an interrupt meant for fn must not outlive it
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val r = super.cancel(mayInterruptIfRunning)
            if (r) synchronized(this) { if (running) worker?.interrupt() }
            return r
        }

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }
}
