package io.asyncio4j.benchmarks.peers;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Crawl benchmark peer: the crawler a Java user writes in 60 lines with no library but jsoup — the
 * JDK's {@link HttpClient}, a virtual thread per page, a {@link Semaphore} of N around each request,
 * jsoup's parse of the whole page for its {@code a[href]}; same host only, at most max-pages URLs.
 * Prints one line: {@code pages=<n> failed=<n> seconds=<s>}.
 *
 * <p>Run (JDK 21+): {@code java -cp benchmarks/target/benchmarks.jar io.asyncio4j.benchmarks.peers.JdkCrawlPeer
 * http://127.0.0.1:8080/ 100 10000}. Compiled for Java 17: virtual threads through a method handle.
 */
public final class JdkCrawlPeer {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ThreadFactory threads = virtualThreads();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Semaphore inFlight;
    private final String host;
    private final int maxPages;

    private JdkCrawlPeer(String start, int concurrency, int maxPages) {
        this.inFlight = new Semaphore(concurrency);
        this.host = URI.create(start).getHost();
        this.maxPages = maxPages;
    }

    /** @param args start URL, concurrency, max pages */
    public static void main(String[] args) throws Exception {
        JdkCrawlPeer crawler = new JdkCrawlPeer(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        long t0 = System.nanoTime();
        crawler.seen.add(args[0]);
        crawler.visit(args[0]);
        crawler.done.await(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "pages=%d failed=%d seconds=%.3f%n", crawler.seen.size(), crawler.failed.get(), secs);
    }

    private void visit(String url) {
        pending.incrementAndGet();
        threads.newThread(() -> {
            try {
                crawl(url);
            } finally {
                if (pending.decrementAndGet() == 0) {
                    done.countDown();
                }
            }
        }).start();
    }

    private void crawl(String url) {
        HttpResponse<String> r;
        try {
            inFlight.acquire();
            try {
                r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            } finally {
                inFlight.release();
            }
        } catch (Exception e) {
            failed.incrementAndGet();
            return;
        }
        if (r.statusCode() != 200) {
            if (r.statusCode() >= 400) {
                failed.incrementAndGet();
            }
            return;
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            return;
        }
        for (Element a : Jsoup.parse(r.body(), url).select("a[href]")) {
            String link = a.absUrl("href");
            int hash = link.indexOf('#');
            if (hash >= 0) {
                link = link.substring(0, hash);
            }
            if (link.startsWith("http") && host.equals(hostOf(link)) && seen.size() < maxPages && seen.add(link)) {
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

    private static ThreadFactory virtualThreads() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
            MethodHandle factory = lookup.findVirtual(Class.forName("java.lang.Thread$Builder"), "factory",
                    MethodType.methodType(ThreadFactory.class));
            return (ThreadFactory) factory.invoke(builder);
        } catch (Throwable e) {
            throw new IllegalStateException("virtual threads need JDK 21+", e);
        }
    }
}
