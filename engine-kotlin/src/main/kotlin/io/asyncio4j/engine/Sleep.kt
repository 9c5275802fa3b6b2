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
        val f = SleepFuture(result, delayNanos)
        val loop = EventLoop.current()
        f.timer = if (delayNanos == 0L && loop != null && !loop.isClosed && loop.inLoop()) {
            loop.callSoon(f) // asyncio.sleep(0): after every callback ready now
        } else {
            GlobalTimer.onCurrentLoopOrGlobal(delayNanos, f)
        }
        return f
    }

    // One object per sleep: the future is also the timer's action (a million sleeps stay small).
    private class SleepFuture<T>(private val result: T?, private val delayNanos: Long) : CompletableFuture<T>(), Runnable, Described {
        private val start = System.nanoTime()

        override fun describe(): String {
            val left = maxOf(0L, delayNanos - (System.nanoTime() - start))
            return "sleep(${TaskTree.seconds(delayNanos)}, ${TaskTree.seconds(left)} left)"
        }

        @Volatile
        var timer: Cancellable? = null

        @Suppress("UNCHECKED_CAST")
        override fun run() {
            complete(result as T)
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val r = super.cancel(mayInterruptIfRunning)
            if (r) timer?.cancel()
            return r
        }

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }
}
