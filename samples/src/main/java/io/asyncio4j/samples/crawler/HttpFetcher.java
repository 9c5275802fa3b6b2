package io.asyncio4j.samples.crawler;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP GET, without following redirects, with the body read up to a cap. The crawler's only
 * view of an HTTP client, so that the client can be chosen (and measured) without touching it.
 *
 * <p>The returned future completes on a client thread. Cancelling it aborts the request: the
 * connection is reset and no more of the body is read.
 */
interface HttpFetcher extends AutoCloseable {

    /**
     * @param url an absolute http(s) URL
     * @param userAgent the User-Agent header
     * @param maxBodyBytes read at most this many bytes of the body; the rest is cut off
     * @return the answer, or a failure for a network error (connect, reset, ...)
     */
    CompletableFuture<FetchResponse> get(URI url, String userAgent, long maxBodyBytes);

    /** Releases connections and threads. */
    @Override
    void close();
}
