package io.asyncio4j.engine

import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.function.Supplier

/**
 * Waiting for the synchronization structures from plain threads, and holding a lock or permit around a
 * body: the machinery of the Java facade's blocking style (Kotlin code suspends instead).
 */
@InternalEngineApi
public object Blocking {
    /** Throws [IllegalStateException] on a loop thread outside a task body, where blocking would hang the loop. */
    @JvmStatic
    public fun checkMayBlock() {
        if (BlockingBody.CURRENT.get() == null) {
            val loop = EventLoop.current()
            if (loop != null) {
                throw IllegalStateException(
                    "A blocking call would block event loop '${loop.name}'; use the future-returning variant",
                )
            }
        }
    }

    /**
     * Waits for [f]: inside a blocking task body it awaits (`Async.await`); on a plain thread it
     * blocks interruptibly — an interrupt cancels the wait and throws [InterruptedException], unless
     * [f] already has its outcome (a lock acquired, an item taken), which is then returned with the
     * interrupt flag kept, so nothing is lost.
     */
    @JvmStatic
    @Throws(InterruptedException::class)
    public fun <R> blockOn(f: CompletableFuture<R>): R {
        if (!f.isDone && BlockingBody.CURRENT.get() != null) return Awaits.await(f)
        return Awaits.block(f)
    }

    /** [blockOn], with an interrupt reported as a [CompletionException] (interrupt flag kept). */
    @JvmStatic
    public fun <R> blockOnUnchecked(f: CompletableFuture<R>): R {
        try {
            return blockOn(f)
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw CompletionException("Interrupted while waiting", e)
        }
    }

    /**
     * Blocking style `async with lock:` — waits for [acquire], runs [body], always calls [release].
     * Checked failures of [body] arrive in a [CompletionException] (the `join` convention).
     */
    @JvmStatic
    public fun <T> holding(acquire: Supplier<CompletableFuture<Void?>>, release: Runnable, body: Callable<T>): T {
        checkMayBlock()
        blockOnUnchecked(acquire.get())
        try {
            return body.call()
        } catch (e: Throwable) {
            throw Awaits.wrap(e)
        } finally {
            release.run()
        }
    }

    /**
     * Future style `async with lock:` — once [acquire] completes, runs [body] and releases when the
     * stage it returns completes (whatever its outcome). Cancelling the result before the lock is
     * held gives up the wait; after that it cancels the body's stage, and the lock is released when
     * that stage has completed.
     */
    @JvmStatic
    public fun <T> holdingAsync(
        acquire: CompletableFuture<Void?>,
        release: Runnable,
        body: Supplier<out CompletionStage<T>?>,
    ): CompletableFuture<T> {
        val result = HoldingFuture<T>(acquire)
        acquire.whenComplete { _, e ->
            if (e != null) {
                result.fail(Awaits.unwrap(e))
                return@whenComplete
            }
            if (result.isDone) {
                release.run() // cancelled while the permit was on its way
                return@whenComplete
            }
            val stage = try {
                (body.get() ?: throw NullPointerException("body returned null")).toCompletableFuture()
            } catch (t: Throwable) {
                release.run()
                result.fail(t)
                return@whenComplete
            }
            result.inner = stage
            if (result.isDone) stage.cancel(false)
            stage.whenComplete { v, e2 ->
                release.run()
                if (e2 == null) result.succeed(v) else result.fail(Awaits.unwrap(e2))
            }
        }
        return result
    }

    private class HoldingFuture<T>(private val acquire: CompletableFuture<Void?>) : CompletableFuture<T>() {
        @Volatile
        var inner: CompletableFuture<T>? = null

        fun succeed(v: T) {
            super.complete(v)
        }

        fun fail(e: Throwable) {
            super.completeExceptionally(e)
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val r = super.cancel(mayInterruptIfRunning)
            if (r) {
                acquire.cancel(false)
                inner?.cancel(mayInterruptIfRunning)
            }
            return r
        }

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }
}
