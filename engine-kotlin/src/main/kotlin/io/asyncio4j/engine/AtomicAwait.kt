package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture
import kotlin.coroutines.coroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.suspendCoroutine

/**
 * Waits for [f] and returns exactly its outcome. When the coroutine is cancelled meanwhile, [f] is
 * cancelled, and the wait still ends with [f]'s outcome: a `CancellationException` if the
 * cancellation took, else the value [f] had already got (a lock acquired, an item taken), which the
 * caller then owns — it is never dropped, unlike kotlinx's `await()` whose prompt cancellation may
 * throw away a value that has already arrived. Cancellation is then seen at the next suspension.
 *
 * The failure is thrown as the very object [f] failed with: the coroutine is resumed with `Unit` and
 * the outcome read afterwards, so kotlinx's stack-trace recovery (on under `-ea`) cannot substitute
 * a copy (DESIGN: exceptions keep their identity).
 */
internal suspend fun <T> awaitOutcome(f: CompletableFuture<T>): T {
    if (!f.isDone) {
        val job = coroutineContext[kotlinx.coroutines.Job]
        suspendCoroutine { cont ->
            val hook = job?.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { f.cancel(false) }
            f.whenComplete { _, _ ->
                hook?.dispose()
                cont.resume(Unit)
            }
        }
    }
    Awaits.failureOf(f)?.let { throw it }
    return f.getNow(null)
}
