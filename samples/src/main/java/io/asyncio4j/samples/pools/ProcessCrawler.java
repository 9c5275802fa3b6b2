package io.asyncio4j.samples.pools;

import com.sun.net.httpserver.HttpServer;
import io.asyncio4j.ProcessQueue;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 003, "producer/consumer: a crawler": ten producer processes each download a page of the
 * Douban top 250 ({@code start=25, 50, ..., 250}, as the seed counts) and put its HTML on a
 * {@code multiprocessing.Queue}; five consumer processes take pages, pull each film's id, title,
 * rating and comment count out with the seed's regular expression and print them as a Python dict,
 * until they meet the {@code None} that main puts after joining the producers (each consumer puts it
 * back for the next).
 *
 * <p>The seed downloads from douban.com; this sample serves pages of the same shape, 25 made-up films
 * each and none past the 250th, from a local server on 127.0.0.1 so it runs offline (the seed's
 * {@code start=250} page is empty there too). Producers and consumers are jobs of one pool of two
 * worker processes instead of fifteen processes: the producers are queued first, and a consumer
 * holds its worker only until it meets the sentinel, so any pool size finishes. Python's named
 * groups {@code (?P<id>...)} are {@code (?<id>...)} in Java; {@code re.S} is {@code DOTALL}.
 * The same program on tasks and an {@code AsyncQueue}, against the crawler's demo site, is
 * {@code douban} ({@link io.asyncio4j.samples.seeds.DoubanCrawl}).
 *
 * <pre>
 * def producer(q, url):                  def consumer(q):
 *     q.put(requests.get(url).text)          while True:
 *                                                s = q.get()
 *                                                if not s: q.put(None); break
 *                                                for i in com.finditer(s): print({"id": ..., ...})
 * </pre>
 */
public final class ProcessCrawler {
    private static final Pattern COM = Pattern.compile(
            "<div class=\"item\">.*?<div class=\"pic\">.*?<em .*?>(?<id>\\d+).*?<span class=\"title\">(?<title>.*?)</span>"
                    + ".*?<span class=\"rating_num\" .*?>(?<ratingNum>.*?)</span>.*?<span>(?<commentNum>.*?)评价</span>",
            Pattern.DOTALL);

    private ProcessCrawler() {}

    static String get(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void consume(ProcessQueue<String> q) {
        while (true) {
            String s = q.get();
            if (s == null) {
                q.put(null);
                return;
            }
            Matcher i = COM.matcher(s);
            while (i.find()) {
                System.out.println("{'id': '" + i.group("id") + "', 'title': '" + i.group("title") + "', 'rating_num': '"
                        + i.group("ratingNum") + "', 'comment_num': '" + i.group("commentNum") + "'}");
            }
        }
    }

    /** A top-250 page as Douban lays it out: the films ranked {@code start+1 .. start+25}. */
    static String page(int start) {
        StringBuilder html = new StringBuilder("<html><body><ol class=\"grid_view\">\n");
        for (int rank = start + 1; rank <= Math.min(start + 25, 250); rank++) {
            html.append("<li><div class=\"item\">\n<div class=\"pic\">\n<em class=\"\">").append(rank)
                    .append("</em>\n<a href=\"#\"><img src=\"#\"></a>\n</div>\n<div class=\"info\">\n<span class=\"title\">电影")
                    .append(rank).append("</span>\n<div class=\"star\">\n<span class=\"rating_num\" property=\"v:average\">")
                    .append(String.format(Locale.ROOT, "%.1f", 9.7 - rank / 100.0)).append("</span>\n<span>")
                    .append(3_000_000 - rank * 1000).append("人评价</span>\n</div>\n</div>\n</div></li>\n");
        }
        return html.append("</ol></body></html>").toString();
    }

    /**
     * Runs the sample.
     *
     * @param args none
     */
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/top250", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int start = Integer.parseInt(query.replaceAll(".*start=(\\d+).*", "$1"));
            byte[] body = page(start).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/top250";
        try (ProcessQueue<String> q = ProcessQueue.create(); WorkerPool pool = WorkerPool.processes(2)) {
            int count = 0;
            List<CompletableFuture<Void>> pL = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                count += 25;
                String url = base + "?start=" + count + "&filter=";
                pL.add(pool.submit(() -> {
                    q.put(get(url));
                    return null;
                }));
            }
            List<CompletableFuture<Void>> cL = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                cL.add(pool.submit(() -> {
                    consume(q);
                    return null;
                }));
            }
            pL.forEach(CompletableFuture::join);
            q.put(null);
            cL.forEach(CompletableFuture::join);
        } finally {
            server.stop(0);
        }
    }
}
