package io.asyncio4j.engine

import java.util.concurrent.ConcurrentLinkedDeque
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport

/**
 * The platform threads that carry blocking-style bodies and `toThread` work where there are no
 * virtual threads (JDK 17, or `-Dasyncio4j.platformThreads=true`): reused, and started ahead.
 *
 * Creating a platform thread costs 0.1 to 1 ms (the JVM serializes it), and a loop that starts a
 * body waits for its thread. So a spawner thread keeps [SPARES] idle threads ready while bodies are
 * being started, and a start takes one of them (an unpark) instead of creating one; only when the
 * spawner falls behind does the starter create the thread itself. Idle threads end after
 * [KEEP_ALIVE_NANOS].
 */
internal object PlatformThreads {
    private const val SPARES = 64
    private val KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30)

    /** The spawner makes spares only while starts keep coming (within this window). */
    private val DEMAND_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1)

    private val idle = ConcurrentLinkedDeque<Worker>()
    private val idleCount = AtomicInteger()
    private val ids = AtomicInteger()

    @Volatile
    private var lastDemand = 0L

    private val spawner: Thread by lazy {
        Thread(::spawn, "asyncio4j-thread-spawner").apply {
            isDaemon = true
            start()
        }
    }

    /** Runs [r] on an idle thread, or a new one. */
    fun execute(r: Runnable) {
        lastDemand = System.nanoTime()
        while (true) {
            val w = idle.pollFirst() ?: break
            idleCount.decrementAndGet()
            if (w.offer(r)) {
                if (idleCount.get() < SPARES / 2) LockSupport.unpark(spawner)
                return
            }
        }
        LockSupport.unpark(spawner)
        Worker(r).thread.start()
    }

    private fun spawn() {
        while (true) {
            LockSupport.park(this)
            while (idleCount.get() < SPARES && System.nanoTime() - lastDemand < DEMAND_WINDOW_NANOS) {
                Worker(null).thread.start() // it makes itself idle
            }
        }
    }

    private class Worker(first: Runnable?) : Runnable {
        val thread = Thread(this, "asyncio4j-worker-${ids.incrementAndGet()}").apply { isDaemon = true }

        private val task = AtomicReference(first)

        /** IDLE (in the deque, free to take), TAKEN (a task is or will be set) or RETIRED. */
        private val state = AtomicInteger(if (first == null) IDLE else TAKEN)

        /** Hands [r] to this idle thread; false if it retired meanwhile. */
        fun offer(r: Runnable): Boolean {
            if (!state.compareAndSet(IDLE, TAKEN)) return false
            task.set(r)
            LockSupport.unpark(thread)
            return true
        }

        override fun run() {
            if (state.get() == IDLE) makeIdle()
            while (true) {
                val r = awaitTask() ?: return
                try {
                    r.run()
                } catch (e: Throwable) {
                    thread.uncaughtExceptionHandler.uncaughtException(thread, e)
                }
                Thread.interrupted() // a late interrupt belongs to the work that ended
                state.set(IDLE)
                makeIdle()
            }
        }

        private fun makeIdle() {
            idle.addFirst(this)
            idleCount.incrementAndGet()
        }

        /** The next task, or null once idle for [KEEP_ALIVE_NANOS] (then this thread ends). */
        private fun awaitTask(): Runnable? {
            val since = System.nanoTime()
            while (true) {
                task.getAndSet(null)?.let { return it }
                if (state.get() == IDLE && System.nanoTime() - since >= KEEP_ALIVE_NANOS && state.compareAndSet(IDLE, RETIRED)) {
                    if (idle.remove(this)) idleCount.decrementAndGet()
                    return null
                }
                LockSupport.parkNanos(this, KEEP_ALIVE_NANOS)
                Thread.interrupted()
            }
        }
    }

    private const val IDLE = 0
    private const val TAKEN = 1
    private const val RETIRED = 2
}
