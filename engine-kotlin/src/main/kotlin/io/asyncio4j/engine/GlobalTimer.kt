package io.asyncio4j.engine

import java.util.concurrent.ScheduledThreadPoolExecutor
import java.util.concurrent.TimeUnit

/** Timers for code that runs on no loop (plain threads): one shared daemon thread. */
internal object GlobalTimer {
    private val executor: ScheduledThreadPoolExecutor by lazy {
        ScheduledThreadPoolExecutor(1) { r -> Thread(r, "asyncio4j-timer").apply { isDaemon = true } }.apply {
            removeOnCancelPolicy = true
        }
    }

    fun schedule(delayNanos: Long, action: Runnable): Cancellable {
        val f = executor.schedule(action, delayNanos, TimeUnit.NANOSECONDS)
        return Cancellable { f.cancel(false) }
    }

    /** A timer on the current loop when there is one, else on the shared thread. */
    fun onCurrentLoopOrGlobal(delayNanos: Long, action: Runnable): Cancellable {
        val loop = EventLoop.current()
        if (loop != null && !loop.isClosed) return loop.addTimer(EventLoop.saturatedAdd(loop.time(), delayNanos), action)
        return schedule(delayNanos, action)
    }
}
