package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import kotlin.coroutines.Continuation
import kotlin.coroutines.coroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.coroutines.suspendCoroutine

/**
 * Waits for [f] and returns exactly its outcome. When the coroutine is cancelled meanwhile, [f] is
 * cancelled, and the wait still ends with [f]'s outcome: a `CancellationException` if the
 * cancellation took, else the value [f] had already got (a lock acquired, an item taken), which the
 * caller then owns — it is never dropped, unlike kotlinx's `await()` whose prompt cancellation may
 * throw away a value that has already arrived. Cancellation is then seen at the next suspension.
 *
 * `Async.await` in blocking-style task bodies waits this way.
 */
public suspend fun <T> awaitOutcome(f: CompletableFuture<T>): T {
    if (f.isDone) return doneOutcome(f)
    val job = coroutineContext[kotlinx.coroutines.Job]
    return suspendCoroutine { cont: Continuation<T> ->
        val hook = job?.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { f.cancel(false) }
        f.whenComplete { v, e ->
            hook?.dispose()
            if (e == null) cont.resume(v) else cont.resumeWithException(Awaits.unwrap(e))
        }
    }
}

private fun <T> doneOutcome(f: CompletableFuture<T>): T {
    try {
        return f.getNow(null)
    } catch (e: CompletionException) {
        throw Awaits.unwrap(e)
    }
}
