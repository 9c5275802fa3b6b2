package io.asyncio4j.samples.crawler;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.AsyncSemaphore;
import io.asyncio4j.EventLoop;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.TaskGroup;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seeds' comparison, on a real site: the same crawl (fetch, parse with jsoup, follow same-host
 * links, stop at the page limit) written four ways — one page at a time; a thread pool of N threads
 * that block on each request; asyncio4j in blocking style (N worker tasks on an {@link AsyncQueue});
 * asyncio4j in future style (no thread per task: an {@link AsyncSemaphore} of N and composed futures).
 * Only the orchestration differs: the HTTP client, the parser and the limits are the same. No retries,
 * no robots.txt, no output: this measures concurrency, not politeness.
 */
public final class CrawlComparison {
    /** Pages the sequential crawl does at most: its rate is what matters, and it is slow. */
    static final int SEQUENTIAL_PAGES = 200;

    /**
     * One row of the table.
     *
     * @param name the style
     * @param pages pages fetched
     * @param failed pages that failed (an HTTP error or a network error)
     * @param seconds wall-clock time
     * @param p50Ms median request latency
     * @param p99Ms 99th percentile request latency
     */
    public record Row(String name, int pages, int failed, double seconds, long p50Ms, long p99Ms) {
        /** @return pages per second */
        public double pagesPerSecond() {
            return seconds > 0 ? pages / seconds : 0;
        }
    }

