package io.asyncio4j.engine

import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.util.ArrayDeque
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow

/**
 * Runs blocking operations on one stream one after another, each on a [BodyThreads] thread: a
 * virtual thread on JDK 21+, a pooled platform thread on JDK 17. A stream with nothing pending holds
 * no thread; a pending read or write holds one while it blocks in the pipe.
 */
internal class SerialIo {
    private class Op(val body: Runnable, val fail: (Throwable) -> Unit)

    private val ops = ArrayDeque<Op>()
    private var running = false

    /**
     * Queues [body]; should it throw (an [OutOfMemoryError] thrown again while failing its future,
     * say), [fail] hears of it and the queue goes on, so no operation is left pending for ever.
     */
    fun submit(body: Runnable, fail: (Throwable) -> Unit) {
        synchronized(ops) {
            ops.addLast(Op(body, fail))
            if (running) return
            running = true
        }
        try {
            BodyThreads.start { drain() }
        } catch (e: Throwable) {
            // no thread to run them (none could be created): fail what is queued rather than strand it
            val stranded = synchronized(ops) {
                running = false
                ArrayList(ops).also { ops.clear() }
            }
            stranded.forEach { it.fail(e) }
            throw e
        }
    }

    private fun drain() {
        while (true) {
            val op = synchronized(ops) {
                ops.pollFirst() ?: run {
                    running = false
                    return
                }
            }
            try {
                op.body.run()
            } catch (e: Throwable) {
                try {
                    op.fail(e)
                } catch (_: Throwable) {
                    // nothing more can be done for this one; the next operations still run
                }
            }
        }
    }

    /** Runs [body] in turn; its outcome completes a future delivered on [loop]. */
    fun <T> call(loop: EventLoop?, result: CompletableFuture<T>, body: () -> T): CompletableFuture<T> {
        submit({
            if (result.isDone) return@submit // cancelled while queued
            val (v, e) = try {
                body() to null
            } catch (t: Throwable) {
                null to t
            }
            completeOn(loop, result, v, e)
        }) { result.completeExceptionally(it) }
        return result
    }
}

/**
 * The read side of a child's stdout or stderr: asyncio's `StreamReader` (`readline`, `read(n)`,
 * `read()`), each call a future. Calls are served in order. A read whose future is cancelled
 * before its bytes are handed over puts them back, so the next read sees them.
 *
 * No call holds more than [limit] bytes: [readAll] and [readLine] fail with the facade's
 * `LimitOverrunException` beyond it (and drop what they read), and so they do when what they
 * collect does not fit in the heap, instead of leaving their future pending.
 */
