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
 * arrives wrapped in [CompletionException]. Cancel scopes ([Timeouts.timeout], task groups) on the
 * current thread are honoured: once one is cancelled, every await inside it fails.
 */
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
                    "Async.await would block event loop '${loop.name}': it was called from a callback on the loop's " +
                        "thread, not from a task body. Create a task (Async.createTask) or compose the future instead",
                )
            }
        }
        val scopes = CancelScope.stateOf()
        if (cancellable) scopes.throwIfCancelled()
        val cf = stage.toCompletableFuture()
        if (cf.isDone) return outcomeOf(cf)
        if (cancellable) scopes.enterAwait(cf)
        try {
            return if (body != null) body.await(cf, cancellable) else blockOn(cf)
        } catch (e: Throwable) {
            if (cancellable && e is CancellationException && !(body != null && Task.current()?.job?.isCancelled == true)) {
                scopes.throwIfCancelled()
            }
            throw wrap(e)
        } finally {
            if (cancellable) scopes.exitAwait()
        }
    }

    private fun <T> blockOn(cf: CompletableFuture<T>): T {
        try {
            return cf.get()
        } catch (e: ExecutionException) {
            throw e.cause ?: e
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw CompletionException("Interrupted while waiting in Async.await", e)
        }
    }

    private fun <T> outcomeOf(cf: CompletableFuture<T>): T {
        try {
            return cf.getNow(null)
        } catch (e: CompletionException) {
            throw wrap(e.cause ?: e)
        }
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

