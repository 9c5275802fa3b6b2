package io.asyncio4j.engine

import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException

/**
 * `Async.await` (DESIGN rule 3): inside a blocking-style body it hands the loop back until the future
 * completes; on a plain thread it blocks that thread; on a loop thread outside a task it throws,
 * because it would block the loop.
 *
 * Failures keep their identity: an unchecked exception or error is rethrown as is, a checked one
 * arrives wrapped in [CompletionException]. Cancellation (of the task, of a cancel scope such as
 * [Timeouts.timeout], an interrupt of a plain thread) is delivered once, and an await that throws it
 * has taken nothing: the awaited future is withdrawn, or, if it can no longer be (a lock granted, an
 * item taken, a put done), the await returns its value and the cancellation waits for the next await.
 */
@InternalEngineApi
public object Awaits {
    /** Waits for [stage] as described above. */
    @JvmStatic
    public fun <T> await(stage: CompletionStage<T>): T = await(stage, cancellable = true)

    /** Waits for [stage] ignoring cancellation of the task and of cancel scopes (for cleanup that must finish). */
    @JvmStatic
    public fun <T> awaitUncancellable(stage: CompletionStage<T>): T = await(stage, cancellable = false)

    private fun <T> await(stage: CompletionStage<T>, cancellable: Boolean): T {
        val body = BlockingBody.CURRENT.get()
        if (body == null) {
            val loop = EventLoop.current()
            if (loop != null) {
                throw IllegalStateException(
                    "Awaiting would block event loop '${loop.name}': it was called from a callback on the loop's " +
                        "thread, not from a task body. Create a task or compose the future instead",
                )
            }
        }
        val cf = stage.toCompletableFuture()
        if (cf.isDone) return outcomeOf(cf)
        if (body != null && (cf is TaskFuture<*> || cf is LinkedFuture<*>)) AwaitCycles.check(cf, Task.current())
        // Null when this thread never entered a cancel scope (then no scope can cancel this await).
        val scopes = if (cancellable) CancelScope.stateOrNull() else null
        if (scopes != null) {
            val s = scopes.takePending()
            if (s != null) return withdraw(cf, s.exception()) { s.rearm() }
            scopes.enterAwait(cf)
        }
        try {
            return if (body != null) body.await(cf, cancellable) else blockOnThread(cf, cancellable)
        } catch (e: Throwable) {
            // A cancel scope that cancelled this await speaks for it, unless the task's own cancellation did.
            if (scopes != null && e is CancellationException && (body == null || e !== body.deliveredCancel)) {
                scopes.takePending()?.let { throw it.exception() }
            }
            throw wrap(e)
        } finally {
            scopes?.exitAwait()
        }
    }

    /** A plain thread's await: an interrupt withdraws it (or, uncancellable, is kept for later). */
    private fun <T> blockOnThread(cf: CompletableFuture<T>, cancellable: Boolean): T {
        if (!cancellable) return waitUninterruptibly(cf)
        try {
            return block(cf)
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw CompletionException("Interrupted while awaiting", e)
        }
    }

    /**
     * Blocks the calling plain thread until [cf] completes and returns its outcome. An interrupt
     * withdraws the wait and throws [InterruptedException] — unless [cf] can no longer be withdrawn
     * (its value arrived), which is then returned with the interrupt flag kept, so nothing is lost.
     */
    @Throws(InterruptedException::class)
    internal fun <T> block(cf: CompletableFuture<T>): T {
        try {
            cf.get()
        } catch (e: InterruptedException) {
            return withdraw(cf, e) { Thread.currentThread().interrupt() }
        } catch (_: ExecutionException) {
        } catch (_: CancellationException) {
        }
        return outcomeOf(cf)
    }

    private fun <T> waitUninterruptibly(cf: CompletableFuture<T>): T {
        var interrupted = false
        while (true) {
            try {
                cf.get()
                break
            } catch (_: InterruptedException) {
                interrupted = true
            } catch (_: ExecutionException) {
                break
            } catch (_: CancellationException) {
                break
            }
        }
        if (interrupted) Thread.currentThread().interrupt()
        return outcomeOf(cf)
    }

    /**
     * The caller was cancelled with [cancellation] before or while waiting for [cf]: withdraws from
     * [cf] and throws [cancellation]. If [cf] cannot be withdrawn any more (its value arrived, or will:
     * a granted put), waits for its outcome without cancellation and returns it — the caller owns what
     * it holds — after [rearm] has put the cancellation back for the caller's next wait.
     */
    internal fun <T> withdraw(cf: CompletableFuture<T>, cancellation: Throwable, rearm: () -> Unit): T {
        if (cf.cancel(false)) throw cancellation
        rearm()
        return awaitUncancellable(cf)
    }

    /** The outcome of a completed [cf]: its value, or its failure thrown with its identity kept (see [wrap]). */
    internal fun <T> outcomeOf(cf: CompletableFuture<T>): T {
        val e = failureOf(cf)
        if (e != null) throw wrap(e)
        return cf.getNow(null)
    }

    /**
     * The failure of a completed [cf] as the very object it failed with (a [CompletionException] of
     * a dependent stage unwrapped), or null. Unlike `getNow`, never a copy made by the JDK.
     */
    internal fun failureOf(cf: CompletableFuture<*>): Throwable? {
        if (!cf.isCompletedExceptionally) return null
        var failure: Throwable? = null
        cf.whenComplete { _, e -> failure = e } // a completed future runs it here, now
        return failure?.let { unwrap(it) }
    }

    /** Unchecked throwables as they are; checked ones in a [CompletionException] (the JDK's `join` rule). */
    @JvmStatic
    public fun wrap(e: Throwable): Throwable {
        if (e is CompletionException && e.cause != null) return wrap(e.cause!!)
        if (e is ExecutionException && e.cause != null) return wrap(e.cause!!)
        return if (e is RuntimeException || e is Error) e else CompletionException(e)
    }

    /** Unwraps [CompletionException] / [ExecutionException] to the failure a user meant. */
    @JvmStatic
    public fun unwrap(e: Throwable): Throwable {
        var x = e
        while ((x is CompletionException || x is ExecutionException) && x.cause != null) x = x.cause!!
        return x
    }
}