public class ProcessReader internal constructor(
    private val input: InputStream,
    /** What the messages call this stream, e.g. "stdout of process 1234". */
    private val name: String,
    private val limit: Int,
    private val errors: StreamErrors,
) {
    private val io = SerialIo()
    private val lock = Any()
    private var data = ByteArray(8192)
    private var start = 0
    private var end = 0
    private var eof = false

    /** Bumped whenever bytes are put back in front, so a line search starts over. */
    private var putBacks = 0

    /** The next line without its terminator (`\n` or `\r\n`), decoded as UTF-8; null at end of stream. */
    public fun readLine(): CompletableFuture<String?> = readOp({
        try {
            nextLine()
        } catch (e: OutOfMemoryError) {
            synchronized(lock) {
                data = ByteArray(8192) // the part of the line read so far goes: it is what filled the heap
                start = 0
                end = 0
            }
            throw outOfHeap("a line of $name", -1, e)
        }
    }) { raw -> raw?.let { String(it, 0, trimmed(it), Charsets.UTF_8) } }

    private fun nextLine(): ByteArray? {
        var scanned = 0 // bytes of the buffer already searched for '\n', so a long line is not searched again
        var seenPutBacks = synchronized(lock) { putBacks }
        while (true) {
            synchronized(lock) {
                if (putBacks != seenPutBacks) {
                    seenPutBacks = putBacks
                    scanned = 0
                }
                for (i in start + scanned until end) {
                    if (data[i] == '\n'.code.toByte()) return take(i + 1 - start)
                }
                scanned = end - start
                if (end - start > limit) {
                    val consumed = end - start
                    start = end // dropped, as asyncio's readline drops an overlong line
                    throw errors.limitOverrun(
                        "a line of $name is longer than the limit of $limit bytes (SubprocessOptions.maxOutputBytes); " +
                            "the $consumed bytes read of it were dropped",
                        consumed,
                    )
                }
                if (eof) return if (start == end) null else take(end - start)
            }
            fill()
        }
    }

    /** Up to [n] bytes, as soon as some are there; empty at end of stream. */
    public fun read(n: Int): CompletableFuture<ByteArray> {
        require(n >= 0) { "n must be >= 0, was $n" }
        return readOp({
            if (n == 0) return@readOp ByteArray(0)
            while (synchronized(lock) { start == end && !eof }) fill()
            synchronized(lock) { take(minOf(n, end - start)) }
        }) { it!! }
    }

    /** Everything up to end of stream. */
    public fun readAll(): CompletableFuture<ByteArray> = readOp({
        val collected = LongArray(1)
        try {
            collectAll(collected)
        } catch (e: OutOfMemoryError) {
            // collectAll's chunks are unreachable once it has thrown: there is room again for the report
            throw outOfHeap(name, collected[0], e)
        }
    }) { it!! }

    /** Reads to end of stream in chunks (so no buffer is copied as it grows); [collected] counts for a report. */
    private fun collectAll(collected: LongArray): ByteArray {
        val chunks = ArrayList<ByteArray>()
        var total = 0L
        while (true) {
            val chunk = synchronized(lock) {
                val n = end - start
                if (total + n > limit) {
                    start = end
                    val consumed = (total + n).coerceAtMost(Int.MAX_VALUE.toLong()).toInt()
                    throw errors.limitOverrun(
                        "$name sent more than $limit bytes, the limit (SubprocessOptions.maxOutputBytes); " +
                            "the $consumed bytes read were dropped",
                        consumed,
                    )
                }
                take(n)
            }
            if (chunk.isNotEmpty()) chunks.add(chunk)
            total += chunk.size
            collected[0] = total
            if (synchronized(lock) { eof && start == end }) break
            fill()
        }
        if (chunks.size == 1) return chunks[0]
        val all = ByteArray(total.toInt())
        var at = 0
        for (c in chunks) {
            System.arraycopy(c, 0, all, at, c.size)
            at += c.size
        }
        return all
    }

    private fun outOfHeap(what: String, bytes: Long, e: OutOfMemoryError): Throwable {
        val after = if (bytes >= 0) " after $bytes bytes" else ""
        val failure = errors.limitOverrun(
            "$what did not fit in the heap (OutOfMemoryError$after); cap what a read collects with " +
                "SubprocessOptions.maxOutputBytes, or read it in parts",
            bytes.coerceIn(0, Int.MAX_VALUE.toLong()).toInt(),
        )
        if (failure.cause == null) failure.initCause(e)
        return failure
    }

    /**
     * Runs [body] in turn on the I/O thread and delivers [convert] of its bytes on the caller's loop.
     * Exactly one side puts the bytes back when the caller cancels after they were taken: the I/O
     * thread if its completion loses to the cancel, else the cancel.
     */
    private fun <R> readOp(body: () -> ByteArray?, convert: (ByteArray?) -> R): CompletableFuture<R> {
        val loop = EventLoop.current()
        val inner = CompletableFuture<ByteArray?>()
        val outer = object : CompletableFuture<R>() {
            override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
                val r = super.cancel(mayInterruptIfRunning)
                if (r && !inner.cancel(false) && !inner.isCompletedExceptionally) inner.join()?.let { putBack(it) }
                return r
            }

            override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
        }
        io.submit({
            if (inner.isDone) return@submit // cancelled while queued
            try {
                val v = body()
                if (!inner.complete(v)) v?.let { putBack(it) }
            } catch (e: Throwable) {
                inner.completeExceptionally(e)
            }
        }) { inner.completeExceptionally(it) }
        inner.whenComplete { v, e ->
            if (!inner.isCancelled) {
                if (e != null) completeOn(loop, outer, null, Awaits.unwrap(e)) else completeOn(loop, outer, convert(v), null)
            }
        }
        return outer
    }

    /** Each line as an item; completes at end of stream. Backpressure: a line is read only when requested. */
    public fun lines(): Flow.Publisher<String> = PullPublisher {
        object : PullSource<String> {
            @Volatile
            private var ended = false

            override fun poll(): String? = null

            override fun terminal(): Any? = if (ended) PullSource.COMPLETE else null

            override fun next(): CompletableFuture<String> {
                val f = CompletableFuture<String>()
                readLine().whenComplete { line, e ->
                    when {
                        e != null -> f.completeExceptionally(e)
                        line == null -> {
                            ended = true
                            f.completeExceptionally(NoSuchElementException("end of stream"))
                        }
                        else -> f.complete(line)
                    }
                }
                return f
            }

            override fun handBack(item: String) {
                putBack((item + "\n").toByteArray(Charsets.UTF_8))
            }
        }
    }

    private fun trimmed(line: ByteArray): Int {
        var n = line.size - 1 // drop '\n'
        if (n > 0 && line[n - 1] == '\r'.code.toByte()) n--
        return n
    }

    /** Takes [n] buffered bytes; call with [lock] held. */
    private fun take(n: Int): ByteArray {
        val out = data.copyOfRange(start, start + n)
        start += n
        return out
    }

    /** One blocking read of the stream into the buffer (outside the lock). */
    private fun fill() {
        val chunk = ByteArray(8192)
        val n = try {
            input.read(chunk)
        } catch (e: IOException) {
            if (e.message == "Stream closed") -1 else throw e
        }
        synchronized(lock) {
            if (n < 0) {
                eof = true
                return
            }
            if (start == end) {
                start = 0
                end = 0
            }
            if (end + n > data.size) {
                val live = end - start
                val bigger = if (live + n > data.size) ByteArray(maxOf(data.size * 2, live + n)) else data
                System.arraycopy(data, start, bigger, 0, live)
                data = bigger
                start = 0
                end = live
            }
            System.arraycopy(chunk, 0, data, end, n)
            end += n
        }
    }

    private fun putBack(bytes: ByteArray) {
        synchronized(lock) {
            putBacks++
            val live = end - start
            val merged = ByteArray(maxOf(data.size, bytes.size + live))
            System.arraycopy(bytes, 0, merged, 0, bytes.size)
            System.arraycopy(data, start, merged, bytes.size, live)
            data = merged
            start = 0
            end = bytes.size + live
        }
    }
}

