package io.asyncio4j.engine

import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import java.io.IOException
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.channels.SelectionKey
import java.nio.channels.ServerSocketChannel
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.atomic.AtomicInteger

/** A blocking-style connection handler (Python's `client_connected_cb`), run as a task body. */
public fun interface BlockingConnectionHandler {
    /** Serves [conn]; waits with `Async.await`. */
    @Throws(Exception::class)
    public fun handle(conn: StreamConnection)
}

/**
 * asyncio's `Server` from `start_server`: a listening socket whose accepted connections each get a
 * handler task on [loop]. The selector thread accepts; the loop starts the handler.
 *
 * Structured: the handler tasks are children of the server; [close] stops listening, cancels every
 * handler and closes every connection; [closed] completes once the listener is closed and every
 * handler has finished. A handler that returns has its connection closed after its queued bytes are
 * sent; one that fails or is cancelled has it closed at once. At most
 * [StreamSettings.maxConnections] connections are served at a time; further clients wait in the
 * listen backlog until one ends. The server closes with its loop. Each handler runs in its own copy
 * of the context that was current when the server started (contextvars), as `start_server`'s do.
 */
public class StreamServer private constructor(
    /** The loop the handlers run on. */
    public val loop: EventLoop,
    private val listener: ServerSocketChannel,
    private val settings: StreamSettings,
    private val errors: StreamErrors,
    private val spawn: (StreamServer, StreamConnection) -> Task<*>,
    /** The context current at start: each handler task is created in (so gets a copy of) it. */
    private val startContext: Context,
) : IoHandler {
    private val sel = IoSelectors.next()

    /** The bound address (the real port when 0 was asked for). */
    public val address: InetSocketAddress = listener.localAddress as InetSocketAddress

    /** The job the handler tasks are children of. */
    internal val job: Job = SupervisorJob(loop.rootJob)

    // Selector thread.
    private var key: SelectionKey? = null
    private var acceptPaused = false

    @Volatile
    private var acceptPausedFlag = false

    /** Connections accepted whose handler has not finished. */
    private val active = AtomicInteger()

    // Loop.
    private val handlers = LinkedHashMap<Task<*>, StreamConnection>()
    private val handshaking = LinkedHashSet<StreamConnection>()
    private var listenerClosed = false

    @Volatile
    private var closing = false

    /** Completes (on the loop) once the server is closed and every handler has finished. */
    public val closed: CompletableFuture<Void?> = LoopFuture(loop)

    /** True until [close] is called. */
    public val isServing: Boolean get() = !closing

    private fun listen() {
        sel.execute {
            try {
                key = listener.register(sel.selector, SelectionKey.OP_ACCEPT, this)
            } catch (e: IOException) {
                close()
            }
        }
        loop.rootJob.invokeOnCompletion { close() }
    }

    // ---------------------------------------------------------------- selector thread

    override fun ready(key: SelectionKey) {
        while (active.get() < settings.maxConnections) {
            val ch = try {
                listener.accept()
            } catch (e: IOException) {
                System.getLogger("io.asyncio4j").log(System.Logger.Level.WARNING, "accept failed on $address", e)
                null
            } ?: break
            active.incrementAndGet()
            val conn = try {
                ch.configureBlocking(false)
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true)
                val engine = settings.sslContext?.createSSLEngine()?.apply { useClientMode = false }
                StreamConnection(loop, ch, IoSelectors.next(), settings, errors, engine)
            } catch (e: IOException) {
                active.decrementAndGet()
                closeQuietly(ch)
                continue
            }
            if (loop.isClosed) {
                closeQuietly(ch)
                return
            }
            loop.schedule { accepted(conn) }
            val s = conn.selector
            s.execute {
                try {
                    conn.attach(ch.register(s.selector, 0, conn))
                } catch (e: IOException) {
                    loop.schedule { conn.lost(e) }
                }
            }
        }
        if (active.get() >= settings.maxConnections) pauseAccepting(key)
    }

    override fun failed(e: Throwable) {
        close()
    }

    private fun pauseAccepting(key: SelectionKey) {
        acceptPaused = true
        acceptPausedFlag = true
        key.interestOps(0)
        if (active.get() < settings.maxConnections) resumeAccepting()
    }

    private fun resumeAccepting() {
        val k = key ?: return
        if (!acceptPaused || !k.isValid) return
        acceptPaused = false
        acceptPausedFlag = false
        k.interestOps(SelectionKey.OP_ACCEPT)
    }

    // ---------------------------------------------------------------- loop

    private fun accepted(conn: StreamConnection) {
        if (closing) {
            conn.close(null)
            slotFreed()
            return
        }
        conn.bindToLoop()
        val tls = conn.tls
        if (tls == null) {
            serve(conn)
            return
        }
        // The handler starts once the TLS handshake is done (asyncio calls client_connected_cb then).
        handshaking.add(conn)
        tls.start()
        tls.handshake.whenComplete { _, e ->
            handshaking.remove(conn)
            when {
                e != null -> {
                    conn.close(e)
                    slotFreed()
                }
                closing -> {
                    conn.close(null)
                    slotFreed()
                }
                else -> serve(conn)
            }
            checkClosed()
        }
    }

    private fun serve(conn: StreamConnection) {
        val task = startContext.run(Callable { spawn(this, conn) })
        handlers[task] = conn
        task.addDoneCallback(this) {
            handlers.remove(task)
            // Returned: send what it queued, then close. Failed or cancelled: close at once.
            if ((task.job as Deferred<*>).getCompletionExceptionOrNull() != null) conn.close(null) else conn.writer.close()
            slotFreed()
            checkClosed()
        }
    }

    private fun slotFreed() {
        if (active.decrementAndGet() < settings.maxConnections && acceptPausedFlag) sel.execute { resumeAccepting() }
    }

    /**
     * asyncio's `close()` (with Python 3.13's `close_clients()`): stops listening, cancels every handler
     * and closes every connection. From any thread; idempotent.
     */
    public fun close() {
        if (!loop.inLoop() && !loop.isClosed) {
            loop.schedule { close() }
            return
        }
        if (closing) return
        closing = true
        val released = java.util.concurrent.CountDownLatch(1)
        sel.release(listener) {
            released.countDown()
            if (loop.isClosed) finishClose() else loop.schedule { finishClose() }
        }
        val open = handlers.toList()
        for ((task, _) in open) task.cancel()
        for ((_, conn) in open) conn.close(null)
        for (conn in handshaking.toList()) conn.close(null)
        // Closing with the loop (no loop to wait on any more): the port is free when the loop's close returns.
        if (loop.isClosed) released.await(5, java.util.concurrent.TimeUnit.SECONDS)
    }

    private fun finishClose() {
        listenerClosed = true
        checkClosed()
    }

    private fun checkClosed() {
        if (closing && listenerClosed && handlers.isEmpty() && handshaking.isEmpty() && !closed.isDone) {
            job.cancel()
            closed.complete(null)
        }
    }

    /** asyncio's `serve_forever()`: completes once the server is closed; cancelling it closes the server. */
    public fun serveForever(): CompletableFuture<Void?> {
        val f = LoopFuture<Void?>(loop)
        closed.whenComplete { _, _ -> f.complete(null) }
        f.whenComplete { _, e -> if (e is CancellationException) close() }
        return f
    }

    override fun toString(): String = "StreamServer[$address" + (if (closing) ", closed]" else "]")

    public companion object {
        /**
         * Binds [host]:[port] (0: any free port; a host name is resolved here, so prefer an IP literal on
         * a loop) and serves each connection with the blocking-style [handler] as a task on the running loop.
         */
        @JvmStatic
        @Throws(IOException::class)
        public fun startBlocking(
            host: String,
            port: Int,
            settings: StreamSettings,
            errors: StreamErrors,
            handler: BlockingConnectionHandler,
        ): StreamServer = start(host, port, settings, errors) { server, conn ->
            Task.createBlocking(server.loop, taskName(conn), server.job, Callable { handler.handle(conn) })
        }

        /** As [startBlocking], with a future-style [handler]: the task completes with the stage it returns. */
        @JvmStatic
        @Throws(IOException::class)
        public fun startFutures(
            host: String,
            port: Int,
            settings: StreamSettings,
            errors: StreamErrors,
            handler: java.util.function.Function<StreamConnection, out CompletionStage<*>?>,
        ): StreamServer = start(host, port, settings, errors) { server, conn ->
            Task.create<Any?>(server.loop, taskName(conn), server.job) { task ->
                val stage = handler.apply(conn) ?: throw NullPointerException("handler returned null")
                task.awaiting = stage
                awaitOutcome(stage.toCompletableFuture())
            }
        }

        private fun taskName(conn: StreamConnection): String {
            val r = conn.remoteAddress
            return "connection from " + r.address.hostAddress + ":" + r.port
        }

        private fun start(
            host: String,
            port: Int,
            settings: StreamSettings,
            errors: StreamErrors,
            spawn: (StreamServer, StreamConnection) -> Task<*>,
        ): StreamServer {
            require(port in 0..65535) { "port must be between 0 and 65535" }
            val loop = EventLoop.current() ?: throw IllegalStateException("no running event loop (call this inside Async.run or a task)")
            val listener = ServerSocketChannel.open()
            try {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true)
                listener.bind(if (host.isEmpty()) InetSocketAddress(port) else InetSocketAddress(host, port), settings.backlog)
                listener.configureBlocking(false)
            } catch (e: IOException) {
                closeQuietly(listener)
                throw e
            }
            val server = StreamServer(loop, listener, settings, errors, spawn, ContextVars.copyCurrent())
            server.listen()
            return server
        }

        private fun closeQuietly(c: java.nio.channels.Channel) {
            try {
                c.close()
            } catch (_: IOException) {
                // closing anyway
            }
        }
    }
}
