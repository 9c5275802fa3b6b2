package io.asyncio4j.engine

import java.io.ByteArrayOutputStream
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
    private val ops = ArrayDeque<Runnable>()
    private var running = false

    fun submit(op: Runnable) {
        synchronized(ops) {
            ops.addLast(op)
            if (running) return
            running = true
        }
        BodyThreads.start { drain() }
    }

    private fun drain() {
        while (true) {
            val op = synchronized(ops) {
                ops.pollFirst() ?: run {
                    running = false
                    return
                }
            }
            op.run()
        }
    }

    /** Runs [body] in turn; its outcome completes a future delivered on [loop]. */
    fun <T> call(loop: EventLoop?, result: CompletableFuture<T>, body: () -> T): CompletableFuture<T> {
        submit {
            if (result.isDone) return@submit // cancelled while queued
            val (v, e) = try {
                body() to null
            } catch (t: Throwable) {
                null to t
            }
            completeOn(loop, result, v, e)
        }
        return result
    }
}

/**
 * The read side of a child's stdout or stderr: asyncio's `StreamReader` (`readline`, `read(n)`,
 * `read()`), each call a future. Calls are served in order. A read whose future is cancelled
 * before its bytes are handed over puts them back, so the next read sees them.
 */
public class ProcessReader internal constructor(private val input: InputStream) {
    private val io = SerialIo()
    private val lock = Any()
    private var data = ByteArray(8192)
    private var start = 0
    private var end = 0
    private var eof = false

    /** The next line without its terminator (`\n` or `\r\n`), decoded as UTF-8; null at end of stream. */
    public fun readLine(): CompletableFuture<String?> = readOp({
        var line: ByteArray? = null
        while (line == null) {
            synchronized(lock) {
                for (i in start until end) {
                    if (data[i] == '\n'.code.toByte()) {
                        line = take(i + 1 - start)
                        break
                    }
                }
                if (line == null && eof) return@readOp if (start == end) null else take(end - start)
            }
            if (line == null) fill()
        }
        line
    }) { raw -> raw?.let { String(it, 0, trimmed(it), Charsets.UTF_8) } }

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
        val all = ByteArrayOutputStream()
        while (true) {
            synchronized(lock) {
                all.write(data, start, end - start)
                start = end
            }
            if (synchronized(lock) { eof }) break
            fill()
        }
        all.toByteArray()
    }) { it!! }

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
        io.submit {
            if (inner.isDone) return@submit // cancelled while queued
            try {
                val v = body()
                if (!inner.complete(v)) v?.let { putBack(it) }
            } catch (e: Throwable) {
                inner.completeExceptionally(e)
            }
        }
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

/** The write side of a child's stdin: asyncio's `StreamWriter` (`write`, `drain`, `close`). Writes happen in call order. */
public class ProcessWriter internal constructor(private val output: OutputStream) {
    private val io = SerialIo()

    @Volatile
    private var closed = false

    /** Queues [bytes]; the future completes once they are written to the pipe (or fails, e.g. the child has gone). */
    public fun write(bytes: ByteArray): CompletableFuture<Unit> {
        check(!closed) { "stdin is closed" }
        val copy = bytes.copyOf()
        return io.call(EventLoop.current(), CompletableFuture()) {
            output.write(copy)
            output.flush()
        }
    }

    /** Completes once every write queued before it has reached the pipe. */
    public fun drain(): CompletableFuture<Unit> = io.call(EventLoop.current(), CompletableFuture()) { }

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
