package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture

/**
 * Completes [target] with [value] or [failure] on [loop] when it is given and open (so continuations
 * run on the loop that asked, DESIGN rule 5), else right here. Used by work that finishes on a
 * foreign thread: pool workers, process I/O.
 */
internal fun <T> completeOn(loop: EventLoop?, target: CompletableFuture<T>, value: T?, failure: Throwable?) {
    @Suppress("UNCHECKED_CAST")
    val action = Runnable { if (failure == null) target.complete(value as T) else target.completeExceptionally(failure) }
    if (loop == null || loop.isClosed) {
        action.run()
        return
    }
    try {
        loop.callSoonThreadsafe(action)
    } catch (_: IllegalStateException) {
        action.run() // the loop closed meanwhile
    }
}