/**
 * The write side of a child's stdin: asyncio's `StreamWriter` (`write`, `drain`, `close`). Writes happen in call order.
 * Once a write has failed (the child exited or closed its stdin: a broken pipe), every later write and
 * [drain] fails with that reason, as asyncio's `drain()` raises `BrokenPipeError`: data is never lost silently.
 */
public class ProcessWriter internal constructor(
    private val output: OutputStream,
    /** What the messages call this stream, e.g. "stdin of process 1234". */
    private val name: String,
) {
    private val io = SerialIo()

    @Volatile
    private var closed = false

    /** The first write's failure; only the I/O thread sets it. */
    @Volatile
    private var broken: IOException? = null

    /** Queues [bytes]; the future completes once they are written to the pipe (or fails, e.g. the child has gone). */
    public fun write(bytes: ByteArray): CompletableFuture<Unit> {
        check(!closed) { "stdin is closed" }
        val copy = bytes.copyOf()
        return io.call(EventLoop.current(), CompletableFuture()) {
            failIfBroken()
            try {
                output.write(copy)
                output.flush()
            } catch (e: IOException) {
                val first = IOException("$name is closed: the process has exited or closed its input (${e.message})", e)
                broken = first
                throw first
            }
        }
    }

    /** Completes once every write queued before it has reached the pipe; fails if one of them (or an earlier one) failed. */
    public fun drain(): CompletableFuture<Unit> = io.call(EventLoop.current(), CompletableFuture()) { failIfBroken() }

    private fun failIfBroken() {
        val first = broken ?: return
        throw IOException(first.message, first.cause) // a fresh one per caller: callers may add to it
    }

    /** Closes stdin after the queued writes, so the child sees end of input; closing twice is harmless. */
    public fun close(): CompletableFuture<Unit> {
        closed = true
        return io.call(EventLoop.current(), CompletableFuture()) {
            try {
                output.close()
            } catch (_: IOException) {
                // the child has gone: its stdin is closed either way
            }
        }
    }

    /** True once [close] was called. */
    public val isClosed: Boolean get() = closed
}
