package io.asyncio4j.engine

import java.io.IOException
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture

/**
 * asyncio's `StreamWriter`: [write] never waits — it sends what the socket takes now and queues the
 * rest — and [drain] is the flow control: it waits while more than the high-water mark is queued,
 * until no more than the low-water mark is left. [close] sends what is queued, then closes.
 *
 * The queue belongs to the connection's loop; calls from other threads are carried over to it (in
 * call order), and futures complete there.
 */
public class StreamWriter internal constructor(private val conn: StreamConnection) {
    private val high = conn.settings.highWaterMark
    private val low = conn.settings.lowWaterMark
    private val queue = ArrayDeque<ByteBuffer>()
    @Volatile
    private var queued = 0L
    private val drainWaiters = ArrayList<CompletableFuture<Void?>>()

    /** Set by [close] (any thread): later writes fail at once. */
    @Volatile
    private var closing = false
    private var eofAfterFlush = false

    /** True once [close] was called or the connection is gone (asyncio's `is_closing`). */
    public val isClosing: Boolean get() = closing || conn.isClosed

    /** Bytes queued and not yet taken by the socket (asyncio's `get_write_buffer_size`). */
    public val bufferSize: Long get() = queued

    /**
     * Sends [len] bytes of [data] from [off], or queues what the socket does not take now (copied, so
     * the caller may reuse [data]). Throws [IllegalStateException] after [close] or once the connection
     * is lost (with the loss as its cause).
     */
    public fun write(data: ByteArray, off: Int, len: Int) {
        if (off < 0 || len < 0 || off + len > data.size || off + len < 0) {
            throw IndexOutOfBoundsException("off $off, len $len out of bounds for length ${data.size}")
        }
        checkWritable()
        if (len == 0) return
        if (conn.loop.inLoop()) {
            send(ByteBuffer.wrap(data, off, len), copy = true)
        } else {
            val copy = ByteBuffer.wrap(data.copyOfRange(off, off + len))
            conn.onLoop(null) { send(copy, copy = false) }
        }
    }

    private fun checkWritable() {
        if (closing) throw IllegalStateException("StreamWriter is closed: cannot write after close()")
        if (eofAfterFlush) throw IllegalStateException("StreamWriter has written EOF: cannot write after writeEof()")
        conn.lostCause?.let { throw IllegalStateException("Connection lost: cannot write", it) }
        if (conn.isClosed) throw IllegalStateException("Connection is closed: cannot write")
    }

    private fun send(b: ByteBuffer, copy: Boolean) {
        if (conn.isClosed) return // lost meanwhile: the caller learns it from drain()
        val tls = conn.tls
        if (tls != null) tls.write(b, copy) else sendRaw(b, copy)
    }

    /** Bytes for the socket as they are (ciphertext under TLS). */
    internal fun sendRaw(b: ByteBuffer, copy: Boolean) {
        if (conn.isClosed) return
        if (queue.isEmpty()) {
            try {
                conn.channel.write(b)
            } catch (e: IOException) {
                conn.lost(e)
                return
            }
            if (!b.hasRemaining()) return
        }
        val rest = if (copy) ByteBuffer.wrap(ByteArray(b.remaining()).also { b.get(it) }) else b
        queued += rest.remaining()
        queue.addLast(rest)
        if (queue.size == 1) conn.wantWrite()
    }

    /**
     * asyncio's `drain()`: completes at once while no more than the high-water mark is queued; else once
     * the queue is down to the low-water mark. Fails with the connection's loss (an [IOException]) if
     * it is lost first.
     */
    public fun drain(): CompletableFuture<Void?> {
        val f = LoopFuture<Void?>(conn.loop)
        if (conn.loop.inLoop()) drainOnLoop(f) else conn.onLoop(f) { drainOnLoop(f) }
        return f
    }

    private fun drainOnLoop(f: CompletableFuture<Void?>) {
        val lost = conn.lostCause
        when {
            lost != null -> f.completeExceptionally(lost)
            queued <= high || conn.isClosed -> f.complete(null)
            else -> drainWaiters.add(f)
        }
    }

    /** asyncio's `write_eof()`: shuts down the sending side once the queue is flushed; reading goes on. */
    public fun writeEof() {
        if (conn.tls != null) throw UnsupportedOperationException("writeEof is not supported on a TLS connection (asyncio: can_write_eof() is False)")
        if (closing || eofAfterFlush) return
        if (conn.loop.inLoop()) eofOnLoop() else conn.onLoop(null) { eofOnLoop() }
    }

    private fun eofOnLoop() {
        eofAfterFlush = true
        if (queue.isEmpty()) conn.shutdownOutput()
    }

    /** asyncio's `close()`: queued bytes are still sent, then the connection closes. Idempotent. */
    public fun close() {
        if (closing) return
        closing = true
        if (conn.loop.inLoop()) closeOnLoop() else conn.onLoop(null) { closeOnLoop() }
    }

    private fun closeOnLoop() {
        closing = true
        if (!conn.isClosed) conn.tls?.closeOutbound()
        if (queue.isEmpty()) conn.close(null)
    }

    /** asyncio's `wait_closed()`: completes once the connection is closed. */
    public fun waitClosed(): CompletableFuture<Void?> = conn.closed.thenApply { null }

    // ---------------------------------------------------------------- on the loop, from the connection

    /** The socket takes bytes again: send what is queued. */
    internal fun onWritable() {
        if (conn.isClosed) return
        try {
            while (true) {
                val b = queue.firstOrNull() ?: break
                val n = conn.channel.write(b)
                queued -= n
                if (b.hasRemaining()) break
                queue.removeFirst()
            }
        } catch (e: IOException) {
            conn.lost(e)
            return
        }
        if (queued <= low && drainWaiters.isNotEmpty()) wakeDrainers(null)
        if (queue.isNotEmpty()) {
            conn.wantWrite()
        } else if (closing) {
            conn.close(null)
        } else if (eofAfterFlush) {
            conn.shutdownOutput()
        }
    }

    /** The connection is gone: drop the queue and release every drain, failing them with [cause] if any. */
    internal fun abandon(cause: Throwable?) {
        queue.clear()
        queued = 0
        wakeDrainers(cause)
    }

    private fun wakeDrainers(cause: Throwable?) {
        val ws = drainWaiters.toList()
        drainWaiters.clear()
        for (w in ws) if (cause == null) w.complete(null) else w.completeExceptionally(cause)
    }
}
