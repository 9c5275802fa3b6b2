package io.asyncio4j.engine

import kotlinx.coroutines.DisposableHandle
import java.io.IOException
import java.net.InetSocketAddress
import java.nio.channels.SelectionKey
import java.nio.channels.SocketChannel
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicLong

/**
 * One TCP connection of a loop (asyncio's transport with its `StreamReaderProtocol`): a non-blocking
 * [SocketChannel] whose readiness a shared [IoSelector] watches. The selector thread reads and hands
 * each chunk to the loop; the loop owns the [reader]'s buffer and the [writer]'s queue, and writes
 * directly while the socket takes the bytes.
 *
 * Flow control: bytes read but not yet consumed are counted across both threads; past twice the
 * limit the selector stops reading (the peer then blocks in TCP), and reading resumes when the reader
 * is down to the limit, or at once when a read waits for more.
 *
 * A connection closes when its writer is closed (after flushing), when it is lost (an I/O error),
 * or when its loop closes; nothing stays registered or open after that.
 */
public class StreamConnection internal constructor(
    /** The loop whose tasks use this connection; its futures complete there. */
    public val loop: EventLoop,
    internal val channel: SocketChannel,
    internal val selector: IoSelector,
    internal val settings: StreamSettings,
    internal val errors: StreamErrors,
    tlsEngine: javax.net.ssl.SSLEngine? = null,
) : IoHandler {
    /** What the peer sent. */
    public val reader: StreamReader = StreamReader(this)

    /** What we send. */
    public val writer: StreamWriter = StreamWriter(this)

    /** The TLS layer between the socket and [reader]/[writer], or null for plain TCP. */
    internal val tls: StreamTls? = tlsEngine?.let { StreamTls(this, it) }

    /** Our address. */
    public val localAddress: InetSocketAddress = channel.localAddress as InetSocketAddress

    /** The peer's address. */
    public val remoteAddress: InetSocketAddress = channel.remoteAddress as InetSocketAddress

    /** The selection key; set and changed on the selector thread only. */
    private var key: SelectionKey? = null
    private var readPaused = false

    @Volatile
    private var readPausedFlag = false

    /** True while a read waits for more bytes (set by the loop): reading then goes on past the pause mark. */
    @Volatile
    private var wantsData = false

    /** Bytes read from the socket and not yet consumed by a read. */
    private val pending = AtomicLong()

    /** Completes (on the loop) once the channel is closed. */
    internal val closed: CompletableFuture<Void?> = LoopFuture(loop)

    @Volatile
    private var closedFlag = false

    /** The I/O error that ended the connection, if one did. */
    @Volatile
    internal var lostCause: Throwable? = null
        private set

    private var loopCloseHook: DisposableHandle? = null

    /** Called on the loop once the connection has closed (a server's bookkeeping). */
    internal var onClose: Runnable? = null

    /** True once the connection is closed. */
    public val isClosed: Boolean get() = closedFlag

    // ---------------------------------------------------------------- set-up

    /** On the selector thread: [k] (registered for this channel) now serves this connection. */
    internal fun attach(k: SelectionKey) {
        key = k
        k.attach(this)
        if (closedFlag) {
            k.cancel()
            return
        }
        k.interestOps(SelectionKey.OP_READ)
    }

    /** On the loop, before the first read: close with the loop (nothing outlives it). */
    internal fun bindToLoop() {
        loopCloseHook = loop.rootJob.invokeOnCompletion { close(null) }
    }

    // ---------------------------------------------------------------- selector thread

    override fun ready(key: SelectionKey) {
        val ready = key.readyOps()
        if (ready and SelectionKey.OP_WRITE != 0) {
            key.interestOps(key.interestOps() and SelectionKey.OP_WRITE.inv())
            post { writer.onWritable() }
        }
        if (ready and SelectionKey.OP_READ != 0) readSome(key)
    }

    override fun failed(e: Throwable) {
        post { lost(e) }
    }

    private fun readSome(key: SelectionKey) {
        val b = selector.readBuffer
        b.clear()
        val n = try {
            channel.read(b)
        } catch (e: IOException) {
            key.interestOps(0)
            post { lost(e) }
            return
        }
        if (n < 0) {
            key.interestOps(key.interestOps() and SelectionKey.OP_READ.inv())
            post { if (tls == null) reader.feedEof() else tls.receivedEof() }
            return
        }
        if (n == 0) return
        b.flip()
        val chunk = ByteArray(n)
        b.get(chunk)
        val p = pending.addAndGet(n.toLong())
        post { if (tls == null) reader.feed(chunk) else tls.received(chunk) }
        if (p > 2L * settings.limit) pauseReading(key)
    }

    private fun pauseReading(key: SelectionKey) {
        readPaused = true
        readPausedFlag = true
        key.interestOps(key.interestOps() and SelectionKey.OP_READ.inv())
        // The reader may have consumed everything, or started waiting, between our add and the flag: check again.
        if (wantsData) resumeReading(force = true) else if (pending.get() <= settings.limit) resumeReading(force = false)
    }

    private fun resumeReading(force: Boolean) {
        val k = key ?: return
        if (!readPaused || !k.isValid) return
        if (!force && pending.get() > settings.limit) return
        readPaused = false
        readPausedFlag = false
        k.interestOps(k.interestOps() or SelectionKey.OP_READ)
    }

    private val resumeTask = Runnable { resumeReading(force = false) }
    private val forceResumeTask = Runnable { resumeReading(force = true) }

    /** Runs [r] on the loop; if the loop has closed, closes the channel instead (nobody will read). */
    private fun post(r: Runnable) {
        if (loop.isClosed) {
            closeChannel()
            return
        }
        loop.schedule(r)
    }

    // ---------------------------------------------------------------- loop side

    /** Runs [r] on the loop, from another thread; if the loop is closed, fails [f] (if given) instead. */
    internal fun onLoop(f: CompletableFuture<*>?, r: Runnable) {
        if (loop.isClosed) {
            f?.completeExceptionally(IllegalStateException("Event loop '${loop.name}' of this connection is closed"))
            return
        }
        loop.schedule(r)
    }

    /** [n] buffered bytes were consumed by a read. */
    internal fun consumed(n: Int) {
        consumed(n.toLong())
    }

    private fun consumed(n: Long) {
        if (n == 0L) return
        if (pending.addAndGet(-n) <= settings.limit && readPausedFlag) selector.execute(resumeTask)
    }

    /** TLS turned [delta] more (or fewer) bytes into plaintext than it took from the socket. */
    internal fun adjustPending(delta: Long) {
        if (delta < 0) consumed(-delta) else pending.addAndGet(delta)
    }

    /** A read waits for more bytes: read again even above the pause mark. */
    internal fun needData() {
        wantsData = true
        if (readPausedFlag) selector.execute(forceResumeTask)
    }

    /** No read waits any more. */
    internal fun dataServed() {
        wantsData = false
    }

    /** The writer has queued bytes: tell us when the socket takes more. */
    internal fun wantWrite() {
        selector.execute {
            val k = key
            if (k != null && k.isValid) k.interestOps(k.interestOps() or SelectionKey.OP_WRITE)
        }
    }

    internal fun shutdownOutput() {
        if (closedFlag) return
        try {
            channel.shutdownOutput()
        } catch (e: IOException) {
            lost(e)
        }
    }

    /** An I/O error ended the connection: reads and drains fail with [e], and it closes. */
    internal fun lost(e: Throwable) {
        if (closedFlag) return
        lostCause = e
        reader.fail(e)
        close(e)
    }

    /** Closes now (on the loop or any thread): pending reads see EOF, queued writes are dropped. Idempotent. */
    internal fun close(cause: Throwable?) {
        if (!loop.inLoop() && !loop.isClosed) {
            loop.schedule { close(cause) }
            return
        }
        if (closedFlag) return
        closedFlag = true
        loopCloseHook?.dispose()
        reader.feedEof()
        writer.abandon(cause)
        onClose?.run()
        selector.release(channel) {
            if (loop.isClosed) closed.complete(null) else loop.schedule { closed.complete(null) }
        }
    }

    /** Closes the channel when the loop is gone (nobody will read or write it). */
    private fun closeChannel() {
        closedFlag = true
        selector.release(channel, null)
    }

    override fun toString(): String = "StreamConnection[$localAddress -> $remoteAddress" + (if (closedFlag) ", closed]" else "]")
}