    /** @param rows the four rows, in the order run */
    public record Table(List<Row> rows) {
        /** @return the rows as an aligned text table (the style column as wide as its longest label, at least 32) */
        public String toTable() {
            int width = rows.stream().mapToInt(r -> r.name.length()).max().orElse(0);
            String style = "%-" + Math.max(width, 32) + "s";
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, style + " %7s %7s %9s %11s %8s %8s%n",
                    "style", "pages", "failed", "seconds", "pages/s", "p50 ms", "p99 ms"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, style + " %7d %7d %9.2f %11.1f %8d %8d%n", r.name, r.pages,
                        r.failed,
                        r.seconds, r.pagesPerSecond(), r.p50Ms, r.p99Ms));
            }
            return sb.toString().stripTrailing();
        }
    }

    private final CrawlConfig config;
    private final HttpFetcher fetcher;
    private final URI start;

    private CrawlComparison(CrawlConfig config, HttpFetcher fetcher) {
        this.config = config;
        this.fetcher = fetcher;
        this.start = config.startUrls().get(0);
    }

    /** Runs the four crawls one after the other on the same site. */
    public static Table run(CrawlConfig config) {
        int n = config.concurrency();
        try (HttpFetcher fetcher = config.client() == CrawlConfig.Client.JDK ? new JdkFetcher(config.timeout())
                : new VertxFetcher(n, config.timeout())) {
            CrawlComparison c = new CrawlComparison(config, fetcher);
            List<Row> rows = new ArrayList<>();
            rows.add(c.sequential());
            rows.add(c.threadPool());
            rows.add(c.asyncBlocking());
            rows.add(c.asyncFuture());
            return new Table(rows);
        }
    }

    /** The shared bookkeeping of one crawl: latencies and failures (thread-safe: the thread pool needs it). */
    private static final class Tally {
        final long startNanos = System.nanoTime();
        final AtomicInteger failed = new AtomicInteger();
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());

        Row row(String name) {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            long[] l;
            synchronized (latencies) {
                l = latencies.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(l);
            return new Row(name, l.length, failed.get(), secs, pct(l, 50), pct(l, 99));
        }

        private static long pct(long[] sorted, int p) {
            return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }

    /** The links of one answer, or none if it failed or is not HTML; records latency and failure. */
    private List<URI> links(URI url, FetchResponse r, long startNanos, Tally t) {
        t.latencies.add((System.nanoTime() - startNanos) / 1_000_000);
        if (r.status() != 200 || !HtmlPage.isHtml(r.contentType(), r.body())) {
            if (r.status() >= 400) {
                t.failed.incrementAndGet();
            }
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        for (String link : HtmlPage.parse(r.body(), r.contentType(), url).links()) {
            if (config.hostInScope(Urls.host(link))) {
                out.add(URI.create(link));
            }
        }
        return out;
    }

    private List<URI> failedRequest(long startNanos, Tally t) {
        t.latencies.add((System.nanoTime() - startNanos) / 1_000_000);
        t.failed.incrementAndGet();
        return List.of();
    }

    /** One page the thread way: block this thread until the answer is in, then parse it. */
    private List<URI> fetchBlocking(URI url, Tally t) {
        long s = System.nanoTime();
        try {
            return links(url, get(url).join(), s, t);
        } catch (RuntimeException e) {
            return failedRequest(s, t);
        }
    }

    private CompletableFuture<FetchResponse> get(URI url) {
        return Async.waitFor(fetcher.get(url, config.userAgent(), config.maxBodyBytes()), config.timeout());
    }

    Row sequential() {
        long limit = Math.min(config.maxPages(), SEQUENTIAL_PAGES);
        Tally t = new Tally();
        Set<String> seen = new HashSet<>(List.of(start.toString()));
        Deque<URI> frontier = new ArrayDeque<>(List.of(start));
        while (!frontier.isEmpty()) {
            for (URI link : fetchBlocking(frontier.poll(), t)) {
                if (seen.size() < limit && seen.add(link.toString())) {
                    frontier.add(link);
                }
            }
        }
        return t.row("sequential (first " + limit + ")");
    }

    Row threadPool() {
        int n = config.concurrency();
        Tally t = new Tally();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong scheduled = new AtomicLong(1);
        AtomicInteger outstanding = new AtomicInteger(1);
        Object done = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        seen.add(start.toString());
        class Fetch implements Runnable {
            final URI url;

            Fetch(URI url) {
                this.url = url;
            }

            @Override
            public void run() {
                for (URI link : fetchBlocking(url, t)) {
                    if (seen.add(link.toString()) && scheduled.incrementAndGet() <= config.maxPages()) {
                        outstanding.incrementAndGet();
                        pool.execute(new Fetch(link));
                    }
                }
                if (outstanding.decrementAndGet() == 0) {
                    synchronized (done) {
                        done.notifyAll();
                    }
                }
            }
        }
        pool.execute(new Fetch(start));
        try {
            synchronized (done) {
                while (outstanding.get() > 0) {
                    done.wait(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return t.row("thread pool of " + n);
    }

    Row asyncBlocking() {
        int n = config.concurrency();
        return Async.run(() -> {
            Tally t = new Tally();
            Set<String> seen = new HashSet<>(List.of(start.toString())); // one loop: no lock needed
            AsyncQueue<URI> frontier = new AsyncQueue<>();
            frontier.putNowait(start);
            try (TaskGroup tg = TaskGroup.open()) {
                for (int i = 0; i < n; i++) {
                    tg.createTask(() -> {
                        while (true) {
                            URI url;
                            try {
                                url = Async.await(frontier.get());
                            } catch (QueueShutDown e) {
                                return null;
                            }
                            long s = System.nanoTime();
                            List<URI> found;
                            try {
                                found = links(url, Async.await(get(url)), s, t);
                            } catch (CancellationException e) {
                                throw e; // the comparison was stopped: let the task end
                            } catch (RuntimeException e) {
                                found = failedRequest(s, t);
                            }
                            for (URI link : found) {
                                if (seen.size() < config.maxPages() && seen.add(link.toString())) {
                                    frontier.putNowait(link);
                                }
                            }
                            frontier.taskDone();
                        }
                    });
                }
                Async.await(frontier.join());
                frontier.shutdown();
            }
            return t.row("asyncio4j blocking style, " + n + " tasks");
        });
    }

    Row asyncFuture() {
        int n = config.concurrency();
        return Async.run(() -> Async.await(new FutureStyle(n).crawl()));
    }

    /** The future-style crawl: every continuation hops back to the loop, so its state needs no lock. */
    private final class FutureStyle {
        final int n;
        final AsyncSemaphore permits;
        final EventLoop loop = Async.getRunningLoop();
        final Tally t = new Tally();
        final Set<String> seen = new HashSet<>();
        final CompletableFuture<Row> finished = new CompletableFuture<>();
        int outstanding;

        FutureStyle(int n) {
            this.n = n;
            permits = new AsyncSemaphore(n);
        }

        CompletableFuture<Row> crawl() {
            seen.add(start.toString());
            visit(start);
            return finished;
        }

        void visit(URI url) {
            outstanding++;
            permits.withPermitAsync(() -> {
                long s = System.nanoTime();
                return get(url).handleAsync((r, e) -> e == null ? links(url, r, s, t) : failedRequest(s, t), loop);
            }).thenAcceptAsync(found -> {
                for (URI link : found) {
                    if (seen.size() < config.maxPages() && seen.add(link.toString())) {
                        visit(link);
                    }
                }
                if (--outstanding == 0) {
                    finished.complete(t.row("asyncio4j future style, " + n + " permits"));
                }
            }, loop);
        }
    }
}
