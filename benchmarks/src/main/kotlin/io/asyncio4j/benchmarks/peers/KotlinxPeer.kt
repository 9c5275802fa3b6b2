package io.asyncio4j.benchmarks.peers

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.yield
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors

/**
 * The raw kotlinx.coroutines peer: each workload written the way a Kotlin programmer would, with no
 * asyncio4j in between. Everything runs in one `runBlocking` event loop (one thread), as an asyncio4j
 * event loop (and Python's) does, except W3, whose point is crossing from a plain thread into a
 * single-threaded dispatcher. Each method returns a checksum the harness compares with the expected one.
 */
object KotlinxPeer {
    /** W1: [n] coroutines that each `delay(sleepMs)`, joined by their scope. Returns how many finished. */
    @JvmStatic
    fun sleeps(n: Int, sleepMs: Long): Long = runBlocking {
        var finished = 0L
        coroutineScope {
            repeat(n) {
                launch {
                    delay(sleepMs)
                    finished++
                }
            }
        }
        finished
    }

    /** W1b: [n] coroutines that each `yield()` once. Returns how many finished. */
    @JvmStatic
    fun yields(n: Int): Long = runBlocking {
        var finished = 0L
        coroutineScope {
            repeat(n) {
                launch {
                    yield()
                    finished++
                }
            }
        }
        finished
    }

    /** W2: one producer, one consumer, a `Channel` of [capacity]; [n] items. Returns the sum consumed. */
    @JvmStatic
    fun channel(n: Int, capacity: Int): Long = runBlocking {
        val ch = Channel<Int>(capacity)
        launch {
            for (i in 0 until n) ch.send(i)
            ch.close()
        }
        var sum = 0L
        for (x in ch) sum += x
        sum
    }

    /** W3 sequential: [n] `future {}` round trips into a single-threaded dispatcher from this (plain) thread. */
    @JvmStatic
    fun roundTrips(n: Int): Long = withSingleThread { scope ->
        var sum = 0L
        for (i in 0 until n) sum += scope.future { i.toLong() }.get()
        sum
    }

    /** W3 pipelined: [n] `future {}` submitted at once, then all waited for. */
    @JvmStatic
    fun pipelinedRoundTrips(n: Int): Long = withSingleThread { scope ->
        val fs = arrayOfNulls<CompletableFuture<Long>>(n)
        for (i in 0 until n) fs[i] = scope.future { i.toLong() }
        var sum = 0L
        for (f in fs) sum += f!!.get()
        sum
    }

    private inline fun withSingleThread(body: (CoroutineScope) -> Long): Long {
        val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "kotlinx-single").apply { isDaemon = true } }
        val dispatcher = executor.asCoroutineDispatcher()
        val scope = CoroutineScope(dispatcher)
        try {
            return body(scope)
        } finally {
            scope.cancel()
            dispatcher.close()
        }
    }

    /**
     * W4: [tasks] coroutines × [iters] times `lock(); yield(); unlock()` on one `Mutex`. Throws if two
     * coroutines were ever inside at once. Returns the number of critical sections run.
     */
    @JvmStatic
    fun mutex(tasks: Int, iters: Int): Long = runBlocking {
        val mutex = Mutex()
        var inside = 0
        var ops = 0L
        coroutineScope {
            repeat(tasks) {
                launch {
                    repeat(iters) {
                        mutex.lock()
                        try {
                            check(++inside == 1) { "two coroutines inside the lock" }
                            yield()
                            inside--
                            ops++
                        } finally {
                            mutex.unlock()
                        }
                    }
                }
            }
        }
        ops
    }
}
