package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture

/**
 * A region of blocking-style code that can be cancelled as a whole (trio's cancel scope): the
 * deadline of [Timeouts.timeout], or a task group whose child failed. When a scope is cancelled, the
 * future its thread awaits is cancelled and that await, and every later await inside the scope,
 * throws the scope's exception. Scopes belong to one thread and nest.
 */
public class CancelScope internal constructor(private val state: State) {
    @Volatile
    private var reason: (() -> Throwable)? = null

    /** True once cancelled. */
    public val isCancelled: Boolean get() = reason != null

    /** Cancels the scope with the exception [reason] makes; idempotent; from any thread. */
    public fun cancel(reason: () -> Throwable) {
        synchronized(state) {
            if (this.reason != null) return
            this.reason = reason
            if (this in state.scopes) state.current?.cancel(false)
        }
    }

    /** True once the scope's exception has been thrown into the code inside it. */
    @Volatile
    public var delivered: Boolean = false
        private set

    /** The exception last thrown into the code inside the scope, to recognise it on the way out. */
    @Volatile
    internal var deliveredException: Throwable? = null
        private set

    /** Delivers the scope's cancellation (once): the exception to throw into the code inside it. */
    internal fun exception(): Throwable {
        delivered = true
        return reason!!.invoke().also { deliveredException = it }
    }

    /** The delivery did not happen after all (the await took a value instead): deliver at the next await. */
    internal fun rearm() {
        delivered = false
    }

    /** Leaves the scope; must be called on the thread that entered it, in reverse order of entry. */
    public fun exit() {
        synchronized(state) { state.scopes.remove(this) }
    }

    internal class State {
        val scopes = ArrayList<CancelScope>(2)
        var current: CompletableFuture<*>? = null

        /**
         * The outermost scope that is cancelled and whose cancellation was not delivered yet, or null.
         * A scope's cancellation is delivered once, as asyncio delivers a cancellation once: code that
         * catches it may await again (cleanup). On the owning thread only (it alone changes [scopes]);
         * no lock: this is on every await.
         */
        fun takePending(): CancelScope? {
            for (i in scopes.indices) {
                val s = scopes[i]
                if (s.isCancelled && !s.delivered) return s
            }
            return null
        }

        @Synchronized
        fun enterAwait(cf: CompletableFuture<*>) {
            current = cf
        }

        @Synchronized
        fun exitAwait() {
            current = null
        }
    }

    public companion object {
        // Made on a thread's first scope only: most task bodies never enter one, and a million parked
        // bodies should not each carry an empty state.
        private val STATE = ThreadLocal<State?>()

        /** The current thread's scopes, or null if it never entered one. */
        internal fun stateOrNull(): State? = STATE.get()

        /** Enters a new innermost scope on the current thread. */
        @JvmStatic
        public fun enter(): CancelScope {
            val st = STATE.get() ?: State().also { STATE.set(it) }
            val s = CancelScope(st)
            synchronized(st) { st.scopes.add(s) }
            return s
        }
    }
}
