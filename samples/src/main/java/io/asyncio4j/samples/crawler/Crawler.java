package io.asyncio4j.samples.crawler;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent web crawler written with asyncio4j, to embed in a program or run with
 * {@code java -jar asyncio4j-samples.jar crawl}.
 *
 * <p>How it works, in asyncio's words: the frontier is an {@link AsyncQueue} of URLs; N worker tasks
 * in a {@link TaskGroup} take URLs from it, each fetching one page at a time, so at most N requests
 * are in flight; a per-host {@link io.asyncio4j.AsyncSemaphore} and a politeness timer space the
 * requests to one host; every page runs under {@link Async#timeout} (its total deadline) and every
 * request under {@link Async#waitFor} (the per-request timeout); the queue's
 * {@code taskDone}/{@code join} tell when the crawl is finished, and {@code shutdown} then releases
 * the idle workers. All workers run on one event loop, so the crawl's state (the set of seen URLs,
 * the per-host timers) is plain collections without locks.
 *
 * <p>Every URL taken from the frontier becomes exactly one {@link PageResult} — written to the
 * output file and given to the {@link PageHandler} — whatever happens to it: an HTTP error, a
 * timeout, a redirect loop, a refusal by robots.txt. A page in flight when the crawl is cancelled is
 * not recorded (it is fetched again by {@code --resume}).
 *
 * {@snippet :
 * CrawlConfig config = CrawlConfig.builder().startUrl("http://127.0.0.1:8080/").maxPages(500).build();
 * CrawlSummary summary = new Crawler(config, page -> System.out.println(page.url())).crawl();
 * System.out.println(summary.toText());
 * }
 */
public final class Crawler {
    private final CrawlConfig config;
    private final @Nullable PageHandler handler;
    private final CrawlStats stats = new CrawlStats();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile @Nullable Task<?> mainTask;
    private volatile boolean cancelRequested;

    private final @Nullable Frontier givenFrontier;

    // Confined to the crawl's event loop: only its tasks touch these, one at a time.
    private final Map<String, HostState> hosts = new HashMap<>();
    private volatile @Nullable Frontier frontier;
    private @Nullable TaskGroup group;
    private @Nullable HttpFetcher fetcher;
    private @Nullable JsonLinesOutput output;

    /** Per-host limits: the permits, when the next request may start, and the host's robots.txt. */
    private static final class HostState {
        final io.asyncio4j.AsyncSemaphore permits;
        long nextStartNanos;
        long delayNanos;
        @Nullable CompletableFuture<RobotsTxt> robots;

        HostState(int perHost, long delayNanos) {
            this.permits = new io.asyncio4j.AsyncSemaphore(perHost);
            this.delayNanos = delayNanos;
        }
    }

    /** A page that cannot be fetched; its message becomes the record's error. */
    private static final class PageFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PageFailure(String error) {
            super(error, null, false, false);
        }
    }

    /** Counts of one page's requests, kept across its retries and redirects. */
    private static final class Attempts {
        int count;
        int status;
        @Nullable String contentType;
        long bytes;
    }

    /**
     * A crawler that records pages only to {@link CrawlConfig#output()} (if set).
     *
     * @param config what to crawl
     */
    public Crawler(CrawlConfig config) {
        this(config, null);
    }

    /**
     * @param config what to crawl
     * @param handler receives every record as it is written, or null
     */
    public Crawler(CrawlConfig config, @Nullable PageHandler handler) {
        this(config, handler, null);
    }

    /**
     * A crawler whose URLs wait in {@code frontier} (a cluster's, for one node of a cluster's crawl)
     * instead of this JVM's own.
     *
     * @param config what to crawl; {@link CrawlConfig#resume()} needs this JVM's own frontier
     * @param handler receives every record as it is written, or null
     * @param frontier where the URLs wait, or null for this JVM's own
     * @throws IllegalArgumentException if {@code frontier} is given and the config asks to resume
     */
    public Crawler(CrawlConfig config, @Nullable PageHandler handler, @Nullable Frontier frontier) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = handler;
        this.givenFrontier = frontier;
        if (frontier != null && config.resume()) {
            throw new IllegalArgumentException("resume reads the output file into this JVM's own frontier; it cannot go with "
                    + "another frontier");
        }
    }

    /**
     * Runs the crawl to its end and returns its summary. On a plain thread it runs its own event loop
     * ({@link Async#run}); inside a task body it runs in that task. Interrupting the calling thread,
     * cancelling the calling task, or {@link #cancel()} stops it: the tasks are cancelled, the output
     * file keeps every record written so far, and the summary says {@code interrupted}.
     *
     * @return the summary
     * @throws UncheckedIOException if the output file cannot be read (resume) or written
     */
    public CrawlSummary crawl() {
        boolean interrupted = false;
        List<PageResult> earlier = List.of();
        try {
            if (config.output() != null) {
                earlier = config.resume() ? JsonLinesOutput.readForResume(config.output()) : List.of();
                output = new JsonLinesOutput(config.output());
            }
            fetcher = config.client() == CrawlConfig.Client.JDK ? new JdkFetcher(config.timeout())
                    : new VertxFetcher(Math.max(config.concurrency(), config.perHost()), config.timeout());
            List<PageResult> resumeFrom = earlier;
            if (Async.currentTask() != null) {
                run(resumeFrom);
            } else {
                Async.run(() -> run(resumeFrom));
            }
        } catch (CancellationException e) {
            interrupted = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the output file " + config.output(), e);
        } finally {
            boolean wasInterrupted = Thread.interrupted(); // let the clean-up below block
            if (fetcher != null) {
                fetcher.close();
            }
            closeOutput();
            finished.countDown();
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
                interrupted = true;
            }
        }
        return stats.summary(interrupted || cancelRequested, earlier.size());
    }

    /**
     * Cancels the crawl from any thread (a shutdown hook, a UI): every task is cancelled and
     * {@link #crawl()} returns the summary. Does nothing once the crawl is over.
     */
    public void cancel() {
        cancelRequested = true;
        Task<?> t = mainTask;
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * Waits until {@link #crawl()} has finished, output closed.
     *
     * @param timeout the most time to wait
     * @return true if it finished
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A snapshot of the counters, safe from any thread (for a progress bar).
     *
     * @return pages done, ok, failed, queued, and the rate so far
     */
    public Progress progress() {
        Frontier f = frontier;
        long done = stats.done();
        double secs = stats.elapsedSeconds();
        return new Progress(done, stats.ok(), stats.failed(), f == null ? 0 : f.queued(), secs > 0 ? done / secs : 0);
    }

    /** @return this crawl's live counters (a cluster's node publishes them) */
    public CrawlStats stats() {
        return stats;
    }

    /**
     * Live counters of a crawl.
     *
     * @param done pages recorded
     * @param ok recorded without error
     * @param failed recorded with an error
     * @param queued waiting in the frontier
     * @param pagesPerSecond records per second so far
     */
    public record Progress(long done, long ok, long failed, long queued, double pagesPerSecond) {}

    // ------------------------------------------------------------------ the crawl's main task

    private Void run(List<PageResult> earlier) {
        mainTask = Async.currentTask();
        if (cancelRequested) {
            throw new CancellationException("crawl cancelled before it started");
        }
        Frontier f;
        if (givenFrontier != null) {
            f = givenFrontier;
        } else {
            LocalFrontier local = new LocalFrontier(config.maxPages(), earlier.size());
            for (PageResult p : earlier) {
                local.markRecorded(p.url());
                if (!isRedirect(p.status())) {
                    local.markRecorded(p.finalUrl()); // fetched under this record (a redirect to a page seen earlier was not)
                }
            }
            f = local;
        }
        frontier = f;
        for (URI start : config.startUrls()) {
            f.schedule(start, 0, null);
        }
        for (PageResult p : earlier) {
            for (String link : p.outlinks()) {
                URI u = Urls.normalize(null, link);
                if (u != null) {
                    f.schedule(u, p.depth() + 1, null);
                }
            }
        }
        try (TaskGroup tg = TaskGroup.open()) {
            group = tg;
            for (int i = 0; i < config.concurrency(); i++) {
                tg.createTask("crawl-worker-" + i, this::worker);
            }
            f.finish(); // every URL ever queued (on every node) has been recorded; the workers leave
        }
        return null;
    }

    /** Whether a link found at {@code depth - 1} is one to follow: depth, scope, patterns. */
    private boolean follows(URI url, int depth) {
        return depth <= config.maxDepth() && config.hostInScope(url.getHost()) && config.patternsAllow(url.toString());
    }

    private Void worker() {
        Frontier f = Objects.requireNonNull(frontier);
        while (true) {
            Frontier.Job job = f.take();
            if (job == null) {
                return null; // the crawl is over
            }
            boolean recorded = false;
            try {
                record(crawlPage(job), f.handedOutAgain(job));
                recorded = true;
            } finally {
                // A job not recorded (the crawl is cancelled) is not done: a cluster's frontier hands it
                // to another node once its lease runs out.
                if (recorded) {
                    f.done(job);
                }
            }
        }
    }

    private void record(PageResult page, boolean handedOutAgain) {
        if (output != null) {
            output.write(page);
        }
        stats.record(page, handedOutAgain);
        if (handler != null) {
            try {
                handler.onPage(page);
            } catch (RuntimeException e) {
                System.err.println("page handler failed on " + page.url() + ": " + e);
            }
        }
    }

    // ------------------------------------------------------------------ one page

    private PageResult crawlPage(Frontier.Job job) {
        long start = System.nanoTime();
        Attempts a = new Attempts();
        try {
            return Async.timeout(config.pageDeadline(), () -> fetchPage(job, start, a));
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                return failure(job, job.url(), start, a, "deadline: the page took longer than " + config.pageDeadline().toMillis() + " ms");
            }
            throw e;
        }
    }

    private PageResult fetchPage(Frontier.Job job, long start, Attempts a) {
        URI url = job.url();
        Set<String> chain = new HashSet<>();
        chain.add(url.toString());
        try {
            for (int hop = 0; ; hop++) {
                if (config.obeyRobots() && !robots(url).allows(pathAndQuery(url))) {
                    return failure(job, url, start, a, "robots: disallowed by " + Urls.origin(url) + "/robots.txt");
                }
                FetchResponse resp = fetchWithRetries(url, a, config.maxBodyBytes());
                a.bytes += resp.body().length;
                if (!isRedirect(resp.status()) || resp.location() == null) {
                    return pageRecord(job, url, resp, start, a);
                }
                URI next = Urls.normalize(url, resp.location());
                if (next == null) {
                    return failure(job, url, start, a, "redirect: to a URL that is not http(s): " + resp.location());
                }
                if (!chain.add(next.toString())) {
                    return failure(job, next, start, a, "redirect-loop: back to " + next);
                }
                if (hop >= config.maxRedirects()) {
                    return failure(job, next, start, a, "too-many-redirects: more than " + config.maxRedirects());
                }
                if (!Objects.requireNonNull(frontier).markSeen(next.toString(), job)) {
                    // already queued or recorded under its own name: fetching it again would duplicate it
                    return new PageResult(job.url().toString(), next.toString(), resp.status(), resp.contentType(), null, 0,
                            a.bytes, millisSince(start), job.depth(), a.count, null, false, List.of());
                }
                url = next;
            }
        } catch (PageFailure f) {
            return failure(job, url, start, a, f.getMessage());
        } catch (CancellationException e) {
            throw e; // the page's deadline or the crawl's end
        } catch (RuntimeException | StackOverflowError e) {
            // a page that breaks the parser (or anything else unforeseen) is a record, never a crash
            return failure(job, url, start, a, "error: " + Retries.describe(e));
        }
    }

    private PageResult failure(Frontier.Job job, URI at, long start, Attempts a, String error) {
        return new PageResult(job.url().toString(), at.toString(), a.status, a.contentType, null, 0, a.bytes,
                millisSince(start), job.depth(), a.count, error, false, List.of());
    }

    private PageResult pageRecord(Frontier.Job job, URI url, FetchResponse resp, long start, Attempts a) {
        int status = resp.status();
        String error = status >= 200 && status < 300 ? null : "http " + status;
        String title = null;
        int links = 0;
        List<String> outlinks = new ArrayList<>();
        if (error == null && HtmlPage.isHtml(resp.contentType(), resp.body())) {
            HtmlPage page = HtmlPage.parse(resp.body(), resp.contentType(), url);
            title = page.title();
            links = page.links().size();
            List<URI> follow = new ArrayList<>();
            for (URI link : page.links()) {
                if (follows(link, job.depth() + 1)) {
                    outlinks.add(link.toString());
                    follow.add(link);
                }
            }
            Objects.requireNonNull(frontier).scheduleAll(follow, job.depth() + 1, job);
        }
        return new PageResult(job.url().toString(), url.toString(), status, resp.contentType(), title, links, a.bytes,
                millisSince(start), job.depth(), a.count, error, resp.truncated(), outlinks);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String pathAndQuery(URI url) {
        return url.getRawQuery() == null ? url.getRawPath() : url.getRawPath() + "?" + url.getRawQuery();
    }

    // ------------------------------------------------------------------ requests

    /** One request with retries for what is worth retrying: connect errors, 5xx, 429. */
    private FetchResponse fetchWithRetries(URI url, Attempts a, long cap) {
        for (int retry = 0; ; retry++) {
            a.count++;
            Duration pause;
            try {
                FetchResponse r = fetchOnce(url, cap);
                a.status = r.status();
                a.contentType = r.contentType();
                if (!Retries.worthRetrying(r.status()) || retry >= config.retries()) {
                    return r;
                }
                Duration after = Retries.retryAfter(r.retryAfter());
                if (after != null && after.compareTo(config.maxBackoff()) > 0) {
                    return r; // the server asks for a longer pause than we are willing to make
                }
                pause = after != null ? after : Retries.backoff(config.backoff(), config.maxBackoff(), retry);
            } catch (CancellationException e) {
                throw e; // the page's deadline or the crawl's end: not ours to handle
            } catch (RuntimeException e) {
                Throwable c = Retries.unwrap(e);
                if (c instanceof TimeoutException) {
                    throw new PageFailure("timeout: no complete answer within " + config.timeout().toMillis() + " ms");
                }
                String kind = Retries.networkKind(c);
                if (kind == null || retry >= config.retries()) {
                    throw new PageFailure((kind == null ? "error" : kind) + ": " + Retries.describe(c));
                }
                pause = Retries.backoff(config.backoff(), config.maxBackoff(), retry);
            }
            Async.await(Async.sleep(pause));
        }
    }

    /** One request under the per-host limit and politeness delay, with the per-request timeout. */
    private FetchResponse fetchOnce(URI url, long cap) {
        HostState h = host(url);
        Async.await(h.permits.acquire());
        try {
            long now = System.nanoTime();
            long startAt = Math.max(now, h.nextStartNanos);
            h.nextStartNanos = startAt + h.delayNanos; // reserve the slot before sleeping, so waiters spread out
            if (startAt > now) {
                Async.await(Async.sleep(Duration.ofNanos(startAt - now)));
            }
            HttpFetcher f = Objects.requireNonNull(fetcher);
            return Async.await(Async.waitFor(f.get(url, config.userAgent(), cap), config.timeout()));
        } finally {
            h.permits.release();
        }
    }

    private HostState host(URI url) {
        return hosts.computeIfAbsent(Urls.origin(url), o -> new HostState(config.perHost(), config.delay().toNanos()));
    }

    /** The host's robots.txt, fetched once by a task of the crawl's group and shared by every page. */
    private RobotsTxt robots(URI url) {
        HostState h = host(url);
        if (h.robots == null) {
            URI robotsUrl = URI.create(Urls.origin(url) + "/robots.txt");
            h.robots = Objects.requireNonNull(group).createTask("robots " + Urls.origin(url), () -> loadRobots(robotsUrl, h))
                    .toCompletableFuture();
        }
        // shielded: one page's deadline must not cancel the fetch that other pages wait for
        return Async.await(Async.shield(h.robots));
    }

    private RobotsTxt loadRobots(URI robotsUrl, HostState h) {
        RobotsTxt rules;
        try {
            FetchResponse r = fetchWithRetries(robotsUrl, new Attempts(), 512 * 1024);
            if (r.status() >= 200 && r.status() < 300) {
                rules = RobotsTxt.parse(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), config.userAgent());
            } else if (r.status() >= 400 && r.status() < 500) {
                rules = RobotsTxt.ALLOW_ALL;
            } else {
                rules = RobotsTxt.DISALLOW_ALL;
            }
        } catch (PageFailure e) {
            rules = RobotsTxt.DISALLOW_ALL;
        }
        if (rules.crawlDelay() != null) {
            h.delayNanos = Math.max(h.delayNanos, rules.crawlDelay().toNanos());
        }
        return rules;
    }

    private void closeOutput() {
        if (output != null) {
            try {
                output.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the output file", e);
            }
        }
    }
}
