package io.asyncio4j;

import io.asyncio4j.engine.StreamServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * asyncio's {@code Server} from {@code start_server}: a listening socket whose every connection is
 * served by a handler task on the loop that started it.
 *
 * <p>Structured: {@link #close()} stops listening, cancels every handler task and closes every
 * connection (asyncio's {@code close()} plus Python 3.13's {@code close_clients()});
 * {@link #waitClosed()} completes once all of that is done, so nothing leaks. The server also
 * closes with its loop. At most {@link StreamOptions#maxConnections()} connections are served at a
 * time; more wait in the listen backlog.
 *
 * {@snippet :
 * Async.run(() -> {
 *     Server server = Async.startServer((reader, writer) -> {
 *         writer.write(Async.await(reader.readLine()));
 *     }, "127.0.0.1", 0);
 *     System.out.println("serving on port " + server.port());
 *     Async.await(server.serveForever());   // until closed or cancelled
 * });
 * }
 */
public final class Server implements AutoCloseable {
    private final StreamServer core;

    Server(StreamServer core) {
        this.core = core;
    }

    /** @return the bound port (the real one when 0 was asked for) */
    public int port() {
        return core.getAddress().getPort();
    }

    /** @return the bound address */
    public InetSocketAddress address() {
        return core.getAddress();
    }

    /** @return true until {@link #close()} is called (asyncio's {@code is_serving()}) */
    public boolean isServing() {
        return core.isServing();
    }

    /** Stops listening, cancels every handler and closes every connection. From any thread; idempotent; does not wait. */
    @Override
    public void close() {
        core.close();
    }

    /**
     * asyncio's {@code wait_closed()}.
     *
     * @return a future that completes once the server is closed and every handler has finished
     */
    public CompletableFuture<Void> waitClosed() {
        return core.getClosed().thenApply(x -> null);
    }

    /**
     * asyncio's {@code serve_forever()}: the server already accepts; this waits until it is closed.
     * Cancelling the returned future (or the task awaiting it) closes the server.
     *
     * @return a future that completes once the server is closed and its handlers have finished
     */
    public CompletableFuture<Void> serveForever() {
        return core.serveForever();
    }

    @Override
    public String toString() {
        return "Server[" + address() + (isServing() ? "]" : ", closed]");
    }
}
