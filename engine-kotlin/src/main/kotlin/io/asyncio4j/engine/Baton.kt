package io.asyncio4j.engine

import java.util.concurrent.ConcurrentLinkedDeque
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.locks.LockSupport

/**
 * DESIGN rule 1 — one loop, one thread at a time — in one place: the loop's baton.
 *
 * Exactly one thread holds it ([owner]), and only that thread runs the loop's callbacks, timers and
 * task steps, or code of a blocking-style task body. The holders:
 *
 * - a [Driver]: a thread that runs the loop (virtual on JDK 21+, scheduled by the loop's own
 *   [LoopScheduler] when it is available); the caller of `run*` never drives, it only waits;
 * - a task body's thread ([BlockingBody]), from its start until it awaits a future that is not done.
 *
 * Passing it:
 * - A body that awaits drives the loop itself, on its own thread ([waitForTurn]), until a callback
 *   gives the baton away — to another body whose future completed ([resumeBody]), or to a body that
 *   starts — and then parks. The resumption of its own await ends its driving without a switch.
 *   So a hand-off from the body that completes a future to the body that waits for it goes body to
 *   body, with no driver in between.
 * - A body that ends goes on driving on its thread until it gives the baton away.
 * - [handOff] gives the baton to a spare driver (or a new one): how a `run*` starts.
 * - A driver that lost the baton parks as a spare; unused spares end after a while or at close.
 *
 * The owner is published through a volatile write before the new holder is unparked, and the old
 * holder touches nothing of the loop after that write: that is the whole protocol.
 */
internal class Baton(private val loop: EventLoop) {
    /** The thread that may touch the loop's state now; null while nobody drives (between runs). */
    @Volatile
    var owner: Thread? = null
        private set

    /**
     * Set by [resumeBody]: the resumed body stops driving if it was (its own resumption ran on its thread,
     * or — with parallel carriers — it had not yet noticed losing the baton when it got it back).
     * Written by the holder before the owner changes; cleared by whoever starts driving.
     */
    private var resumedHere = false

    private val spares = ConcurrentLinkedDeque<Driver>()

    /**
     * The holder when it drives as a plain driver (a [Driver], or a body's thread after its body ended),
     * not from inside a body's await: only there may a starting body run on the holder's own thread,
     * which bounds the nesting to one body per thread. Owner-only.
     */
    private var plainDriver: Thread? = null

    /** True if a body that starts now may run on [me], the holder, instead of a thread of its own. */
    fun mayRunBodyHere(me: Thread): Boolean = plainDriver === me

    /** A body that ran on [me] (see [mayRunBodyHere]) ended: [me] drives on, as the plain driver it was. */
    fun goOnDriving(me: Thread) {
        resumedHere = false // a flag its last resumption left
        plainDriver = me
    }

    /** True while [me] holds the baton and should go on running the loop. */
    fun keeps(me: Thread): Boolean = owner === me && !resumedHere

    /** Gives the baton to a spare driver (or a new one). Called by the holder, or to start a run. */
    fun handOff() {
        noteNoBodyRunning()
        var d: Driver? = null
        while (d == null) {
            val spare = spares.pollFirst() ?: break
            if (spare.claim()) d = spare
        }
        val next = d ?: Driver()
        owner = next.thread
        next.go()
    }

    /** The run ended (`run*` returns): nobody drives until the next one. Holder only. */
    fun drop() {
        owner = null
    }

    /** Closing: the closing thread holds the loop to run the last leftovers, then [drop]s it. */
    fun holdForClose(me: Thread) {
        owner = me
    }

    /**
     * A body starts: the baton goes to [body]'s thread, and the caller (the holder) stops driving after
     * the current callback. Null: to a pooled thread that takes it with [takeForPooledBody] when it runs
     * (nobody may drive meanwhile).
     */
    fun giveToStartingBody(body: Thread?, task: Task<*>) {
        owner = body
        noteBodyRunning(task)
    }

    /** A pooled thread (JDK 17) that was given the baton by `giveToStartingBody(null, ...)` takes it. */
    fun takeForPooledBody(me: Thread, task: Task<*>) {
        owner = me
        noteBodyRunning(task)
    }

    private fun noteNoBodyRunning() {
        loop.runningTask = null
        loop.callbackStart = 0
    }

