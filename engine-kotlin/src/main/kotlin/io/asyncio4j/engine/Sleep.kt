package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture

/** asyncio's `sleep`: a future completed by a timer of the current loop; no thread is blocked. */
public object Sleep {
    /**
     * Completes with [result] after [delayNanos] on the current loop's timer (a shared daemon timer
     * when there is no loop). Zero yields to every other ready callback first, as `asyncio.sleep(0)`
     * does. Cancelling the future removes the timer.
     */
    @JvmStatic
    public fun <T> sleep(delayNanos: Long, result: T?): CompletableFuture<T> {
        require(delayNanos >= 0) { "delay must be >= 0" }
        val f = SleepFuture(result)
        val loop = EventLoop.current()
        if (loop == null || loop.isClosed || !loop.inLoop()) {
            val t = GlobalTimer.schedule(delayNanos, f)
            f.onCancel = Runnable { t.cancel() }
        } else if (delayNanos == 0L) {
            f.onCancel = loop.callSoon(f)
        } else {
            f.onCancel = loop.addTimer(EventLoop.saturatedAdd(loop.time(), delayNanos), f)
        }
        return f
    }

    // One object per sleep: the future is also the timer's action (a million sleeps stay small).
    private class SleepFuture<T>(private val result: T?) : CompletableFuture<T>(), Runnable {
        @Volatile
        var onCancel: Runnable? = null

        @Suppress("UNCHECKED_CAST")
        override fun run() {
            complete(result as T)
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val r = super.cancel(mayInterruptIfRunning)
            if (r) when (val c = onCancel) {
                is Handle -> c.cancel()
                null -> {}
                else -> c.run()
            }
            return r
        }

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }
}
