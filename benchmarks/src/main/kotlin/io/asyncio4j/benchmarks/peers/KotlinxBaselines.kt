package io.asyncio4j.benchmarks.peers

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.future
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** Raw kotlinx.coroutines baselines for the JMH benchmarks: the same scenario without asyncio4j. */
object KotlinxBaselines {
    /** [n] `async { 1 }` in one `runBlocking` loop, awaited together; returns their sum. */
    @JvmStatic
    fun asyncAll(n: Int): Long = runBlocking {
        List(n) { async { 1L } }.awaitAll().sum()
    }

    /** One coroutine that calls `yield()` [n] times while another is ready (so each yield switches). */
    @JvmStatic
    fun yieldTimes(n: Int): Long = runBlocking {
        var count = 0L
        val other = async { repeat(n) { yield() } }
        repeat(n) {
            yield()
            count++
        }
        other.await()
        count
    }
}

/** A single-threaded kotlinx dispatcher for round trips from a plain thread: `scope.future { x }.get()`. */
class KotlinxSingleThread : AutoCloseable {
    private val dispatcher = java.util.concurrent.Executors.newSingleThreadExecutor { r ->
        Thread(r, "kotlinx-single").apply { isDaemon = true }
    }.asCoroutineDispatcher()
    private val scope = CoroutineScope(dispatcher)

    /** One round trip: a coroutine on the dispatcher returns [x], this thread waits for it. */
    fun roundTrip(x: Int): Int = scope.future { x }.get()

    override fun close() {
        scope.cancel()
        dispatcher.close()
    }
}
