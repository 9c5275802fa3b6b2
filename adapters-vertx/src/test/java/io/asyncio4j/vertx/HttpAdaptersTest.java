package io.asyncio4j.vertx;

import static io.asyncio4j.vertx.VertxFixture.deployContext;
import static io.asyncio4j.vertx.VertxFixture.onContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncSemaphore;
import io.asyncio4j.EventLoop;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.TaskGroupException;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real Vert.x HTTP server on 127.0.0.1 and a real client, through the adapters. */
@Timeout(60)
class HttpAdaptersTest extends WithVertx {
    private static final int REQUESTS = 1_000;
    private static final int LIMIT = 50;
    private static HttpServer server;
    private static HttpClientAgent client;
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger maxInFlight = new AtomicInteger();
    /** Released once per request of /hang whose stream or connection the client reset. */
    private static final Semaphore resets = new Semaphore(0);
    private static final Semaphore hanging = new Semaphore(0);

    @BeforeAll
    static void startServer() throws Exception {
        server = vertx.createHttpServer().requestHandler(HttpAdaptersTest::handle).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        // a pool bigger than the semaphore, so that the semaphore is what limits the requests in flight
        client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(2 * LIMIT));
    }

    @BeforeEach
    void reset() {
        maxInFlight.set(0);
        resets.drainPermits();
        hanging.drainPermits();
    }

    private static void handle(HttpServerRequest req) {
        if (req.path().equals("/hang")) { // never answers; counts the client's reset
            req.response().closeHandler(v -> resets.release());
            hanging.release();
            return;
        }
        int n = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(n, Math::max);
        vertx.setTimer(2, t -> {
            inFlight.decrementAndGet();
            req.response().end("ok " + req.path());
        });
    }

    private static RequestOptions get(String path) {
        return new RequestOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI(path);
    }

    private static CompletableFuture<String> fetch(String path) {
        return fetch(client, path);
    }

    private static CompletableFuture<String> fetch(HttpClientAgent via, String path) {
        return VertxAsync.httpRequest(via, get(path), req -> req.send().compose(HttpClientResponse::body).map(Buffer::toString));
    }

    @Test
    void thousandRequestsFutureStyleOnAnEventLoopContext_atMostFiftyInFlight() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        VertxLoops.of(ctx);
        List<String> bodies = onContext(ctx, () -> {
            AsyncSemaphore sem = new AsyncSemaphore(LIMIT);
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String path = "/" + i;
                all.add(sem.withPermitAsync(() -> fetch(path)));
            }
            return Async.gather(all);
        });
        assertThat(bodies).hasSize(REQUESTS).allMatch(b -> b.startsWith("ok /"));
        assertThat(bodies.get(REQUESTS - 1)).isEqualTo("ok /" + (REQUESTS - 1));
        assertThat(maxInFlight.get()).isBetween(2, LIMIT);
    }

    @Test
    void thousandRequestsBlockingStyleOnAVirtualThreadContext_atMostFiftyInFlight() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.VIRTUAL_THREAD);
        EventLoop loop = VertxLoops.of(ctx);
        List<String> bodies = onContext(ctx, () -> loop.createTask(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(LIMIT);
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String path = "/" + i;
                all.add(Async.createTask(() -> sem.withPermit(() -> Async.await(fetch(path)))).toCompletableFuture());
            }
            return Async.await(Async.gather(all));
        }));
        assertThat(bodies).hasSize(REQUESTS).allMatch(b -> b.startsWith("ok /"));
        assertThat(maxInFlight.get()).isBetween(2, LIMIT);
    }

    /** How the in-flight request's stage gets cancelled. */
    @ParameterizedTest
    @ValueSource(strings = {"direct", "waitFor", "taskGroup", "firstSuccessful"})
    void cancellingAnInFlightRequestResetsIt_andThePoolStaysUsable(String how) throws Exception {
        String outcome = Async.run(() -> {
            CompletableFuture<String> hang = fetch("/hang");
            // the server has the request before we cancel it
            Async.await(Async.toThread(() -> hanging.tryAcquire(10, TimeUnit.SECONDS)));
            switch (how) {
                case "direct" -> {
                    hang.cancel(false);
                    assertThatThrownBy(() -> Async.await(hang)).isInstanceOf(CancellationException.class);
                }
                case "waitFor" -> assertThatThrownBy(() -> Async.await(Async.waitFor(hang, Duration.ofMillis(20))))
                        .isInstanceOf(CompletionException.class).cause().isInstanceOf(TimeoutException.class);
                case "taskGroup" -> assertThatThrownBy(() -> {
                    try (TaskGroup g = TaskGroup.open()) {
                        g.createTask(() -> Async.await(hang));
                        g.createTask(() -> {
                            throw new IllegalStateException("sibling failed");
                        });
                    }
                }).isInstanceOf(TaskGroupException.class);
                case "firstSuccessful" -> assertThat(Async.await(Async.firstSuccessful(
                        List.of(hang, Async.sleep(Duration.ofMillis(20), "hedge"))))).isEqualTo("hedge");
                default -> throw new AssertionError(how);
            }
            assertThat(hang).isCancelled();
            return Async.await(fetch("/after"));
        });
        assertThat(resets.tryAcquire(10, TimeUnit.SECONDS)).as("the server saw the reset").isTrue();
        assertThat(outcome).isEqualTo("ok /after");
    }

    @Test
    void cancellingBeforeTheConnectionIsThere_neverSendsTheRequest() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        // A client with no pooled connection: the shared one may hand out an idle connection at once, and
        // then the request is on its way before httpRequest returns (its cancel is a reset, tested above).
        HttpClientAgent fresh = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(1));
        CompletableFuture<String> hang = onContext(ctx, () -> {
            CompletableFuture<String> f = fetch(fresh, "/hang");
            f.cancel(false); // on the context, before client.request completed
            return CompletableFuture.completedFuture(f);
        });
        assertThat(hang).isCancelled();
        assertThat(Async.run(() -> Async.await(fetch("/still-ok")))).isEqualTo("ok /still-ok");
        assertThat(hanging.tryAcquire(200, TimeUnit.MILLISECONDS)).as("the cancelled request reached the server").isFalse();
        fresh.close().await(10, TimeUnit.SECONDS);
    }
}
