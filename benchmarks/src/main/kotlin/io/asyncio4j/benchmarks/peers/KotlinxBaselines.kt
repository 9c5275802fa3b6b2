package io.asyncio4j.benchmarks.peers

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.consumeAsFlow
import kotlinx.coroutines.jdk9.asPublisher
import kotlinx.coroutines.launch
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

/** More baselines: semaphore contention and a channel published as a `Flow.Publisher`. */
object KotlinxMoreBaselines {
    /** [tasks] coroutines × [iters] times `acquire(); yield(); release()` on a `Semaphore(permits)`. */
    @JvmStatic
    fun semaphore(permits: Int, tasks: Int, iters: Int): Long = kotlinx.coroutines.runBlocking {
        val sem = kotlinx.coroutines.sync.Semaphore(permits)
        var ops = 0L
        kotlinx.coroutines.coroutineScope {
            repeat(tasks) {
                launch {
                    repeat(iters) {
                        sem.acquire()
                        try {
                            yield()
                            ops++
                        } finally {
                            sem.release()
                        }
                    }
                }
            }
        }
        ops
    }

    /**
     * A `Channel(capacity)` fed with [n] items by a coroutine on a single-threaded dispatcher, exposed
     * as `consumeAsFlow().asPublisher()` (kotlinx-coroutines-jdk9); the caller subscribes.
     */
    @JvmStatic
    fun channelPublisher(n: Int, capacity: Int): java.util.concurrent.Flow.Publisher<Int> {
        val ch = kotlinx.coroutines.channels.Channel<Int>(capacity)
        @OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class)
        kotlinx.coroutines.GlobalScope.launch(kotlinx.coroutines.Dispatchers.Default) {
            for (i in 0 until n) ch.send(i)
            ch.close()
        }
        return ch.consumeAsFlow().asPublisher()
    }
}
