package io.asyncio4j;

import io.asyncio4j.engine.StreamConnection;
import java.net.InetSocketAddress;

/**
 * One TCP connection: the {@code (reader, writer)} pair that asyncio's {@code open_connection} returns
 * and a server hands to each handler. It belongs to the loop it was opened on (or its server's loop):
 * futures of its reader and writer complete there. No thread is blocked per connection: a few shared
 * selector threads watch every socket.
 *
 * {@snippet :
 * Async.run(() -> {
 *     try (Connection c = Async.await(Async.openConnection("127.0.0.1", 8888))) {
 *         c.writer().write("hello\n".getBytes(StandardCharsets.UTF_8));
 *         System.out.println(new String(Async.await(c.reader().readLine()), StandardCharsets.UTF_8));
 *     }
 * });
 * }
 */
public final class Connection implements AutoCloseable {
    private final StreamConnection core;
    private final StreamReader reader;
    private final StreamWriter writer;

    Connection(StreamConnection core) {
        this.core = core;
        this.reader = new StreamReader(core.getReader());
        this.writer = new StreamWriter(core.getWriter());
    }

    /** @return what the peer sends */
    public StreamReader reader() {
        return reader;
    }

    /** @return what we send */
    public StreamWriter writer() {
        return writer;
    }

    /** @return our address */
    public InetSocketAddress localAddress() {
        return core.getLocalAddress();
    }

    /** @return the peer's address */
    public InetSocketAddress remoteAddress() {
        return core.getRemoteAddress();
    }

    /** {@link StreamWriter#close()}: queued bytes are sent, then the connection closes; does not wait. */
    @Override
    public void close() {
        writer.close();
    }

    @Override
    public String toString() {
        return "Connection[" + localAddress() + " -> " + remoteAddress() + (core.isClosed() ? ", closed]" : "]");
    }
}
