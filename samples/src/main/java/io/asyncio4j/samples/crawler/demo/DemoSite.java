package io.asyncio4j.samples.crawler.demo;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A web site to crawl offline: an embedded Vert.x HTTP server on 127.0.0.1 that generates
 * {@link Options#pages()} linked HTML pages deterministically from a seed — titles, paragraphs and
 * links — plus {@code /robots.txt} (which disallows {@code /private/}) and {@code /sitemap.xml}.
 *
 * <p>Every page {@code /page/i} links to its two children {@code 2i+1} and {@code 2i+2}, so every
 * page is reachable from {@code /} within about log2(pages) hops, and to a few other pages chosen by
 * the seed, written in the ways real sites write links: absolute, relative, with dot segments and
 * fragments, to a private page, a missing page, a PDF, another host, {@code mailto:} and
 * {@code javascript:}. Faults are settable: a fixed latency per request, a rate of 503 answers
 * (decided per page and per attempt, so a retry usually succeeds and the outcome does not depend on
 * the order of requests), a rate of slow pages, and a rate of links that go through a 301 redirect
 * ({@code /go/i}).
 *
 * {@snippet :
 * try (DemoSite site = DemoSite.start(DemoSite.Options.defaults().withPages(500))) {
 *     CrawlSummary s = new Crawler(CrawlConfig.builder().startUrl(site.url()).build()).crawl();
 * }
 * }
 */
public final class DemoSite implements AutoCloseable {

    /**
     * What the site serves and how it misbehaves.
     *
     * @param pages how many pages {@code /page/0 .. /page/(pages-1)}; at least 1
     * @param seed the seed for titles, text and links
     * @param latency added before every answer
     * @param failureRate fraction of page requests answered 503 (decided per page and attempt)
     * @param slowRate fraction of pages that take {@code slowDelay} more
     * @param slowDelay the extra delay of a slow page
     * @param redirectRate fraction of links that go through a 301 redirect ({@code /go/i})
     * @param linksPerPage links per page besides the two children
     * @param host the address to bind
     * @param port the port to bind, 0 for any free one
     */
    public record Options(int pages, long seed, Duration latency, double failureRate, double slowRate,
            Duration slowDelay, double redirectRate, int linksPerPage, String host, int port) {
        /** Checks the values. */
        public Options {
            if (pages < 1) {
                throw new IllegalArgumentException("pages must be >= 1, was " + pages);
            }
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(slowDelay, "slowDelay");
            Objects.requireNonNull(host, "host");
            if (failureRate < 0 || failureRate > 1 || slowRate < 0 || slowRate > 1 || redirectRate < 0 || redirectRate > 1) {
                throw new IllegalArgumentException("failureRate, slowRate and redirectRate must be in [0, 1]");
            }
            if (linksPerPage < 0) {
                throw new IllegalArgumentException("linksPerPage must be >= 0, was " + linksPerPage);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535 (0: any free one), was " + port);
            }
        }

        /** @return 2,000 pages, seed 42, 10 ms latency, 2 % failures, 1 % pages 1.5 s slow, 3 % of links redirected, 8 links, 127.0.0.1:0 */
        public static Options defaults() {
            return new Options(2000, 42, Duration.ofMillis(10), 0.02, 0.01, Duration.ofMillis(1500), 0.03, 8, "127.0.0.1", 0);
        }

        /** @param r fraction of links that go through a redirect @return a copy */
        public Options withRedirectRate(double r) {
            return new Options(pages, seed, latency, failureRate, slowRate, slowDelay, r, linksPerPage, host, port);
        }

        /** @param n pages @return a copy */
        public Options withPages(int n) {
            return new Options(n, seed, latency, failureRate, slowRate, slowDelay, redirectRate, linksPerPage, host, port);
        }

        /** @param s seed @return a copy */
        public Options withSeed(long s) {
            return new Options(pages, s, latency, failureRate, slowRate, slowDelay, redirectRate, linksPerPage, host, port);
        }

        /** @param d latency @return a copy */
        public Options withLatency(Duration d) {
            return new Options(pages, seed, d, failureRate, slowRate, slowDelay, redirectRate, linksPerPage, host, port);
        }

        /** @param r failure rate @return a copy */
        public Options withFailureRate(double r) {
            return new Options(pages, seed, latency, r, slowRate, slowDelay, redirectRate, linksPerPage, host, port);
        }

        /** @param r slow-page rate @param d extra delay @return a copy */
        public Options withSlowPages(double r, Duration d) {
            return new Options(pages, seed, latency, failureRate, r, d, redirectRate, linksPerPage, host, port);
        }

        /** @param n links per page besides the children @return a copy */
        public Options withLinksPerPage(int n) {
            return new Options(pages, seed, latency, failureRate, slowRate, slowDelay, redirectRate, n, host, port);
        }

        /** @param h address @param p port @return a copy */
        public Options withAddress(String h, int p) {
            return new Options(pages, seed, latency, failureRate, slowRate, slowDelay, redirectRate, linksPerPage, h, p);
        }
    }

    private static final String[] WORDS = ("asyncio event loop task future coroutine queue semaphore lock "
            + "timeout cancel gather wait crawler page link frontier worker host politeness robots sitemap "
            + "redirect latency thread channel flow scope group retry backoff jitter parse html title text")
            .split(" ");

    private final Options options;
    private final Vertx vertx;
    private final HttpServer server;
    /** Pages kept rendered at most (about 4 KiB each): a site of a million pages renders the rest for every request. */
    private static final int CACHED_PAGES = 100_000;

    private final AtomicReferenceArray<Buffer> cache;
    private final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    private DemoSite(Options options, Vertx vertx, HttpServer server, AtomicReferenceArray<Buffer> cache) {
        this.options = options;
        this.vertx = vertx;
        this.server = server;
        this.cache = cache;
    }

    /**
     * Starts the site on its own Vert.x instance and waits until it listens.
     *
     * @param options what to serve
     * @return the running site; close it to stop
     */
    public static DemoSite start(Options options) {
        Objects.requireNonNull(options, "options");
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()));
        DemoSite site = new DemoSite(options, vertx, server, new AtomicReferenceArray<>(Math.min(options.pages(), CACHED_PAGES)));
        server.requestHandler(site::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("demo site could not listen on " + options.host() + ":" + options.port(), e);
        }
        return site;
    }

    /** @return the site's root, e.g. {@code http://127.0.0.1:41234/} */
    public String url() {
        return "http://" + options.host() + ":" + port() + "/";
    }

    /** @return the port it listens on */
    public int port() {
        return server.actualPort();
    }

    /** @return the options it was started with */
    public Options options() {
        return options;
    }

    /** @param path a request path such as {@code /page/3} @return how many times it was requested */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** @return the number of requests served so far */
    public long requests() {
        return requests.get();
    }

    /** Stops the server and its Vert.x instance. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("demo site did not stop", e);
        }
    }

    private void handle(HttpServerRequest req) {
        requests.incrementAndGet();
        String path = req.path();
        int attempt = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        long delay = options.latency().toMillis();
        int page = pageNumber(path, "/page/");
        if (path.equals("/")) {
            page = 0;
        }
        if (page >= 0) {
            if (options.failureRate() > 0 && chance(page, attempt, 1) < options.failureRate()) {
                later(delay, () -> req.response().setStatusCode(503).putHeader("Retry-After", "0").end("busy, try again"));
                return;
            }
            if (options.slowRate() > 0 && chance(page, 0, 2) < options.slowRate()) {
                delay += options.slowDelay().toMillis();
            }
            int p = page;
            later(delay, () -> req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page(p)));
            return;
        }
        later(delay, () -> answerOther(req, path));
    }

    private void answerOther(HttpServerRequest req, String path) {
        int go = pageNumber(path, "/go/");
        if (go >= 0) {
            req.response().setStatusCode(301).putHeader("Location", "/page/" + go).end();
        } else if (path.equals("/robots.txt")) {
            req.response().putHeader("Content-Type", "text/plain").end(
                    "User-agent: *\nDisallow: /private/\n\nSitemap: " + url() + "sitemap.xml\n");
        } else if (path.equals("/sitemap.xml")) {
            StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (int i = 0; i < options.pages(); i++) {
                sb.append("  <url><loc>").append(url()).append("page/").append(i).append("</loc></url>\n");
            }
            req.response().putHeader("Content-Type", "application/xml").end(sb.append("</urlset>\n").toString());
        } else if (path.startsWith("/private/")) {
            req.response().putHeader("Content-Type", "text/html").end("<html><title>private</title><p>robots.txt forbids this page</p></html>");
        } else if (path.startsWith("/files/") && path.endsWith(".pdf")) {
            byte[] pdf = new byte[2048];
            new SplittableRandom(path.hashCode()).nextBytes(pdf);
            System.arraycopy("%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, pdf, 0, 9);
            req.response().putHeader("Content-Type", "application/pdf").end(Buffer.buffer(pdf));
        } else {
            req.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found: " + path);
        }
    }

    private void later(long delayMs, Runnable answer) {
        if (delayMs <= 0) {
            answer.run();
        } else {
            vertx.setTimer(delayMs, id -> answer.run());
        }
    }

    private static int pageNumber(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(path.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A number in [0, 1) that depends only on the seed, the page, the attempt and the purpose. */
    private double chance(int page, int attempt, int purpose) {
        long h = options.seed() * 0x9E3779B97F4A7C15L + page * 0xBF58476D1CE4E5B9L + attempt * 0x94D049BB133111EBL + purpose;
        return new SplittableRandom(h).nextDouble();
    }

    private Buffer page(int i) {
        if (i >= cache.length()) {
            return Buffer.buffer(render(i));
        }
        Buffer b = cache.get(i);
        if (b == null) {
            b = Buffer.buffer(render(i));
            cache.set(i, b);
        }
        return b;
    }

    /** The HTML of page {@code i}: a title, three paragraphs and the links described in the class doc. */
    public String render(int i) {
        SplittableRandom r = new SplittableRandom(options.seed() * 31 + i);
        int n = options.pages();
        StringBuilder sb = new StringBuilder(4096);
        String title = "Page " + i + ": " + words(r, 3);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title).append("</title></head>\n<body>\n");
        sb.append("<h1>").append(title).append("</h1>\n");
        for (int p = 0; p < 3; p++) {
            sb.append("<p>").append(words(r, 40 + r.nextInt(40))).append(".</p>\n");
        }
        sb.append("<ul>\n");
        for (int child = 2 * i + 1; child <= 2 * i + 2 && child < n; child++) {
            link(sb, "/page/" + child, "child " + child);
        }
        for (int k = 0; k < options.linksPerPage(); k++) {
            int target = r.nextInt(n);
            if (r.nextDouble() < options.redirectRate()) {
                link(sb, "/go/" + target, "through a redirect");
                continue;
            }
            switch (r.nextInt(40)) {
                case 0 -> link(sb, "../page/" + target + "#section-" + k, "relative with fragment");
                case 1 -> link(sb, String.valueOf(target), "relative");
                case 2 -> link(sb, url() + "page/" + target, "absolute");
                case 3 -> link(sb, "./" + target, "relative with a dot segment");
                case 4 -> link(sb, "/private/" + target, "private");
                case 5 -> link(sb, "/missing/" + target, "broken link");
                case 6 -> link(sb, "/files/report-" + target + ".pdf", "a PDF");
                case 7 -> link(sb, "http://elsewhere.invalid/page/" + target, "another host");
                case 8 -> link(sb, "mailto:team@example.invalid", "mail");
                case 9 -> link(sb, "javascript:void(0)", "script");
                default -> link(sb, "/page/" + target, words(r, 2));
            }
        }
        return sb.append("</ul>\n</body></html>\n").toString();
    }

    private static void link(StringBuilder sb, String href, String text) {
        sb.append("<li><a href=\"").append(href).append("\">").append(text).append("</a></li>\n");
    }

    private static String words(SplittableRandom r, int count) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
