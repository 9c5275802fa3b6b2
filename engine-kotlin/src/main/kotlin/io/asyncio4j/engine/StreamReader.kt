package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture

/**
 * asyncio's `StreamReader`: the bytes a connection has received, read by line, by count or up to a
 * separator. Its buffer belongs to the connection's loop; a call from any other thread is carried
 * over to the loop, and every returned future completes there.
 *
 * Bytes are taken out of the buffer only by the completion of a read: a read cancelled while it
 * waits (a task cancelled, a `waitFor` timing out) takes nothing, and the next read gets those bytes.
 * One read may wait at a time (asyncio raises the same `RuntimeError`).
 *
 * Memory stays bounded: with no read waiting, the socket is not read once twice [StreamSettings.limit]
 * bytes are buffered; `readLine`/`readUntil` fail with the limit-overrun error as soon as more than
 * `limit` bytes hold no separator.
 */
public class StreamReader internal constructor(private val conn: StreamConnection) {
    private val limit = conn.settings.limit
    private var buf: ByteArray = EMPTY
    private var start = 0
    private var end = 0

    /** Buffered byte count, readable from any thread (for [atEof]). */
    @Volatile
    private var size = 0

    @Volatile
    private var eof = false
    private var failure: Throwable? = null
    private var waiter: ReadOp? = null

    /** asyncio's `read(n)`: up to [n] bytes (at least one unless at EOF, then none); -1 reads to EOF. */
    public fun read(n: Int): CompletableFuture<ByteArray> {
        require(n >= -1) { "n must be >= -1" }
        return submit(ReadOp(READ, n, null))
    }

    /** asyncio's `readexactly(n)`: exactly [n] bytes, or the incomplete-read error with what came before EOF. */
    public fun readExactly(n: Int): CompletableFuture<ByteArray> {
        require(n >= 0) { "n must be >= 0" }
        return submit(ReadOp(EXACTLY, n, null))
    }

    /** asyncio's `readuntil(separator)`: the bytes up to and including [separator]. */
    public fun readUntil(separator: ByteArray): CompletableFuture<ByteArray> {
        require(separator.isNotEmpty()) { "separator must not be empty" }
        return submit(ReadOp(UNTIL, 0, separator.clone()))
    }

    /**
     * asyncio's `readline()`: the bytes up to and including `\n`; at EOF whatever is left (empty at the
     * end). A line longer than the limit fails with the limit-overrun error and is dropped from the
     * buffer (the bytes up to its `\n`, or all buffered bytes when none came yet), as asyncio does.
     */
    public fun readLine(): CompletableFuture<ByteArray> = submit(ReadOp(LINE, 0, NEWLINE))

    /** True once the peer has closed its side and every buffered byte has been read. */
    public val atEof: Boolean get() = eof && size == 0

    private fun submit(op: ReadOp): CompletableFuture<ByteArray> {
        if (conn.loop.inLoop()) begin(op) else conn.onLoop(op.future) { begin(op) }
        return op.future
    }

    private fun begin(op: ReadOp) {
        val w = waiter
        if (w != null && !w.future.isDone) {
            op.future.completeExceptionally(
                IllegalStateException("another read of this StreamReader is already waiting for data"),
            )
            return
        }
        waiter = null
        conn.dataServed()
        if (!tryComplete(op)) {
            waiter = op
            conn.needData()
        }
    }

    // ---------------------------------------------------------------- fed by the connection, on the loop

    internal fun feed(chunk: ByteArray) {
        if (start == end) {
            buf = chunk // the common case: adopt the chunk, no copy
            start = 0
            end = chunk.size
        } else {
            if (buf.size - end < chunk.size) makeRoom(chunk.size)
            System.arraycopy(chunk, 0, buf, end, chunk.size)
            end += chunk.size
        }
        size = end - start
        serve()
    }

    internal fun feedEof() {
        if (eof) return
        eof = true
        serve()
    }

    internal fun fail(e: Throwable) {
        if (failure == null) failure = e
        serve()
    }

    private fun serve() {
        val w = waiter ?: return
        // Cleared first: completing w runs its continuations, which may start the next read.
        waiter = null
        conn.dataServed()
        if (w.future.isDone) return
        if (!tryComplete(w)) {
            waiter = w
            conn.needData()
        }
    }

    // ---------------------------------------------------------------- the reads

