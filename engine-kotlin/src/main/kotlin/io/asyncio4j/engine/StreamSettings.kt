package io.asyncio4j.engine

/**
 * The knobs of a stream connection or server (asyncio's `limit`, `set_write_buffer_limits`, plus a
 * connect timeout and a cap on a server's concurrent connections).
 */
public class StreamSettings(
    /** Longest line or separated chunk a reader accepts; reading pauses at twice this much buffered. */
    public val limit: Int = DEFAULT_LIMIT,
    /** `drain` waits while more than this many bytes are queued for writing. */
    public val highWaterMark: Int = DEFAULT_LIMIT,
    /** ...until no more than this many are left. */
    public val lowWaterMark: Int = DEFAULT_LIMIT / 4,
    /** Time allowed to connect, nanoseconds; 0 means no limit. */
    public val connectTimeoutNanos: Long = 0,
    /** A server accepts no more than this many connections at once; more wait in the backlog. */
    public val maxConnections: Int = Int.MAX_VALUE,
    /** The listen backlog of a server. */
    public val backlog: Int = 1024,
    /** TLS: client connections verify the server against it (and its host name); a server presents its key. Null: plain TCP. */
    public val sslContext: javax.net.ssl.SSLContext? = null,
) {
    init {
        require(limit > 0) { "limit must be > 0" }
        require(lowWaterMark in 0..highWaterMark) { "lowWaterMark must be >= 0 and <= highWaterMark" }
        require(connectTimeoutNanos >= 0) { "connectTimeout must be >= 0" }
        require(maxConnections > 0) { "maxConnections must be > 0" }
        require(backlog > 0) { "backlog must be > 0" }
    }

    public companion object {
        /** asyncio's `_DEFAULT_LIMIT`: 64 KiB. */
        public const val DEFAULT_LIMIT: Int = 64 * 1024
    }
}
