package io.asyncio4j.samples.pools;

import com.sun.net.httpserver.HttpServer;
import io.asyncio4j.WorkerPool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Seed 003, callbacks: {@code ProcessPoolExecutor(3)} downloads pages in worker processes
 * ({@code get_page}), and {@code add_done_callback(parse_page)} handles each in the main process as
 * soon as it is done — first finished, first parsed — appending {@code url:<..> size:[..]} to
 * {@code db.txt}. The seed fetches four public sites; this sample serves four pages of different
 * sizes from a local server on 127.0.0.1 so it runs offline. {@code thenAccept} is
 * {@code add_done_callback}: it runs in this process, on the thread that completed the future.
 *
 * <pre>
 * p = ProcessPoolExecutor(3)
 * for url in urls:
 *     p.submit(get_page, url).add_done_callback(parse_page)
 * </pre>
 */
public final class PoolCallbacks {
    private PoolCallbacks() {}

    /** Runs in a worker process. */
    static Map<String, String> getPage(String url) {
        System.out.printf("<进程%s> get %s%n", Py.getpid(), url);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Map.of("url", url, "text", response.body()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs in this process, as each page arrives. */
    static void parsePage(Map<String, String> res, Path db) {
        System.out.printf("<进程%s> parse %s%n", Py.getpid(), res.get("url"));
        String parseRes = String.format("url:<%s> size:[%s]%n", res.get("url"), res.get("text").length());
        try {
            Files.writeString(db, parseRes, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the sample.
     *
     * @param args optional: the db.txt to append to (default: a new temporary file)
     */
    public static void main(String[] args) throws IOException {
        Path db = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("db", ".txt");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, Integer> sizes = Map.of("/baidu", 2381, "/openstack", 56_000, "/sina", 12_000, "/tencent", 800);
        sizes.forEach((path, size) -> server.createContext(path, exchange -> {
            byte[] body = "x".repeat(size).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }));
        server.start();
        try (WorkerPool p = WorkerPool.processes(3)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            List<String> urls = List.of(base + "/baidu", base + "/openstack", base + "/sina", base + "/tencent");
            for (String url : urls) {
                p.submit(() -> getPage(url)).thenAccept(res -> parsePage(res, db));
            }
        } finally {
            server.stop(0);
        }
        System.out.println("db: " + db);
    }
}
