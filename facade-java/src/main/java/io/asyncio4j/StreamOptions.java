package io.asyncio4j;

import io.asyncio4j.engine.StreamSettings;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@link Async#openConnection(String, int, StreamOptions)} and
 * {@link Async#startServer(ConnectionHandler, String, int, StreamOptions)}: asyncio's {@code limit}
 * and {@code set_write_buffer_limits}, a connect timeout, and a server's cap on concurrent
 * connections. Immutable: each {@code with...} returns a new instance.
 *
 * {@snippet :
 * StreamOptions options = StreamOptions.defaults()
 *         .withLimit(1 << 20)                          // lines up to 1 MiB
 *         .withConnectTimeout(Duration.ofSeconds(3))
 *         .withMaxConnections(10_000);
 * Connection c = Async.await(Async.openConnection("127.0.0.1", 8888, options));
 * }
 */
public final class StreamOptions {
    private static final StreamOptions DEFAULTS = new StreamOptions(new StreamSettings());

    final StreamSettings settings;

    private StreamOptions(StreamSettings settings) {
        this.settings = settings;
    }

    /** @return asyncio's defaults: limit 64 KiB, write buffer 64 KiB high / 16 KiB low, no connect timeout, no connection cap */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The longest line (or chunk up to a separator) a reader accepts; reading from the socket pauses
     * while twice this much is buffered and unread.
     *
     * @param limit bytes, {@code > 0}
     * @return the new options
     */
    public StreamOptions withLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        return with(limit, settings.getHighWaterMark(), settings.getLowWaterMark(), settings.getConnectTimeoutNanos(),
                settings.getMaxConnections(), settings.getBacklog());
    }

    /**
     * asyncio's {@code set_write_buffer_limits(high, low)}: {@link StreamWriter#drain()} waits while more
     * than {@code high} bytes are queued, until no more than {@code low} are left.
     *
     * @param high bytes, {@code >= low}
     * @param low bytes, {@code >= 0}
     * @return the new options
     */
    public StreamOptions withWriteBufferLimits(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("high and low must satisfy high >= low >= 0, were " + high + " and " + low);
        }
        return with(settings.getLimit(), high, low, settings.getConnectTimeoutNanos(), settings.getMaxConnections(),
                settings.getBacklog());
    }

    /**
     * Time allowed for {@link Async#openConnection} to connect; it then fails with
     * {@link java.util.concurrent.TimeoutException}.
     *
     * @param timeout a positive duration, or null for none
     * @return the new options
     */
    public StreamOptions withConnectTimeout(@Nullable Duration timeout) {
        long nanos = timeout == null ? 0 : Checks.nanos(timeout, "timeout");
        if (timeout != null && nanos == 0) {
            throw new IllegalArgumentException("timeout must be > 0 (null for none), was " + timeout);
        }
        return with(settings.getLimit(), settings.getHighWaterMark(), settings.getLowWaterMark(), nanos,
                settings.getMaxConnections(), settings.getBacklog());
    }

    /**
     * The most connections a server serves at once; further clients wait in the listen backlog until
     * one ends.
     *
     * @param maxConnections {@code > 0}
     * @return the new options
     */
    public StreamOptions withMaxConnections(int maxConnections) {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be > 0, was " + maxConnections);
        }
        return with(settings.getLimit(), settings.getHighWaterMark(), settings.getLowWaterMark(),
                settings.getConnectTimeoutNanos(), maxConnections, settings.getBacklog());
    }

    /**
     * A server's listen backlog (asyncio's {@code backlog}: 100 there, 1024 here, so a burst of connects is not dropped and retried).
     *
     * @param backlog {@code > 0}
     * @return the new options
     */
    public StreamOptions withBacklog(int backlog) {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be > 0, was " + backlog);
        }
        return with(settings.getLimit(), settings.getHighWaterMark(), settings.getLowWaterMark(),
                settings.getConnectTimeoutNanos(), settings.getMaxConnections(), backlog);
    }

    /**
     * TLS through a JDK {@link SSLContext} (asyncio's {@code ssl=}): {@link Async#openConnection} completes
     * after the handshake, having checked the server's certificate against the context's trust
     * material and the host name; a server presents the context's key and starts each handler after
     * its handshake. {@link StreamWriter#writeEof()} is not supported on TLS connections.
     *
     * @param sslContext the context, or null for plain TCP
     * @return the new options
     */
    public StreamOptions withSsl(@Nullable SSLContext sslContext) {
        StreamSettings t = settings;
        return new StreamOptions(new StreamSettings(t.getLimit(), t.getHighWaterMark(), t.getLowWaterMark(),
                t.getConnectTimeoutNanos(), t.getMaxConnections(), t.getBacklog(), sslContext));
    }

    /** @return the TLS context, or null for plain TCP */
    public @Nullable SSLContext ssl() {
        return settings.getSslContext();
    }

    /** @return the reader's limit in bytes */
    public int limit() {
        return settings.getLimit();
    }

    /** @return the write buffer's high-water mark in bytes */
    public int highWaterMark() {
        return settings.getHighWaterMark();
    }

    /** @return the write buffer's low-water mark in bytes */
    public int lowWaterMark() {
        return settings.getLowWaterMark();
    }

    /** @return the connect timeout, or null for none */
    public @Nullable Duration connectTimeout() {
        long n = settings.getConnectTimeoutNanos();
        return n == 0 ? null : Duration.ofNanos(n);
    }

    /** @return a server's cap on concurrent connections ({@code Integer.MAX_VALUE}: none) */
    public int maxConnections() {
        return settings.getMaxConnections();
    }

    /** @return a server's listen backlog */
    public int backlog() {
        return settings.getBacklog();
    }

    private StreamOptions with(int limit, int high, int low, long connectNanos, int maxConnections, int backlog) {
        return new StreamOptions(new StreamSettings(limit, high, low, connectNanos, maxConnections, backlog,
                settings.getSslContext()));
    }

    @Override
    public String toString() {
        return "StreamOptions[limit=" + limit() + ", write buffer " + highWaterMark() + "/" + lowWaterMark()
                + ", connectTimeout=" + connectTimeout() + ", maxConnections=" + maxConnections() + ", backlog=" + backlog() + (ssl() != null ? ", TLS" : "") + "]";
    }
}
