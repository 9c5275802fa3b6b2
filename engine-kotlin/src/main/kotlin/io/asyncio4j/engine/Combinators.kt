package io.asyncio4j.engine

import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * asyncio's `gather`, `wait`, `as_completed`, `shield`, and `firstSuccessful`. None of them adds a
 * thread hop: continuations run where the last input completed (on the loop, for loop futures).
 */
public object Combinators {
    /**
     * Results in argument order; fails with the first failure (the other inputs keep running, as in
     * asyncio); an input's cancellation fails it with [CancellationException]. Cancelling the result
     * cancels every input.
     */
    @JvmStatic
    public fun <T> gather(inputs: List<CompletableFuture<out T>>): CompletableFuture<List<T>> {
        val n = inputs.size
        val result = LinkedFuture<List<T>>(inputs, "gather")
        if (n == 0) {
            result.complete(emptyList())
            return result
        }
        val values = arrayOfNulls<Any?>(n)
        val remaining = AtomicInteger(n)
        for (i in 0 until n) {
            inputs[i].whenComplete(GatherSlot(i, values, remaining, result))
        }
        return result
    }

    private class GatherSlot<T>(
        private val index: Int,
        private val values: Array<Any?>,
        private val remaining: AtomicInteger,
        private val result: CompletableFuture<List<T>>,
    ) : java.util.function.BiConsumer<Any?, Throwable?> {
        @Suppress("UNCHECKED_CAST")
        override fun accept(v: Any?, e: Throwable?) {
            if (e != null) {
                result.completeExceptionally(Awaits.unwrap(e))
                return
            }
            values[index] = v
            // The decrement publishes the write above to whoever completes the list.
            if (remaining.decrementAndGet() == 0) result.complete(values.asList() as List<T>)
        }
    }

    /** asyncio's `gather(return_exceptions=True)`: every outcome, mapped by [settle](value, failure), in order. */
    @JvmStatic
    public fun <T, R> gatherSettled(
        inputs: List<CompletableFuture<out T>>,
        settle: java.util.function.BiFunction<in T?, Throwable?, R>,
    ): CompletableFuture<List<R>> {
        val n = inputs.size
        val result = LinkedFuture<List<R>>(inputs, "gatherSettled")
        if (n == 0) {
            result.complete(emptyList())
            return result
        }
        val values = AtomicReferenceArray<R>(n)
        val remaining = AtomicInteger(n)
        for (i in 0 until n) {
            inputs[i].whenComplete { v, e ->
                values.set(i, settle.apply(if (e == null) v else null, e?.let { Awaits.unwrap(it) }))
                if (remaining.decrementAndGet() == 0) result.complete(List(n) { values.get(it) })
            }
        }
        return result
    }

    /** When asyncio's `wait` returns. */
    public enum class WaitMode { FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED }

    /**
     * asyncio's `wait`: completes with (done, pending) — the very [items] given, split — once [mode] is
     * met or [timeoutNanos] (negative: none) has passed. Never cancels an input; never fails because
     * one failed. Cancelling the result only stops the waiting.
     */
    @JvmStatic
    public fun <S> wait(
        items: Collection<S>,
        futureOf: java.util.function.Function<S, CompletableFuture<*>>,
        mode: WaitMode,
        timeoutNanos: Long,
    ): CompletableFuture<Pair<Set<S>, Set<S>>> {
        require(items.isNotEmpty()) { "aws must not be empty" }
        val list = items.toList()
        val futures = list.map { futureOf.apply(it) }
        val ready = CompletableFuture<Unit>()
        val remaining = AtomicInteger(futures.size)
        for (f in futures) {
            f.whenComplete { _, e ->
                val left = remaining.decrementAndGet()
                val failed = e != null && Awaits.unwrap(e) !is CancellationException
                if (left == 0 || mode == WaitMode.FIRST_COMPLETED || (mode == WaitMode.FIRST_EXCEPTION && failed)) {
                    ready.complete(Unit)
                }
            }
        }
        val timer = if (timeoutNanos >= 0 && !ready.isDone) GlobalTimer.onCurrentLoopOrGlobal(timeoutNanos) { ready.complete(Unit) } else null
        val result = CompletableFuture<Pair<Set<S>, Set<S>>>()
        ready.whenComplete { _, _ ->
            timer?.cancel()
            val done = LinkedHashSet<S>()
            val pending = LinkedHashSet<S>()
            for (i in list.indices) (if (futures[i].isDone) done else pending).add(list[i])
            result.complete(Pair(done, pending))
        }
        result.whenComplete { _, e -> if (e != null) ready.complete(Unit) }
        return result
    }

