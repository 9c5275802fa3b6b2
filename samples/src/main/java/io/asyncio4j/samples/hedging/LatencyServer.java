package io.asyncio4j.samples.hedging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server (JDK {@code com.sun.net.httpserver}, 127.0.0.1, a free port) whose latency
 * follows a realistic shape: a log-normal body, rare long stalls (a GC pause, a lock convoy, a
 * cold cache) and dropped connections (a server shedding load at a traffic peak).
 *
 * <p>Each request independently: with probability {@code pDrop} the server works for a body-time and
 * then closes the connection without answering; with probability {@code pStall} it answers after
 * {@code stallMillis}; otherwise after a log-normal time with median {@code medianMillis} and shape
 * {@code sigma}. The latencies are milliseconds where a real service has tens or hundreds, so that
 * a whole experiment takes minutes; only ratios between strategies matter.
 */
final class LatencyServer implements AutoCloseable {
    /** The latency model; probabilities in [0, 1]. */
    record Model(double medianMillis, double sigma, double pStall, double stallMillis, double pDrop) {
        /** One request's fate: a delay in nanoseconds, negative for "drop after -delay". */
        long draw() {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            double body = medianMillis * Math.exp(sigma * r.nextGaussian());
            double u = r.nextDouble();
            if (u < pDrop) {
                return -Math.max(1, (long) (body * 1e6));
            }
            if (u < pDrop + pStall) {
                return (long) (stallMillis * 1e6);
            }
            return (long) (body * 1e6);
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "latency-server");
        t.setDaemon(true);
        return t;
    });
    private volatile Model model;
    final AtomicLong served = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    LatencyServer(Model model) throws IOException {
        this.model = model;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    void setModel(Model model) {
        this.model = model;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long delay = model.draw();
        try {
            TimeUnit.NANOSECONDS.sleep(Math.abs(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (delay < 0) {
            dropped.incrementAndGet();
            exchange.close(); // no response headers sent: the connection is closed under the client
            return;
        }
        served.incrementAndGet();
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
