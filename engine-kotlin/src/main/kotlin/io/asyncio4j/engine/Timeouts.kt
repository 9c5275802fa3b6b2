package io.asyncio4j.engine

import java.time.Duration
import java.util.concurrent.CancellationException
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicBoolean

/** asyncio's `timeout()` and `wait_for()`. */
public object Timeouts {
    /**
     * Runs [body] on the current thread with a deadline [delayNanos] from now. When it passes, the
     * future the body awaits is cancelled and that await (and any later one inside) fails; the
     * timeout then surfaces as a [CompletionException] caused by [TimeoutException]. A body that
     * finishes without awaiting after the deadline returns normally, as in asyncio.
     */
    @JvmStatic
    public fun <T> timeout(delayNanos: Long, body: Callable<T>): T {
        require(delayNanos >= 0) { "delay must be >= 0" }
        if (BlockingBody.CURRENT.get() == null && EventLoop.current() != null) {
            throw IllegalStateException("A timeout scope must be entered inside a task body, not from a callback on the loop's thread")
        }
        val scope = CancelScope.enter()
        val timer = GlobalTimer.onCurrentLoopOrGlobal(delayNanos) {
            scope.cancel { CancellationException("The deadline of a timeout scope (${Duration.ofNanos(delayNanos)}) passed") }
        }
        try {
            return body.call()
        } catch (e: Throwable) {
            if (e === scope.deliveredException) {
                throw CompletionException(TimeoutException("Timed out after ${Duration.ofNanos(delayNanos)}").apply { initCause(e) })
            }
            throw Awaits.wrap(e)
        } finally {
            timer.cancel()
            scope.exit()
        }
    }

    /**
     * asyncio's `wait_for`: a future of [stage]'s outcome, or, if it is not done within [timeoutNanos],
     * cancels [stage], waits for that cancellation to finish, and fails with [TimeoutException].
     * Cancelling the returned future cancels [stage].
     */
    @JvmStatic
    public fun <T> waitFor(stage: CompletionStage<T>, timeoutNanos: Long): CompletableFuture<T> {
        require(timeoutNanos >= 0) { "timeout must be >= 0" }
        val inner = stage.toCompletableFuture()
        val result = LinkedFuture<T>(listOf(inner), "waitFor")
        if (inner.isDone) {
            Combinators.copyOutcome(inner, result)
            return result
        }
        val timedOut = AtomicBoolean()
        val timer = GlobalTimer.onCurrentLoopOrGlobal(timeoutNanos) {
            if (!inner.isDone) {
                timedOut.set(true)
                inner.cancel(false)
            }
        }
        inner.whenComplete { v, e ->
            timer.cancel()
            when {
                e == null -> result.complete(v)
                timedOut.get() && Awaits.unwrap(e) is CancellationException ->
                    result.completeExceptionally(TimeoutException("waitFor timed out after ${Duration.ofNanos(timeoutNanos)}"))
                else -> result.completeExceptionally(Awaits.unwrap(e))
            }
        }
        return result
    }
}
