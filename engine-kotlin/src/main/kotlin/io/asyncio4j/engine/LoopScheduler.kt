package io.asyncio4j.engine

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport

/**
 * The scheduler of one loop's virtual threads (its drivers and its task bodies), JDK 21+: one
 * platform "carrier" thread runs them all, so the baton passing between them ([Baton]) is a
 * continuation yield and mount on that thread (a fraction of a microsecond) instead of a wake-up
 * of another carrier of the JDK's shared scheduler (several microseconds, and an OS wake-up when
 * that carrier sleeps).
 *
 * The JDK has no public API for this: [VirtualThreadBuilder]'s package-private constructor that
 * takes an [Executor] is used, which needs `--add-opens java.base/java.lang=ALL-UNNAMED` (or
 * `=io.asyncio4j.engine` on the module path). Without it, or with `-Dasyncio4j.loopScheduler=false`,
 * bodies and drivers are ordinary virtual threads and everything works as before, only slower.
 *
 * Rule 1 does not depend on this scheduler (the baton does): the scheduler only decides where the
 * thread that holds the baton runs. So a carrier that is blocked — a virtual thread pinned to it
 * (an await inside a native frame or, before JDK 24, inside `synchronized`) — is compensated: a
 * monitor starts another carrier for the queued threads after [STUCK_NANOS], and a pinned body
 * costs a stall, never a deadlock. That is also why the scheduler is automatic only on JDK 24+
 * (where `synchronized` no longer pins) and opt-in (`-Dasyncio4j.loopScheduler=true`) on 21 to 23.
 */
internal class LoopScheduler private constructor(private val name: String) : Executor {
    private val queue = ConcurrentLinkedQueue<Runnable>()

    /** The carrier parked for work, if any (at most one parks; other idle carriers end). */
    private val waiting = AtomicReference<Thread?>()

    private val alive = AtomicInteger()
    private val carriers: MutableSet<Carrier> = ConcurrentHashMap.newKeySet()

    override fun execute(r: Runnable) {
        queue.add(r)
        val w = waiting.getAndSet(null)
        if (w != null) LockSupport.unpark(w) else if (alive.get() == 0) startCarrier()
    }

    private fun startCarrier() {
        alive.incrementAndGet()
        val c = Carrier()
        carriers.add(c)
        c.thread.start()
        Monitor.watch(this)
    }

    /** True if the queue has work that no carrier will take soon: every carrier is stuck in one thread. */
    private fun needsCompensation(now: Long): Boolean {
        if (queue.isEmpty() || waiting.get() != null) return false
        for (c in carriers) {
            val since = c.busySince
            if (since == 0L || now - since < STUCK_NANOS) return false
        }
        return true
    }

    private inner class Carrier : Runnable {
        val thread: Thread = Thread(this, "$name-carrier").apply { isDaemon = true }

        /** When the virtual thread this carrier runs now was mounted; 0 while it looks for work. */
        @Volatile
        var busySince = 0L

        override fun run() {
            try {
                while (true) {
                    val r = queue.poll() ?: if (idle()) continue else return
                    busySince = System.nanoTime().let { if (it == 0L) 1L else it }
                    try {
                        r.run()
                    } catch (e: Throwable) {
                        // A virtual thread's own failures are handled inside it; this is the JDK failing.
                        Thread.getDefaultUncaughtExceptionHandler()?.uncaughtException(thread, e) ?: e.printStackTrace()
                    } finally {
                        busySince = 0L
                    }
                }
            } finally {
                carriers.remove(this)
            }
        }

        /** Waits for work; false when this carrier should end (idle too long, or another one waits already). */
        private fun idle(): Boolean {
            if (!waiting.compareAndSet(null, thread)) return exitUnlessWork()
            if (!queue.isEmpty()) {
                waiting.compareAndSet(thread, null)
                return true
            }
            LockSupport.parkNanos(this, KEEP_ALIVE_NANOS)
            // Woken by execute (which cleared `waiting`), or timed out (still ours: take it back and end).
            if (waiting.compareAndSet(thread, null) && queue.isEmpty()) return exitUnlessWork()
            return true
        }

        /** Ends this carrier, unless work arrived that no other carrier would see. */
        private fun exitUnlessWork(): Boolean {
            alive.decrementAndGet()
            if (queue.isEmpty() || waiting.get() != null) return false
            alive.incrementAndGet()
            return true
        }
    }

