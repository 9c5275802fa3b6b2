package io.asyncio4j.samples.crawler;

import io.asyncio4j.vertx.VertxAsync;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link HttpFetcher} on the Vert.x 5 HTTP client ({@code crawl --client vertx}): a pool of keep-alive
 * connections per host, the body streamed and cut at the cap, cancellation resetting the request.
 */
final class VertxFetcher implements HttpFetcher {
    private final Vertx vertx;
    private final HttpClientAgent client;

    /**
     * @param maxConnectionsPerHost the pool size per host (the crawl's concurrency, or its per-host limit)
     * @param connectTimeout how long a connect may take
     */
    VertxFetcher(int maxConnectionsPerHost, Duration connectTimeout) {
        this.vertx = Vertx.vertx();
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())),
                new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost).setMaxWaitQueueSize(-1));
    }

    @Override
    public CompletableFuture<FetchResponse> get(URI url, String userAgent, long maxBodyBytes) {
        Promise<FetchResponse> answer = Promise.promise();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .putHeader("User-Agent", userAgent).putHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .setFollowRedirects(false);
        // The steps stay Vert.x futures: the response's handlers are set in send()'s own callback, which
        // runs on the connection's event loop as the head arrives, before any chunk of the body can.
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                answer.tryFail(connected.cause());
                return;
            }
            HttpClientRequest req = connected.result();
            request.set(req);
            if (cancelled.get()) { // cancelled while connecting
                req.reset();
                answer.tryFail(new CancellationException("request cancelled"));
                return;
            }
            req.send().onComplete(head -> {
                if (head.failed()) {
                    answer.tryFail(head.cause());
                } else {
                    readBody(req, head.result(), maxBodyBytes, answer);
                }
            });
        });
        // cancellation (a timeout, Ctrl-C) reaches the wire through the adapters' hook: reset the request
        CompletableFuture<FetchResponse> result = VertxAsync.toStage(answer.future(), () -> {
            cancelled.set(true);
            HttpClientRequest req = request.get();
            if (req != null) {
                req.reset();
            }
        });
        return result;
    }

    private static void readBody(HttpClientRequest req, HttpClientResponse resp, long cap, Promise<FetchResponse> answer) {
        Buffer body = Buffer.buffer();
        resp.exceptionHandler(answer::tryFail);
        resp.handler(chunk -> {
            if (answer.future().isComplete()) {
                return;
            }
            long room = cap - body.length();
            if (chunk.length() <= room) {
                body.appendBuffer(chunk);
                return;
            }
            body.appendBuffer(chunk, 0, (int) room);
            answer.tryComplete(response(resp, body, true));
            req.reset(); // stop reading a body we do not want
        });
        resp.endHandler(v -> answer.tryComplete(response(resp, body, false)));
    }

    private static FetchResponse response(HttpClientResponse resp, Buffer body, boolean truncated) {
        return new FetchResponse(resp.statusCode(), resp.getHeader("Content-Type"), resp.getHeader("Location"),
                resp.getHeader("Retry-After"), body.getBytes(), truncated);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the crawl's outcome is already decided
        }
    }
}
