package io.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * asyncio's {@code StreamReader}: the bytes a {@link Connection} received, read by line, by count or
 * up to a separator. Each read returns a future that completes on the connection's loop.
 *
 * <p>Cancelling a read (or the task awaiting it, or a {@link Async#waitFor} around it) takes no bytes:
 * the next read gets them. One read may wait at a time; a second fails with
 * {@link IllegalStateException}. Memory is bounded by {@link StreamOptions#limit()}: with no read
 * waiting the socket is not read past twice the limit, and {@link #readLine()} /
 * {@link #readUntil(byte[])} fail with {@link LimitOverrunException} once more than the limit is
 * buffered without a separator. A connection lost to an I/O error fails every read with that error
 * (an {@link java.io.IOException}). Safe from any thread (calls are carried over to the loop).
 *
 * {@snippet :
 * Connection c = Async.await(Async.openConnection("127.0.0.1", 8888));
 * c.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 * byte[] status = Async.await(c.reader().readLine());     // "HTTP/1.0 200 OK\r\n"
 * byte[] rest = Async.await(c.reader().read(-1));         // everything up to EOF
 * }
 */
public final class StreamReader {
    private final io.asyncio4j.engine.StreamReader core;

    StreamReader(io.asyncio4j.engine.StreamReader core) {
        this.core = core;
    }

    /**
     * asyncio's {@code readline()}: the bytes up to and including {@code \n}; at EOF what is left
     * (an empty array once nothing is). A line longer than the limit fails with
     * {@link LimitOverrunException} and is dropped from the buffer, so the next call reads on.
     *
     * @return the line, with its {@code \n}
     */
    public CompletableFuture<byte[]> readLine() {
        return core.readLine();
    }

    /**
     * asyncio's {@code read(n)}: up to {@code n} bytes — whatever is buffered, at least one byte unless
     * at EOF (then an empty array). {@code -1} reads until EOF; {@code 0} returns an empty array.
     *
     * @param n the most bytes to return, or -1 for all until EOF
     * @return the bytes
     */
    public CompletableFuture<byte[]> read(int n) {
        if (n < -1) {
            throw new IllegalArgumentException("n must be >= -1, was " + n);
        }
        return core.read(n);
    }

    /**
     * asyncio's {@code readexactly(n)}: exactly {@code n} bytes; fails with
     * {@link IncompleteReadError} (carrying the bytes that came) if EOF comes first.
     *
     * @param n how many bytes, {@code >= 0}
     * @return the bytes
     */
    public CompletableFuture<byte[]> readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        return core.readExactly(n);
    }

    /**
     * asyncio's {@code readuntil(separator)}: the bytes up to and including {@code separator}. Fails with
     * {@link LimitOverrunException} when the chunk would exceed the limit (the bytes stay buffered), and
     * with {@link IncompleteReadError} when EOF comes first (the bytes are consumed and carried by it).
     *
     * @param separator the bytes to read up to, not empty
     * @return the bytes, separator included
     */
    public CompletableFuture<byte[]> readUntil(byte[] separator) {
        Checks.notNull(separator, "separator");
        if (separator.length == 0) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        return core.readUntil(separator);
    }

    /** @return true once the peer has closed its side and every buffered byte has been read (asyncio's {@code at_eof()}) */
    public boolean atEof() {
        return core.getAtEof();
    }
}
