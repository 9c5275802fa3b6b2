package io.asyncio4j.benchmarks.peers;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * W6 peer: a crawler on the raw Vert.x 5 {@link WebClient}, no asyncio4j — what a Vert.x user writes.
 * Everything runs on one Vert.x context (so the frontier needs no lock): at most N requests in flight,
 * the rest wait in a deque; jsoup parses each page on the event loop; same host only; at most
 * max-pages URLs. Prints one line: {@code pages=<n> failed=<n> seconds=<s>}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.asyncio4j.benchmarks.peers.VertxCrawlPeer
 * http://127.0.0.1:8080/ 100 10000}
 */
public final class VertxCrawlPeer {
    private final WebClient client;
    private final String host;
    private final int concurrency;
    private final int maxPages;
    private final Set<String> seen = new HashSet<>();
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final Promise<Void> done = Promise.promise();
    private int inFlight;
    private int failed;

    private VertxCrawlPeer(WebClient client, String host, int concurrency, int maxPages) {
        this.client = client;
        this.host = host;
        this.concurrency = concurrency;
        this.maxPages = maxPages;
    }

    /**
     * @param args start URL, concurrency, max pages
     */
    public static void main(String[] args) throws Exception {
        String start = args[0];
        int n = Integer.parseInt(args[1]);
        int max = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setFollowRedirects(true),
                new PoolOptions().setHttp1MaxSize(n));
        VertxCrawlPeer crawler = new VertxCrawlPeer(client, URI.create(start).getHost(), n, max);
        Context ctx = vertx.getOrCreateContext();
        long t0 = System.nanoTime();
        ctx.runOnContext(v -> {
            crawler.seen.add(start);
            crawler.visit(start);
        });
        crawler.done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "pages=%d failed=%d seconds=%.3f%n", crawler.seen.size(), crawler.failed, secs);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void visit(String url) {
        if (inFlight >= concurrency) {
            waiting.add(url);
            return;
        }
        inFlight++;
        client.getAbs(url).send().onComplete(ar -> {
            if (ar.failed()) {
                failed++;
            } else {
                parse(url, ar.result());
            }
            inFlight--;
            while (inFlight < concurrency && !waiting.isEmpty()) {
                visit(waiting.poll());
            }
            if (inFlight == 0 && waiting.isEmpty()) {
                done.tryComplete();
            }
        });
    }

    private void parse(String url, HttpResponse<Buffer> resp) {
        if (resp.statusCode() >= 400) {
            failed++;
            return;
        }
        String type = resp.getHeader("Content-Type");
        if (resp.statusCode() != 200 || type == null || !type.startsWith("text/html") || resp.body() == null) {
            return;
        }
        for (Element a : Jsoup.parse(resp.bodyAsString(), url).select("a[href]")) {
            String link = a.absUrl("href");
            int hash = link.indexOf('#');
            if (hash >= 0) {
                link = link.substring(0, hash);
            }
            if ((link.startsWith("http://") || link.startsWith("https://")) && host.equals(hostOf(link))
                    && seen.size() < maxPages && seen.add(link)) {
                visit(link);
            }
        }
    }

    private static String hostOf(String link) {
        try {
            return URI.create(link).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