    private fun noteBodyRunning(task: Task<*>) {
        loop.runningTask = task
        if (loop.debug) {
            loop.callbackSeq.incrementAndGet()
            loop.callbackStart = loop.time()
        }
    }

    /**
     * Holder only: gives the baton back to [body], whose awaited future completed. If the holder is that
     * body's own thread (it was driving while it waited), it just stops driving: no switch at all.
     */
    fun resumeBody(body: BlockingBody<*>, thread: Thread, task: Task<*>) {
        body.turn = true
        // Before the owner is published: a body still in its driving loop sees it with the baton.
        resumedHere = true
        owner = thread
        noteBodyRunning(task)
        if (thread !== Thread.currentThread()) LockSupport.unpark(thread)
    }

    /** The driving loop of whoever holds the baton; returns once [me] no longer keeps it. */
    fun drive(me: Thread = Thread.currentThread(), plain: Boolean = true) {
        if (owner === me) {
            resumedHere = false // a flag left for a body that was not driving
            plainDriver = if (plain) me else null
        }
        while (keeps(me)) {
            val more = try {
                loop.runStep(me)
            } catch (e: Throwable) {
                // Outside any callback (those report their own): this thread holds the loop and must
                // not die with it, whatever it was (an OutOfMemoryError while queuing, say).
                loop.report(LoopError("Error while running the loop", e, null, null))
                true
            }
            if (!more) return
        }
    }

    /**
     * A body's await, after it registered for its future's completion: drives the loop on this thread
     * until the baton goes elsewhere, then parks until [resumeBody] gives it back. Returns holding it.
     * Outside its own steps, the body's thread runs the loop's callbacks as a driver would: no task is
     * current, no context variables are set.
     */
    fun waitForTurn(body: BlockingBody<*>) {
        val me = Thread.currentThread()
        val task = Task.CURRENT.get()
        val context = ContextVars.enter(null)
        Task.CURRENT.set(null)
        BlockingBody.CURRENT.set(null)
        noteNoBodyRunning()
        Thread.interrupted() // a stale cancellation interrupt is not a KeyboardInterrupt of the loop
        try {
            drive(me, plain = false)
        } finally {
            BlockingBody.CURRENT.set(body)
            Task.CURRENT.set(task)
            ContextVars.restore(context)
        }
        parkUntilTurn(body)
    }

    // Kept tiny and warmed up (see BlockingBody's companion): a million bodies frozen inside it must not
    // each hit an uncommon trap on the loop exit that the JIT never saw taken while they were parking.
    fun parkUntilTurn(body: BlockingBody<*>) {
        while (!body.turn) {
            LockSupport.park(body)
            // Cancellation reaches a waiting body by cancelling its future, not as an interrupt.
            Thread.interrupted()
        }
    }

    /** A driver that lost the baton offers itself as a spare; false means it should end. */
    private fun offerSpare(d: Driver): Boolean {
        if (loop.isClosed || spares.size >= MAX_SPARES) return false
        d.idle()
        spares.addFirst(d)
        return true
    }

    /** Closing: spare drivers end. */
    fun retireSpares() {
        while (true) spares.pollFirst()?.retire() ?: break
    }

    /**
     * A thread that drives the loop while it holds the baton. Without it, it waits as a spare and
     * ends after [IDLE_NANOS] unused or when the loop closes.
     */
    private inner class Driver : Runnable {
        val thread: Thread = loop.newVirtualThread(this) ?: BodyThreads.newThread(loop.name, this)

        private val state = AtomicInteger(CLAIMED)
        private var started = false

        /** Reserves a spare for the caller; false if it has ended meanwhile. */
        fun claim(): Boolean = state.compareAndSet(IDLE, CLAIMED)

        /** Makes a claimed driver drive (the caller has made [thread] the owner). */
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
                    drive(thread)
                    if (!offerSpare(this)) return
                }
            } finally {
                EventLoop.CURRENT_LOOP.remove()
            }
        }
    }

    private companion object {
        const val IDLE = 0
        const val CLAIMED = 1
        const val GO = 2
        const val RETIRED = 3
        val IDLE_NANOS = TimeUnit.SECONDS.toNanos(1)

        /** Spare drivers a loop keeps parked; more end their threads. */
        const val MAX_SPARES = 4
    }
}
