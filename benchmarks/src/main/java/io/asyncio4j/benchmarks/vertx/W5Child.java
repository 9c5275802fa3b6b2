package io.asyncio4j.benchmarks.vertx;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncSemaphore;
import io.asyncio4j.EventLoop;
import io.asyncio4j.vertx.VertxAsync;
import io.asyncio4j.vertx.VertxLoops;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One measured W5 run in a fresh JVM: {@code W5Child <impl> <latencyMs> <requests> <concurrency>}.
 * A Vert.x HTTP server on 127.0.0.1 (its own verticle) answers "ok" at once or after
 * {@code latencyMs}; the client side sends {@code requests} GETs, {@code concurrency} at a time,
 * in one of three ways ({@link W5#IMPLS}):
 * <ul>
 *   <li>{@code vertx-raw}: Vert.x {@code HttpClient} with {@code Future} composition on an event-loop
 *       context: {@code concurrency} lanes, each sending its next request when the last one is done;</li>
 *   <li>{@code asyncio4j-future}: asyncio4j on the same kind of context ({@code VertxLoops.of}): every
 *       request a stage of {@code VertxAsync.httpRequest} under an {@code AsyncSemaphore(concurrency)},
 *       gathered with {@code Async.gather};</li>
 *   <li>{@code asyncio4j-blocking}: the same as blocking-style tasks ({@code Async.await}) on a
 *       virtual-thread context (JDK 21+).</li>
 * </ul>
 * A warm-up of a fifth of the requests runs first, unmeasured. Prints one line
 * {@code RESULT impl=.. latency_ms=.. requests=.. ok=.. wall_ns=.. p50_us=.. p99_us=..}; a request's
 * latency runs from its send (a lane's turn, the permit) to its body.
 */
public final class W5Child {
    private W5Child() {}

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        int latencyMs = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        if (impl.equals("asyncio4j-blocking") && Runtime.version().feature() < 21) {
            System.out.println("RESULT impl=" + impl + " latency_ms=" + latencyMs + " na=virtual-thread contexts need JDK 21+");
            System.exit(0);
        }
        Vertx vertx = Vertx.vertx();
        HttpServer server = startServer(vertx, latencyMs);
        HttpClientAgent client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(concurrency));
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI("/");
        Context ctx = clientContext(vertx, impl.equals("asyncio4j-blocking") ? ThreadingModel.VIRTUAL_THREAD : ThreadingModel.EVENT_LOOP);

        run(impl, ctx, client, options, Math.max(concurrency, requests / 5), concurrency, new long[Math.max(concurrency, requests / 5)]);
        long[] latencies = new long[requests];
        long t0 = System.nanoTime();
        int ok = run(impl, ctx, client, options, requests, concurrency, latencies);
        long wall = System.nanoTime() - t0;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "RESULT impl=%s latency_ms=%d requests=%d ok=%d wall_ns=%d p50_us=%d p99_us=%d%n",
                impl, latencyMs, requests, ok, wall, latencies[requests / 2] / 1000, latencies[(int) (requests * 0.99) - 1] / 1000);
        System.out.flush();
        System.exit(0);
    }

    private static HttpServer startServer(Vertx vertx, int latencyMs) throws Exception {
        AtomicReference<HttpServer> server = new AtomicReference<>();
        vertx.deployVerticle(context -> vertx.createHttpServer().requestHandler(req -> {
            if (latencyMs == 0) {
                req.response().end("ok");
            } else {
                vertx.setTimer(latencyMs, t -> req.response().end("ok"));
            }
        }).listen(0, "127.0.0.1").onSuccess(server::set)).await(30, TimeUnit.SECONDS);
        return server.get();
    }

    private static Context clientContext(Vertx vertx, ThreadingModel model) throws Exception {
        AtomicReference<Context> ctx = new AtomicReference<>();
        vertx.deployVerticle(context -> {
            ctx.set(context);
            return Future.succeededFuture();
        }, new DeploymentOptions().setThreadingModel(model)).await(30, TimeUnit.SECONDS);
        return ctx.get();
    }

    /** Sends {@code n} requests the {@code impl} way; returns how many answered "ok"; fills {@code latencies}. */
    private static int run(String impl, Context ctx, HttpClientAgent client, RequestOptions options, int n, int concurrency,
                           long[] latencies) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            CompletableFuture<Integer> r = switch (impl) {
                case "vertx-raw" -> raw(client, options, n, concurrency, latencies);
                case "asyncio4j-future" -> future(client, options, n, concurrency, latencies);
                case "asyncio4j-blocking" -> blocking(client, options, n, concurrency, latencies);
                default -> throw new IllegalArgumentException("unknown implementation " + impl + "; known: " + W5.IMPLS);
            };
            r.whenComplete((c, e) -> {
                if (e != null) done.completeExceptionally(e); else done.complete(c);
            });
        });
        return done.get(10, TimeUnit.MINUTES);
    }

    private static Future<String> send(HttpClientAgent client, RequestOptions options) {
        return client.request(options).compose(req -> req.send().compose(HttpClientResponse::body)).map(Buffer::toString);
    }

    /** Raw Vert.x: {@code concurrency} lanes of Future composition. */
    private static CompletableFuture<Integer> raw(HttpClientAgent client, RequestOptions options, int n, int concurrency, long[] latencies) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Promise<Void> lane = Promise.promise();
            lane(client, options, n, next, ok, latencies, lane);
            lanes.add(lane.future());
        }
        CompletableFuture<Integer> out = new CompletableFuture<>();
        Future.all(lanes).onComplete((v, e) -> {
            if (e != null) out.completeExceptionally(e); else out.complete(ok.get());
        });
        return out;
    }

    private static void lane(HttpClientAgent client, RequestOptions options, int n, AtomicInteger next, AtomicInteger ok,
                             long[] latencies, Promise<Void> lane) {
        int i = next.getAndIncrement();
        if (i >= n) {
            lane.complete();
            return;
        }
        long t0 = System.nanoTime();
        send(client, options).onComplete((body, e) -> {
            if (e != null) {
                lane.fail(e);
                return;
            }
            latencies[i] = System.nanoTime() - t0;
            if ("ok".equals(body)) ok.incrementAndGet();
            lane(client, options, n, next, ok, latencies, lane);
        });
    }

    /** asyncio4j future style: every request a stage under a semaphore, gathered. */
    private static CompletableFuture<Integer> future(HttpClientAgent client, RequestOptions options, int n, int concurrency, long[] latencies) {
        VertxLoops.of(Vertx.currentContext());
        AsyncSemaphore sem = new AsyncSemaphore(concurrency);
        List<CompletableFuture<String>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            all.add(sem.withPermitAsync(() -> {
                long t0 = System.nanoTime();
                return VertxAsync.httpRequest(client, options, req -> req.send().compose(HttpClientResponse::body).map(Buffer::toString))
                        .whenComplete((b, e) -> latencies[k] = System.nanoTime() - t0);
            }));
        }
        return Async.gather(all).thenApply(W5Child::countOk);
    }

    /** asyncio4j blocking style on a virtual-thread context: every request a task that awaits under a semaphore. */
    private static CompletableFuture<Integer> blocking(HttpClientAgent client, RequestOptions options, int n, int concurrency, long[] latencies) {
        EventLoop loop = VertxLoops.of(Vertx.currentContext());
        return loop.createTask(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(concurrency);
            List<CompletableFuture<String>> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                all.add(Async.createTask(() -> sem.withPermit(() -> {
                    long t0 = System.nanoTime();
                    String b = Async.await(VertxAsync.httpRequest(client, options,
                            req -> req.send().compose(HttpClientResponse::body).map(Buffer::toString)));
                    latencies[k] = System.nanoTime() - t0;
                    return b;
                })).toCompletableFuture());
            }
            return countOk(Async.await(Async.gather(all)));
        }).toCompletableFuture();
    }

    private static int countOk(List<String> bodies) {
        int ok = 0;
        for (String b : bodies) if ("ok".equals(b)) ok++;
        return ok;
    }
}
