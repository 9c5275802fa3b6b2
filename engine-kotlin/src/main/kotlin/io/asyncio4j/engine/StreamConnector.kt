package io.asyncio4j.engine

import java.io.IOException
import java.net.ConnectException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.channels.SelectionKey
import java.nio.channels.SocketChannel
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/** asyncio's `open_connection`: a non-blocking connect whose result arrives on the caller's loop. */
public object StreamConnector {
    /**
     * Connects to [host]:[port] from the running loop. Host names are resolved on a worker thread (IP
     * literals are not looked up); the addresses are tried in turn until one accepts. The future fails
     * with the last connect error (earlier ones suppressed), with [TimeoutException] after
     * [StreamSettings.connectTimeoutNanos], and cancelling it abandons the attempt and closes its socket.
     */
    @JvmStatic
    public fun open(host: String, port: Int, settings: StreamSettings, errors: StreamErrors): CompletableFuture<StreamConnection> {
        require(port in 0..65535) { "port must be between 0 and 65535" }
        val loop = EventLoop.current() ?: throw IllegalStateException("no running event loop (call this inside Async.run or a task)")
        val result = LoopFuture<StreamConnection>(loop)
        if (settings.connectTimeoutNanos > 0) {
            val timer = loop.callLater(settings.connectTimeoutNanos) {
                val ms = TimeUnit.NANOSECONDS.toMillis(settings.connectTimeoutNanos)
                result.completeExceptionally(TimeoutException("connect to $host:$port timed out after $ms ms"))
            }
            result.whenComplete { _, _ -> timer.cancel() }
        }
        val literal = isIpLiteral(host)
        if (literal) {
            tryAddresses(loop, host, InetAddress.getAllByName(host).toList(), 0, port, settings, errors, result, null)
        } else {
            val lookup = Threadsafe.toThread { InetAddress.getAllByName(host).toList() }
            result.whenComplete { _, _ -> lookup.cancel(true) }
            lookup.whenComplete { addresses, e ->
                if (e != null) result.completeExceptionally(Awaits.unwrap(e))
                else tryAddresses(loop, host, addresses, 0, port, settings, errors, result, null)
            }
        }
        return result
    }

    private fun tryAddresses(
        loop: EventLoop,
        host: String,
        addresses: List<InetAddress>,
        index: Int,
        port: Int,
        settings: StreamSettings,
        errors: StreamErrors,
        result: CompletableFuture<StreamConnection>,
        previous: Throwable?,
    ) {
        if (result.isDone) return
        if (index >= addresses.size) {
            result.completeExceptionally(previous ?: ConnectException("no address to connect to"))
            return
        }
        val attempt = Attempt(loop, host, settings, errors, result) { e ->
            previous?.let { e.addSuppressed(it) }
            tryAddresses(loop, host, addresses, index + 1, port, settings, errors, result, e)
        }
        attempt.start(InetSocketAddress(addresses[index], port))
    }

    /** One address tried: a non-blocking connect finished on the selector thread. */
    private class Attempt(
        private val loop: EventLoop,
        private val host: String,
        private val settings: StreamSettings,
        private val errors: StreamErrors,
        private val result: CompletableFuture<StreamConnection>,
        private val onFailure: (IOException) -> Unit,
    ) : IoHandler {
        private val sel = IoSelectors.next()
        private lateinit var channel: SocketChannel

        fun start(address: InetSocketAddress) {
            try {
                channel = SocketChannel.open()
                channel.configureBlocking(false)
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true)
                val done = channel.connect(address)
                // Abandoned (timeout, cancel): the socket must not stay open.
                result.whenComplete { c, _ -> if (c == null || c.channel !== channel) closeQuietly() }
                sel.execute {
                    try {
                        val k = channel.register(sel.selector, if (done) 0 else SelectionKey.OP_CONNECT, this)
                        if (done) connected(k)
                    } catch (e: IOException) {
                        failed(e)
                    }
                }
            } catch (e: IOException) {
                closeQuietly()
                loop.schedule { onFailure(e) }
            }
        }

        override fun ready(key: SelectionKey) {
            try {
                if (channel.finishConnect()) connected(key)
            } catch (e: IOException) {
                key.cancel()
                failed(e)
            }
        }

        private fun connected(key: SelectionKey) {
            key.interestOps(0)
            val engine = settings.sslContext?.let { ctx ->
                ctx.createSSLEngine(host, (channel.remoteAddress as InetSocketAddress).port).apply {
                    useClientMode = true
                    // Check the server's certificate against the host name, as asyncio's default context does.
                    sslParameters = sslParameters.apply { endpointIdentificationAlgorithm = "HTTPS" }
                }
            }
            val conn = StreamConnection(loop, channel, sel, settings, errors, engine)
            conn.attach(key)
            post {
                conn.bindToLoop()
                val tls = conn.tls
                if (tls == null) {
                    if (!result.complete(conn)) conn.close(null)
                } else {
                    // Like asyncio's open_connection(ssl=...): the connection is handed over after the handshake.
                    tls.start()
                    tls.handshake.whenComplete { _, e ->
                        if (e != null) result.completeExceptionally(e) else if (!result.complete(conn)) conn.close(null)
                    }
                    result.whenComplete { c, _ -> if (c == null) conn.close(null) }
                }
            }
        }

        private fun failed(e: IOException) {
            closeQuietly()
            post { onFailure(e) }
        }

        private fun post(r: Runnable) {
            if (loop.isClosed) closeQuietly() else loop.schedule(r)
        }

        private fun closeQuietly() {
            if (::channel.isInitialized) sel.release(channel, null)
        }
    }

    /** True for an IPv4 dotted quad or an IPv6 literal, which `getAllByName` turns into an address without a lookup. */
    internal fun isIpLiteral(host: String): Boolean =
        host.contains(':') || IPV4.matches(host)

    private val IPV4 = Regex("""\d{1,3}(\.\d{1,3}){3}""")
}
