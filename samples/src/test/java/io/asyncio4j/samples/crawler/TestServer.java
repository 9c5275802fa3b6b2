package io.asyncio4j.samples.crawler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A purpose-built HTTP server on 127.0.0.1, port 0, whose routes a test sets; it logs every request with its time. */
final class TestServer implements AutoCloseable {
    /** One route's answer. */
    @FunctionalInterface
    interface Route {
        void answer(HttpExchange ex, int nth) throws IOException;
    }

    /** One request seen: its path and when it arrived. */
    record Hit(String path, long nanos) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    final List<Hit> hits = new CopyOnWriteArrayList<>();

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            hits.add(new Hit(path, System.nanoTime()));
            int nth = counts.merge(path, 1, Integer::sum);
            Route r = routes.get(path);
            try {
                if (r == null) {
                    send(ex, 404, "text/plain", "not found");
                } else {
                    r.answer(ex, nth);
                }
            } catch (IOException e) {
                // the client went away (reset, timeout): nothing to answer
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    TestServer route(String path, Route r) {
        routes.put(path, r);
        return this;
    }

    TestServer html(String path, String body) {
        return route(path, (ex, n) -> send(ex, 200, "text/html; charset=utf-8", body));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** @return when each request for {@code path} arrived, in order (nanoTime) */
    List<Long> times(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).map(Hit::nanos).toList();
    }

    int count(String path) {
        return counts.getOrDefault(path, 0);
    }

    static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
