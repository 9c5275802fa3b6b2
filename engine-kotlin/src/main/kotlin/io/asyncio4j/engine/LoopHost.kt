package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.function.Supplier

/**
 * Where a loop's callbacks, timers and task steps run when something else than the loop's own driver
 * threads runs them: a Vert.x context, say (module adapters-vertx). A loop made with a host
 * ([EventLoop] constructor) never drives itself: it is "running" as long as its host lives, its
 * `run*` methods are refused, and the host's own serial execution is what keeps DESIGN rule 1.
 *
 * A host that lets code block ([blockingRefusal] null) runs blocking-style bodies itself: each one
 * holds the host while it runs, and [awaitDone] lets go of the host while the body waits.
 */
@InternalEngineApi
public interface LoopHost {
    /** Runs [action] on the host after what is queued there already; from any thread, never inline. */
    public fun execute(action: Runnable)

    /** True if the current thread runs on the host now (so it may touch the loop's state). */
    public fun isCurrent(): Boolean

    /** Runs [action] on the host after [delayNanos]; the result calls it off. From any thread. */
    public fun setTimer(delayNanos: Long, action: Runnable): Cancellable

    /** Null if blocking-style bodies may run on this host; else the message that refuses them. */
    public fun blockingRefusal(loop: EventLoop): String?

    /** Starts a blocking-style body: [body] runs on the host (holding it) from a next turn. */
    public fun startBody(body: Runnable)

    /**
     * Called by a body running on the host: returns once [future] is done, holding the host again;
     * the host is free for others meanwhile. Throws [java.util.concurrent.CancellationException] if
     * the host is going away (the body is then cancelled).
     */
    public fun awaitDone(future: CompletableFuture<*>)
}

/** The engine side of hosted loops: what a [LoopHost] implementation calls. */
@InternalEngineApi
public object LoopHosts {
    private val ambient = CopyOnWriteArrayList<Supplier<EventLoop?>>()

    /**
     * Adds a way to find the loop of the current thread when it has none of its own: a Vert.x handler
     * running on a context that has a loop. [EventLoop.current] asks these in order.
     */
    @JvmStatic
    public fun addAmbientLoop(finder: Supplier<EventLoop?>) {
        ambient.addIfAbsent(finder)
    }

    internal fun ambientLoop(): EventLoop? {
        for (f in ambient) f.get()?.let { return it }
        return null
    }

    /** Runs a callback of [loop] on its host: the loop is current meanwhile, and a failure goes to its exception handler. */
    @JvmStatic
    public fun runOnLoop(loop: EventLoop, action: Runnable) {
        val old = EventLoop.CURRENT_LOOP.get()
        EventLoop.CURRENT_LOOP.set(loop)
        try {
            action.run()
        } catch (e: Throwable) { // Errors too, as on the loop's own threads (EventLoop.runCallback)
            loop.report(LoopError("Exception in callback $action", e, null, null))
        } finally {
            if (old == null) EventLoop.CURRENT_LOOP.remove() else EventLoop.CURRENT_LOOP.set(old)
        }
    }

    /** Calls [fn] with [loop] as the current loop of this thread (to let the facade find its object for it). */
    @JvmStatic
    public fun <R> callAsCurrent(loop: EventLoop, fn: Supplier<R>): R {
        val old = EventLoop.CURRENT_LOOP.get()
        EventLoop.CURRENT_LOOP.set(loop)
        try {
            return fn.get()
        } finally {
            if (old == null) EventLoop.CURRENT_LOOP.remove() else EventLoop.CURRENT_LOOP.set(old)
        }
    }

    /**
     * The host of [loop] is going away: cancels every task still alive, waits until all have unwound
     * (tasks they create meanwhile included), then closes the loop. The future completes then, on
     * whatever thread finished the last task. Idempotent.
     */
    @JvmStatic
    public fun close(loop: EventLoop): CompletableFuture<Void?> {
        val done = CompletableFuture<Void?>()
        drain(loop, done)
        return done
    }

    private fun drain(loop: EventLoop, done: CompletableFuture<Void?>) {
        val live = loop.liveTasks.toList()
        if (live.isEmpty()) {
            loop.closeHosted()
            done.complete(null)
            return
        }
        for (t in live) t.cancel()
        CompletableFuture.allOf(*Array(live.size) { live[it].future.handle { _, _ -> null } })
            .whenComplete { _, _ -> drain(loop, done) }
    }
}

/** A timer of a hosted loop: the host's own timer, called off with the handle. */
internal fun EventLoop.addHostTimer(host: LoopHost, deadline: Long, action: Runnable): TimerHandle {
    val h = TimerHandle(this, deadline, action, 0)
    h.hostTimer = host.setTimer(deadline - time(), h)
    if (h.isCancelled) h.hostTimer?.cancel() // cancelled while being set
    return h
}