    /** Completes [op] if the buffer allows it now (true), or leaves it waiting (false). */
    private fun tryComplete(op: ReadOp): Boolean {
        if (op.future.isDone) return true
        failure?.let { op.future.completeExceptionally(it); return true }
        val avail = end - start
        return when (op.kind) {
            READ -> when {
                op.n == 0 -> deliver(op, 0)
                op.n < 0 -> if (eof) deliver(op, avail) else false
                avail > 0 -> deliver(op, minOf(op.n, avail))
                eof -> deliver(op, 0)
                else -> false
            }
            EXACTLY -> when {
                avail >= op.n -> deliver(op, op.n)
                eof -> failTaking(op, avail) { conn.errors.incompleteRead(it, op.n.toLong()) }
                else -> false
            }
            else -> untilSeparator(op, avail)
        }
    }

    private fun untilSeparator(op: ReadOp, avail: Int): Boolean {
        val sep = op.separator!!
        val at = indexOf(sep, start + op.scanned)
        val line = op.kind == LINE
        if (at >= 0) {
            val chunk = at - start + sep.size
            if (chunk <= limit) return deliver(op, chunk)
            val msg = "Separator is found, but chunk is longer than limit ($limit bytes)"
            return failTaking(op, if (line) chunk else 0) { conn.errors.limitOverrun(msg, at - start) }
        }
        if (avail > limit) {
            val msg = "Separator is not found, and chunk exceeds the limit ($limit bytes)"
            return failTaking(op, if (line) avail else 0) { conn.errors.limitOverrun(msg, avail) }
        }
        if (eof) {
            if (line) return deliver(op, avail)
            return failTaking(op, avail) { conn.errors.incompleteRead(it, -1) }
        }
        op.scanned = maxOf(0, avail - sep.size + 1)
        return false
    }

    /** Takes [n] bytes and completes [op] with them; if a cancel won meanwhile, the bytes go back. */
    private fun deliver(op: ReadOp, n: Int): Boolean {
        val bytes = take(n)
        if (op.future.complete(bytes)) conn.consumed(n) else unread(bytes)
        return true
    }

    /** Takes [n] bytes and fails [op] with the error made from them; if a cancel won, the bytes go back. */
    private inline fun failTaking(op: ReadOp, n: Int, error: (ByteArray) -> Throwable): Boolean {
        val bytes = take(n)
        if (op.future.completeExceptionally(error(bytes))) conn.consumed(n) else unread(bytes)
        return true
    }

    private fun indexOf(sep: ByteArray, from: Int): Int {
        val first = sep[0]
        var i = from
        val last = end - sep.size
        outer@ while (i <= last) {
            if (buf[i] != first) {
                i++
                continue
            }
            for (j in 1 until sep.size) {
                if (buf[i + j] != sep[j]) {
                    i++
                    continue@outer
                }
            }
            return i
        }
        return -1
    }

    private fun take(n: Int): ByteArray {
        if (n == 0) return EMPTY
        val out: ByteArray
        if (start == 0 && n == end && end == buf.size) {
            out = buf // the whole buffer is one chunk: hand it over, no copy
            buf = EMPTY
            end = 0
        } else {
            out = buf.copyOfRange(start, start + n)
            start += n
            if (start == end) {
                buf = EMPTY
                start = 0
                end = 0
            }
        }
        size = end - start
        return out
    }

    /** Puts [bytes] back in front of the buffer (a read that lost to a cancel). */
    private fun unread(bytes: ByteArray) {
        if (bytes.isEmpty()) return
        if (start == end) {
            buf = bytes
            start = 0
            end = bytes.size
        } else {
            val merged = ByteArray(bytes.size + end - start)
            System.arraycopy(bytes, 0, merged, 0, bytes.size)
            System.arraycopy(buf, start, merged, bytes.size, end - start)
            buf = merged
            start = 0
            end = merged.size
        }
        size = end - start
    }

    private fun makeRoom(extra: Int) {
        val used = end - start
        val need = used + extra
        val target = if (need <= buf.size && start > 0) buf else ByteArray(maxOf(need, buf.size * 2))
        System.arraycopy(buf, start, target, 0, used)
        buf = target
        start = 0
        end = used
    }

    private inner class ReadOp(val kind: Int, val n: Int, val separator: ByteArray?) {
        /** Completed on the connection's loop; `get` there would deadlock, so it throws instead. */
        val future = LoopFuture<ByteArray>(conn.loop)

        /** Bytes at the buffer's front already searched for the separator. */
        var scanned = 0
    }

    private companion object {
        const val READ = 0
        const val EXACTLY = 1
        const val UNTIL = 2
        const val LINE = 3
        val EMPTY = ByteArray(0)
        val NEWLINE = byteArrayOf('\n'.code.toByte())
    }
}
