package io.asyncio4j.engine

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit

/**
 * Debug mode's eye on loops: a daemon thread that notices a callback or task body holding its loop
 * longer than the loop's threshold, and reports it with the task's name and the stack of the thread
 * holding the loop *while* it holds it — where the time goes, not merely that it went.
 */
internal object Watchdog {
    private val loops: MutableSet<EventLoop> = ConcurrentHashMap.newKeySet()

    @Volatile
    private var thread: Thread? = null

    fun watch(loop: EventLoop) {
        loops.add(loop)
        if (thread == null) {
            synchronized(this) {
                if (thread == null) {
                    thread = Thread(::scan, "asyncio4j-watchdog").apply {
                        isDaemon = true
                        start()
                    }
                }
            }
        }
    }

    fun unwatch(loop: EventLoop) {
        loops.remove(loop)
    }

    private fun scan() {
        while (true) {
            var period = TimeUnit.MILLISECONDS.toNanos(50)
            for (l in loops) {
                if (!l.debug) continue
                period = minOf(period, maxOf(l.slowCallbackNanos / 4, TimeUnit.MILLISECONDS.toNanos(2)))
                val start = l.callbackStart
                if (start == 0L) continue
                val seq = l.callbackSeq.get()
                val took = System.nanoTime() - start
                if (took > l.slowCallbackNanos && l.reportedSeq != seq && l.callbackStart == start) {
                    l.reportedSeq = seq
                    val task = l.runningTask
                    val stack = l.owner?.stackTrace
                    l.report(LoopError(describe(l, task, took, holding = true), null, task, stack))
                }
            }
            try {
                TimeUnit.NANOSECONDS.sleep(period)
            } catch (_: InterruptedException) {
                return
            }
        }
    }

    /** Called by the loop after a slow callback the scan did not catch in the act. */
    fun afterSlowCallback(loop: EventLoop, took: Long) {
        val seq = loop.callbackSeq.get()
        if (loop.reportedSeq == seq) return
        loop.reportedSeq = seq
        loop.report(LoopError(describe(loop, loop.runningTask, took, holding = false), null, loop.runningTask, null))
    }

    private fun describe(loop: EventLoop, task: Task<*>?, took: Long, holding: Boolean): String {
        val who = task?.let { "Task '${it.name}'" } ?: "A callback"
        val ms = TimeUnit.NANOSECONDS.toMillis(took)
        val limit = TimeUnit.NANOSECONDS.toMillis(loop.slowCallbackNanos)
        return if (holding) {
            "$who has held event loop '${loop.name}' for $ms ms (debug threshold $limit ms); it is here:"
        } else {
            "$who held event loop '${loop.name}' for $ms ms (debug threshold $limit ms)"
        }
    }
}