    /**
     * asyncio's `as_completed`: n futures, the k-th completing with the outcome of the k-th input to
     * finish. After [timeoutNanos] (negative: none) the ones not yet completed fail with [TimeoutException].
     */
    @JvmStatic
    public fun <T> asCompleted(inputs: List<CompletableFuture<out T>>, timeoutNanos: Long): List<CompletableFuture<T>> {
        val n = inputs.size
        val slots = List(n) { CompletableFuture<T>() }
        val next = AtomicInteger()
        for (f in inputs) {
            f.whenComplete { v, e ->
                val k = next.getAndIncrement()
                if (k < n) {
                    if (e == null) slots[k].complete(v) else slots[k].completeExceptionally(Awaits.unwrap(e))
                }
            }
        }
        if (timeoutNanos >= 0 && n > 0) {
            val timer = GlobalTimer.onCurrentLoopOrGlobal(timeoutNanos) {
                val e = TimeoutException("asCompleted timed out")
                for (s in slots) s.completeExceptionally(e)
            }
            slots[n - 1].whenComplete { _, _ -> timer.cancel() }
        }
        return slots
    }

    /** asyncio's `shield`: the outcome of [inner], but cancelling the result leaves [inner] running. */
    @JvmStatic
    public fun <T> shield(inner: CompletableFuture<T>): CompletableFuture<T> {
        val outer = CompletableFuture<T>()
        copyOutcome(inner, outer)
        return outer
    }

    /**
     * The first input to succeed wins and the others are cancelled; fails only when every input has
     * failed (with the first failure, the others suppressed). Cancelling the result cancels every input.
     */
    @JvmStatic
    public fun <T> firstSuccessful(inputs: List<CompletableFuture<out T>>): CompletableFuture<T> {
        require(inputs.isNotEmpty()) { "aws must not be empty" }
        val result = LinkedFuture<T>(inputs, "firstSuccessful")
        val failures = AtomicReferenceArray<Throwable>(inputs.size)
        val remaining = AtomicInteger(inputs.size)
        for ((i, f) in inputs.withIndex()) {
            f.whenComplete { v, e ->
                if (e == null) {
                    if (result.complete(v)) {
                        for (other in inputs) if (other !== f) other.cancel(false)
                    }
                } else {
                    failures.set(i, Awaits.unwrap(e))
                    if (remaining.decrementAndGet() == 0 && !result.isDone) {
                        val all = (0 until inputs.size).map { failures.get(it) }
                        val first = all.firstOrNull { it !is CancellationException } ?: all.first()
                        for (x in all) if (x !== first) first.addSuppressed(x)
                        result.completeExceptionally(first)
                    }
                }
            }
        }
        return result
    }

    /** Completes [to] with [from]'s outcome (unwrapped) when [from] completes. */
    @JvmStatic
    public fun <T> copyOutcome(from: CompletableFuture<out T>, to: CompletableFuture<T>) {
        from.whenComplete { v, e -> if (e == null) to.complete(v) else to.completeExceptionally(Awaits.unwrap(e)) }
    }
}

/** A future built from [inputs]: cancelling it cancels them all. */
public open class LinkedFuture<T>(
    internal val inputs: List<CompletableFuture<*>>,
    private val label: String = "futures",
) : CompletableFuture<T>(), Described {
    override fun describe(): String = "$label(${inputs.count { it.isDone }} of ${inputs.size} done)"

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        val r = super.cancel(mayInterruptIfRunning)
        if (r) for (f in inputs) f.cancel(mayInterruptIfRunning)
        return r
    }

    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
}
