package io.asyncio4j.engine

import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.function.Supplier

/**
 * Hedged requests ("The Tail at Scale", Dean and Barroso, CACM 2013): send one attempt, and another
 * each time [HedgedCall.delayNanos] passes without a success, up to `maxAttempts`; the first success
 * wins and the attempts still running are cancelled — before the result completes, so whoever sees
 * the winner's value sees the losers already told to stop.
 */
public object Hedging {
    /**
     * Starts the first attempt now (on the calling thread) and returns the call. Later attempts start
     * on the calling loop (on the shared timer thread when called off any loop): one [delayNanos]
     * after the previous one started, or at once when every attempt started so far has failed, so a
     * dropped request is retried without waiting out the delay. The call succeeds with the first
     * success; it fails only when `maxAttempts` attempts were sent and all failed, with the first
     * failure that is not a cancellation, the others added as suppressed. Cancelling it cancels every
     * running attempt and the pending timer. [attempt] may throw: that counts as a failed attempt.
     * Each attempt runs in its own copy of the caller's context as it was at this call (contextvars),
     * whichever thread sends it: what one attempt sets is seen neither by the caller nor by the others.
     */
    @JvmStatic
    public fun <T> hedge(delayNanos: Long, maxAttempts: Int, attempt: Supplier<out CompletableFuture<out T>?>): HedgedCall<T> {
        require(delayNanos >= 0) { "delay must be >= 0" }
        require(maxAttempts >= 1) { "maxAttempts must be >= 1" }
        val call = HedgedCall(EventLoop.current(), ContextVars.copyCurrent(), delayNanos, maxAttempts, attempt)
        call.launch()
        return call
    }
}

/** One hedged call: completes with the winning attempt's value; counts the attempts it sent. */
public class HedgedCall<T> internal constructor(
    private val loop: EventLoop?,
    /** The caller's context at [Hedging.hedge]: each attempt is sent in a copy of it. */
    private val callerContext: Context,
    /** How long an attempt may run alone before the next one is sent. */
    public val delayNanos: Long,
    private val maxAttempts: Int,
    private val attempt: Supplier<out CompletableFuture<out T>?>,
) : CompletableFuture<T>() {
    // Guarded by `this`.
    private val attempts = ArrayList<CompletableFuture<out T>>()
    private val failures = ArrayList<Throwable>()
    private var sent = 0
    private var running = 0
    private var timer: Cancellable? = null
    private var winnerIndex = 0

    /** How many attempts were sent so far (the extra load is this minus one for a success). */
    public val attemptsSent: Int get() = synchronized(this) { sent }

    /** The 1-based number of the attempt that succeeded, or 0 if none has. */
    public val winner: Int get() = synchronized(this) { winnerIndex }

    /** Under the lock: the call is decided (done, or a winner is being published). */
    private fun over(): Boolean = isDone || winnerIndex != 0

    /** Sends the next attempt unless the call is over or out of attempts. */
    internal fun launch() {
        val index = synchronized(this) {
            if (over() || sent >= maxAttempts) return
            timer?.cancel()
            timer = null
            running++
            ++sent
        }
        val f: CompletableFuture<out T> = try {
            callerContext.copy().run(Callable { attempt.get() })
                ?: CompletableFuture.failedFuture(NullPointerException("attempt returned null"))
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            CompletableFuture.failedFuture(e)
        }
        synchronized(this) {
            attempts.add(f)
            if (!over() && sent < maxAttempts && timer == null) timer = schedule(delayNanos) { launch() }
        }
        if (synchronized(this) { over() }) f.cancel(false) // won or cancelled while this attempt was being made
        f.whenComplete { v, e -> settle(index, v, e) }
    }

    private fun settle(index: Int, v: T?, e: Throwable?) {
        if (e == null) {
            synchronized(this) {
                if (over()) return
                winnerIndex = index
            }
            // The losers are cancelled before the result is published: whoever sees the winner sees them cancelled.
            cancelAttempts()
            @Suppress("UNCHECKED_CAST")
            complete(v as T)
            return
        }
        val next = synchronized(this) {
            failures.add(Awaits.unwrap(e))
            running--
            when {
                over() || running > 0 -> return
                sent < maxAttempts -> true // everything sent has failed: send the next now
                else -> false
            }
        }
        if (next) onLoop { launch() } else fail()
    }

    private fun fail() {
        val all = synchronized(this) { failures.toList() }
        val first = all.firstOrNull { it !is CancellationException } ?: all.first()
        for (x in all) if (x !== first) first.addSuppressed(x)
        super.completeExceptionally(first)
    }

    private fun schedule(delayNanos: Long, action: Runnable): Cancellable =
        if (loop != null && !loop.isClosed) loop.addTimer(EventLoop.saturatedAdd(loop.time(), delayNanos), action)
        else GlobalTimer.schedule(delayNanos, action)

    /** Runs [action] on the call's loop (attempts may fail on any thread), or here without a loop. */
    private fun onLoop(action: Runnable) {
        if (loop == null || loop.inLoop() || loop.isClosed) action.run() else loop.schedule(action)
    }

    /** Cancels the call: the pending timer and every running attempt. */
    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        if (!super.cancel(mayInterruptIfRunning)) return false
        cancelAttempts()
        return true
    }

    /** However the call ends (a winner, or completed from outside), the attempts still running are cancelled. */
    override fun complete(value: T): Boolean {
        if (!super.complete(value)) return false
        cancelAttempts()
        return true
    }

    override fun completeExceptionally(ex: Throwable): Boolean {
        if (!super.completeExceptionally(ex)) return false
        cancelAttempts()
        return true
    }

    private fun cancelAttempts() {
        val all = synchronized(this) {
            timer?.cancel()
            timer = null
            attempts.toList()
        }
        for (f in all) f.cancel(false)
    }

    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()

    override fun toString(): String = "HedgedCall(attempts sent=$attemptsSent, winner=$winner, ${super.toString()})"
}
