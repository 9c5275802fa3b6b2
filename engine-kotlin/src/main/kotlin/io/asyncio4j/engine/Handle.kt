package io.asyncio4j.engine

/** Something scheduled that can be called off: a loop's [Handle], or a timer of the shared timer thread. */
public fun interface Cancellable {
    /** Calls it off if it has not happened yet; idempotent; from any thread. */
    public fun cancel()
}

/** A callback scheduled on an [EventLoop] by `callSoon` or `callLater`; asyncio's `Handle`/`TimerHandle`. */
public sealed class Handle(internal val action: Runnable) : Runnable, Cancellable {
    @Volatile
    private var cancelled = false

    /** True once [cancel] was called. */
    public val isCancelled: Boolean get() = cancelled

    /** Keeps the callback from running if it has not run yet. Idempotent, callable from any thread. */
    override fun cancel() {
        cancelled = true
    }

    /** Runs the action unless cancelled; called by the loop. */
    override fun run() {
        if (!cancelled) action.run()
    }
}

/** A callback queued to run on the next loop iteration. */
public class CallbackHandle internal constructor(action: Runnable) : Handle(action)

/** A callback queued to run at [deadline] (loop time, nanoseconds). */
public class TimerHandle internal constructor(
    private val loop: EventLoop,
    /** When the callback is due, in [EventLoop.time] nanoseconds. */
    public val deadline: Long,
    action: Runnable,
    internal val seq: Long,
) : Handle(action), Comparable<TimerHandle> {
    /** The host's own timer when the loop is hosted ([LoopHost]); called off with this handle. */
    @Volatile
    internal var hostTimer: Cancellable? = null

    override fun cancel() {
        if (!isCancelled) {
            super.cancel()
            hostTimer?.cancel() ?: loop.timerCancelled()
        }
    }

    override fun compareTo(other: TimerHandle): Int {
        val d = deadline - other.deadline // nanoTime values: compare by difference
        return if (d != 0L) (if (d < 0) -1 else 1) else seq.compareTo(other.seq)
    }
}
