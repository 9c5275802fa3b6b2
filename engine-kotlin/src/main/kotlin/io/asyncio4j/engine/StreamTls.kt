package io.asyncio4j.engine

import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLEngineResult
import javax.net.ssl.SSLException
import javax.net.ssl.SSLHandshakeException

/**
 * TLS for one [StreamConnection]: a JDK [SSLEngine] between the socket and the reader/writer, run on
 * the connection's loop (asyncio's `SSLProtocol`). Ciphertext from the selector is unwrapped into
 * the reader; what the writer sends is wrapped into the socket. Application writes made before the
 * handshake has finished wait for it; [handshake] completes (on the loop) once it has.
 */
internal class StreamTls(private val conn: StreamConnection, private val engine: SSLEngine) {
    /** Completes once the handshake is done; fails with the handshake's [SSLException]. */
    val handshake: CompletableFuture<Void?> = LoopFuture(conn.loop)

    private var netIn: ByteBuffer = ByteBuffer.allocate(engine.session.packetBufferSize).flip()
    private var appIn: ByteBuffer = ByteBuffer.allocate(engine.session.applicationBufferSize)
    private val early = ArrayDeque<ByteBuffer>()
    private var handshakeDone = false

    /** On the loop, once the TCP connection is up. */
    fun start() {
        run { engine.beginHandshake() }
        run { pump() }
    }

    /** Ciphertext from the socket (on the loop). */
    fun received(chunk: ByteArray) {
        append(chunk)
        val plain = run { pump() } ?: return
        conn.adjustPending(plain.toLong() - chunk.size)
    }

    /** The peer closed the socket. */
    fun receivedEof() {
        if (!handshakeDone) fail(SSLHandshakeException("the peer closed the connection during the TLS handshake"))
        else conn.reader.feedEof()
    }

    /** Plaintext to send (on the loop); [copy]: the caller may reuse [b], so keep a copy if it must wait. */
    fun write(b: ByteBuffer, copy: Boolean) {
        if (!handshakeDone) {
            early.addLast(if (copy) ByteBuffer.wrap(ByteArray(b.remaining()).also { b.get(it) }) else b)
            return
        }
        run { wrapAndSend(b) }
    }

    /** Sends close_notify (the writer closes the socket once it is flushed). */
    fun closeOutbound() {
        engine.closeOutbound()
        run {
            while (!engine.isOutboundDone) {
                val out = ByteBuffer.allocate(engine.session.packetBufferSize)
                val r = engine.wrap(EMPTY, out)
                out.flip()
                if (out.hasRemaining()) conn.writer.sendRaw(out, copy = false)
                if (r.status == SSLEngineResult.Status.CLOSED || r.bytesProduced() == 0) break
            }
        }
    }

    private fun wrapAndSend(src: ByteBuffer) {
        while (src.hasRemaining()) {
            val out = ByteBuffer.allocate(engine.session.packetBufferSize)
            val r = engine.wrap(src, out)
            if (r.status == SSLEngineResult.Status.CLOSED) throw SSLException("the TLS session is closed")
            out.flip()
            if (out.hasRemaining()) conn.writer.sendRaw(out, copy = false)
        }
    }

    /** Runs the engine as far as the bytes at hand allow; returns how many plaintext bytes went to the reader. */
    private fun pump(): Int {
        var plain = 0
        while (true) {
            when (engine.handshakeStatus) {
                SSLEngineResult.HandshakeStatus.NEED_TASK -> {
                    while (true) (engine.delegatedTask ?: break).run()
                }
                SSLEngineResult.HandshakeStatus.NEED_WRAP -> {
                    val out = ByteBuffer.allocate(engine.session.packetBufferSize)
                    val r = engine.wrap(EMPTY, out)
                    out.flip()
                    if (out.hasRemaining()) conn.writer.sendRaw(out, copy = false)
                    if (r.status == SSLEngineResult.Status.CLOSED) return plain
                }
                SSLEngineResult.HandshakeStatus.NEED_UNWRAP, SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN -> {
                    val n = unwrapOnce()
                    if (n < 0) return plain
                    plain += n
                }
                else -> {
                    if (!handshakeDone) finishHandshake()
                    if (!netIn.hasRemaining()) return plain
                    val n = unwrapOnce()
                    if (n < 0) return plain
                    plain += n
                }
            }
        }
    }

    /** One unwrap: plaintext bytes fed to the reader, or -1 when more ciphertext is needed (or the peer closed). */
    private fun unwrapOnce(): Int {
        appIn.clear()
        val r = engine.unwrap(netIn, appIn)
        return when (r.status) {
            SSLEngineResult.Status.BUFFER_UNDERFLOW -> -1
            SSLEngineResult.Status.BUFFER_OVERFLOW -> {
                appIn = ByteBuffer.allocate(maxOf(appIn.capacity() * 2, engine.session.applicationBufferSize))
                0
            }
            SSLEngineResult.Status.CLOSED -> {
                conn.reader.feedEof() // the peer's close_notify
                -1
            }
            else -> {
                appIn.flip()
                val n = appIn.remaining()
                if (n > 0) {
                    val bytes = ByteArray(n)
                    appIn.get(bytes)
                    conn.reader.feed(bytes)
                }
                if (n == 0 && r.bytesConsumed() == 0 && engine.handshakeStatus == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) -1 else n
            }
        }
    }

    private fun finishHandshake() {
        handshakeDone = true
        while (true) wrapAndSend(early.removeFirstOrNull() ?: break)
        // Completed from a next callback: whoever waits for it must not run inside the engine's pump.
        conn.loop.schedule { handshake.complete(null) }
    }

    private fun append(chunk: ByteArray) {
        if (netIn.capacity() - netIn.remaining() < chunk.size) {
            val bigger = ByteBuffer.allocate(netIn.remaining() + chunk.size + engine.session.packetBufferSize)
            bigger.put(netIn)
            bigger.flip()
            netIn = bigger
        }
        netIn.compact()
        netIn.put(chunk)
        netIn.flip()
    }

    /** Runs an engine step; a TLS failure loses the connection (and fails the handshake). Null on failure. */
    private inline fun <R> run(step: () -> R): R? =
        try {
            step()
        } catch (e: SSLException) {
            fail(e)
            null
        } catch (e: RuntimeException) {
            fail(SSLException("TLS failed: $e", e))
            null
        }

    private fun fail(e: Throwable) {
        if (!handshake.isDone) handshake.completeExceptionally(e)
        conn.lost(e)
    }

    private companion object {
        val EMPTY: ByteBuffer = ByteBuffer.allocate(0)
    }
}
