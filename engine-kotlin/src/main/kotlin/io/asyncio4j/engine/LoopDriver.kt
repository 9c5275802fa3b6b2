package io.asyncio4j.engine

import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.locks.LockSupport

/**
 * A thread that drives an [EventLoop] while it holds the loop's baton (virtual on JDK 21+, a daemon
 * platform thread on 17). It runs task bodies inline; while one of them waits, the thread parks with
 * it and another driver takes over. A driver without the baton waits as a spare, and ends after
 * a second unused or when the loop closes.
 */
internal class LoopDriver(private val loop: EventLoop) : Runnable {
    val thread: Thread = BodyThreads.newVirtualThread(loop.name, this)
        ?: Thread(this, loop.name).apply { isDaemon = true }

    private val state = AtomicInteger(CLAIMED)
    private var started = false

    /** Reserves a spare for the caller; false if it has ended meanwhile. */
    fun claim(): Boolean = state.compareAndSet(IDLE, CLAIMED)

    /** Makes a claimed driver drive (the caller has set the loop's owner to [thread]). */
    fun go() {
        state.set(GO)
        if (!started) {
            started = true
            thread.start()
        } else {
            LockSupport.unpark(thread)
        }
    }

    fun idle() {
        state.set(IDLE)
    }

    fun retire() {
        if (state.compareAndSet(IDLE, RETIRED)) LockSupport.unpark(thread)
    }

    override fun run() {
        EventLoop.CURRENT_LOOP.set(loop)
        try {
            while (true) {
                var idleSince = System.nanoTime()
                while (state.get() != GO) {
                    LockSupport.parkNanos(this, IDLE_NANOS)
                    Thread.interrupted()
                    val st = state.get()
                    if (st == RETIRED) return
                    if (st == IDLE && System.nanoTime() - idleSince >= IDLE_NANOS && state.compareAndSet(IDLE, RETIRED)) return
                    if (st != IDLE) idleSince = System.nanoTime()
                }
                loop.drive()
                if (!loop.offerSpare(this)) return
            }
        } finally {
            EventLoop.CURRENT_LOOP.remove()
        }
    }

    private companion object {
        const val IDLE = 0
        const val CLAIMED = 1
        const val GO = 2
        const val RETIRED = 3
        val IDLE_NANOS = TimeUnit.SECONDS.toNanos(1)
    }
}
