package io.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * asyncio's {@code StreamWriter}: {@link #write} never waits — it sends what the socket takes and
 * queues the rest — and {@link #drain()} is the flow control that keeps the queue bounded.
 *
 * <p>{@link #close()} sends what is queued, then closes the connection; {@link #waitClosed()} says
 * when it is closed. Writing after {@code close()} (or after the connection was lost) throws
 * {@link IllegalStateException} at once. Futures complete on the connection's loop. Safe from any
 * thread: calls from other threads are carried over to the loop in order.
 *
 * {@snippet :
 * for (byte[] chunk : chunks) {
 *     writer.write(chunk);
 *     Async.await(writer.drain());   // waits only while more than 64 KiB are queued
 * }
 * writer.close();
 * Async.await(writer.waitClosed());
 * }
 */
public final class StreamWriter {
    private final io.asyncio4j.engine.StreamWriter core;

    StreamWriter(io.asyncio4j.engine.StreamWriter core) {
        this.core = core;
    }

    /**
     * Sends {@code data}, or queues what the socket does not take now (copied: the array may be reused).
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #close()}, {@link #writeEof()}, or once the connection is lost
     */
    public void write(byte[] data) {
        Checks.notNull(data, "data");
        core.write(data, 0, data.length);
    }

    /**
     * Sends {@code len} bytes of {@code data} from {@code off}, as {@link #write(byte[])}.
     *
     * @param data the bytes
     * @param off where to start
     * @param len how many
     * @throws IndexOutOfBoundsException if the range is outside {@code data}
     */
    public void write(byte[] data, int off, int len) {
        Checks.notNull(data, "data");
        core.write(data, off, len);
    }

    /**
     * asyncio's {@code drain()}: completes at once while no more than the high-water mark is queued,
     * else once the queue is down to the low-water mark ({@link StreamOptions#withWriteBufferLimits}).
     * Fails with the {@link java.io.IOException} that lost the connection.
     *
     * @return a future for the queue to drain
     */
    public CompletableFuture<Void> drain() {
        return core.drain();
    }

    /**
     * asyncio's {@code write_eof()}: closes the sending side once the queue is sent; reading goes on.
     *
     * @throws UnsupportedOperationException on a TLS connection (asyncio's {@code can_write_eof()} is false there)
     */
    public void writeEof() {
        core.writeEof();
    }

    /** asyncio's {@code close()}: queued bytes are still sent, then the connection closes. Idempotent. */
    public void close() {
        core.close();
    }

    /** @return true once {@link #close()} was called or the connection is gone (asyncio's {@code is_closing()}) */
    public boolean isClosing() {
        return core.isClosing();
    }

    /**
     * asyncio's {@code wait_closed()}.
     *
     * @return a future that completes once the connection is closed
     */
    public CompletableFuture<Void> waitClosed() {
        return core.waitClosed();
    }
}