    /** Starts another carrier for a scheduler whose carriers are all stuck; see the class comment. */
    private object Monitor : Runnable {
        private val watched: MutableSet<LoopScheduler> = ConcurrentHashMap.newKeySet()
        private val thread = Thread(this, "asyncio4j-carrier-monitor").apply {
            isDaemon = true
            start()
        }

        fun watch(s: LoopScheduler) {
            if (watched.add(s)) LockSupport.unpark(thread)
        }

        override fun run() {
            while (true) {
                if (watched.isEmpty()) LockSupport.park(this) else LockSupport.parkNanos(this, STUCK_NANOS / 2)
                val now = System.nanoTime()
                for (s in watched) {
                    if (s.alive.get() == 0) {
                        watched.remove(s)
                        if (s.alive.get() > 0) watched.add(s) // started again meanwhile
                    } else if (s.needsCompensation(now)) {
                        s.startCarrier()
                    }
                }
            }
        }
    }

    internal companion object {
        private val KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(2)
        private val STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(20)

        /** `VirtualThreadBuilder(Executor)` and `Thread.Builder.unstarted(Runnable)`, or null: not available here. */
        private val handles: Pair<MethodHandle, MethodHandle>? = find()

        /** A factory of virtual threads scheduled by a new [LoopScheduler] for loop [name]; null when not available. */
        fun forLoop(name: String): ((String, Runnable) -> Thread)? {
            val (ctor, unstarted) = handles ?: return null
            val scheduler = LoopScheduler(name)
            val builder = ctor.invoke(scheduler)
            return { threadName, r -> (unstarted.invoke(builder, r) as Thread).also { it.name = threadName } }
        }

        private fun find(): Pair<MethodHandle, MethodHandle>? {
            val feature = Runtime.version().feature()
            val wanted = System.getProperty("asyncio4j.loopScheduler")
            if (feature < 21 || wanted == "false" || System.getProperty("asyncio4j.platformThreads").toBoolean()) return null
            // Before JDK 24 `synchronized` pins a virtual thread to its carrier: opt in only.
            if (feature < 24 && wanted != "true") return null
            return try {
                val builderClass = Class.forName("java.lang.ThreadBuilders\$VirtualThreadBuilder")
                val ctor = builderClass.getDeclaredConstructor(Executor::class.java)
                ctor.isAccessible = true // throws InaccessibleObjectException unless java.lang is opened to us
                val unstarted = MethodHandles.publicLookup().findVirtual(
                    Class.forName("java.lang.Thread\$Builder"),
                    "unstarted",
                    MethodType.methodType(Thread::class.java, Runnable::class.java),
                )
                val ctorHandle = MethodHandles.lookup().unreflectConstructor(ctor)
                    .asType(MethodType.methodType(Any::class.java, Executor::class.java))
                // Smoke test, from a platform thread (a virtual thread cannot carry another): a virtual
                // thread on a scheduler that runs it inline must run there.
                val ran = booleanArrayOf(false)
                val prober = Thread {
                    val probe = unstarted.invoke(ctorHandle.invoke(Executor { it.run() }), Runnable { ran[0] = true }) as Thread
                    probe.start()
                    probe.join()
                }
                prober.start()
                prober.join()
                if (ran[0]) Pair(ctorHandle, unstarted) else null // the builder ignored our scheduler
            } catch (e: Exception) {
                null // java.lang not opened to us (InaccessibleObjectException), or the JDK changed
            }
        }
    }
}
