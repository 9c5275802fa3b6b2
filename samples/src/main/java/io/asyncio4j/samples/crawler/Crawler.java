package io.asyncio4j.samples.crawler;

import io.asyncio4j.Async;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent web crawler written with asyncio4j, to embed in a program or run with
 * {@code java -jar asyncio4j-samples.jar crawl}.
 *
 * <p>How it works, in asyncio's and Scrapy's words: the {@link Frontier} knows which URLs were seen
 * and hands every new one to the {@link Scheduler}, which keeps a slot per host ({@link HostSlot}:
 * the host's waiting pages, its requests in flight up to {@code perHost}, the politeness pause
 * between two of its requests, its robots.txt). N worker tasks in a {@link TaskGroup} each take the
 * next step of whichever host can start a request now, make that one request, and put the page back
 * in a slot if it needs another (a retry after its pause, a redirect's next hop): so at most N
 * requests are in flight, no worker waits for a busy or slow host while another host has work, and
 * a retry's pause holds no worker. Every request runs under {@link Async#waitFor} (the per-request
 * timeout, cut short by the page's own deadline). All workers run on one event loop, so the crawl's
 * state is plain collections without locks.
 *
 * <p>Every URL the frontier hands out becomes exactly one {@link PageResult} — written to the
 * output file and given to the {@link PageHandler} — whatever happens to it: an HTTP error, a
 * timeout, a redirect loop, a refusal by robots.txt. A page in flight when the crawl is cancelled is
 * not recorded (it is fetched again by {@code --resume}). A robots.txt that cannot be read (the host
 * is down, it answers 5xx) is not a refusal: the host is crawled as if it had none, as Scrapy does,
 * and the summary names it.
 *
 * {@snippet :
 * CrawlConfig config = CrawlConfig.builder().startUrl("http://127.0.0.1:8080/").maxPages(500).build();
 * CrawlSummary summary = new Crawler(config, page -> System.out.println(page.url())).crawl();
 * System.out.println(summary.toText());
 * }
 */
public final class Crawler {
    /** robots.txt read at most (Google reads 500 KiB). */
    private static final long ROBOTS_CAP = 512 * 1024;
    /** Redirects of robots.txt or of a sitemap followed at most (as Google does for robots.txt). */
    private static final int ROBOTS_REDIRECTS = 5;
    /** Sitemaps read at most in one crawl, index files included, and how deep index files may nest. */
    private static final int MAX_SITEMAPS = 1000;
    private static final int MAX_SITEMAP_NESTING = 2;

    private final CrawlConfig config;
    private final @Nullable PageHandler handler;
    private final CrawlStats stats = new CrawlStats();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final @Nullable Frontier givenFrontier;
    private volatile @Nullable Task<?> mainTask;
    private volatile boolean cancelRequested;

    // Confined to the crawl's event loop: only its tasks touch these, one at a time.
    private volatile @Nullable Frontier frontier;
    private @Nullable Scheduler scheduler;
    private @Nullable HttpFetcher fetcher;
    private @Nullable JsonLinesOutput output;
    /** Sitemaps queued (their URLs), those not read yet, and who waits for none to be left. */
    private final java.util.Set<String> sitemapsQueued = new java.util.HashSet<>();
    private int sitemapsPending;
    private @Nullable CompletableFuture<Void> sitemapsDone;

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
        if (frontier != null && config.sitemaps()) {
            throw new IllegalArgumentException("sitemaps are read by this JVM's own frontier only (a cluster's node would "
                    + "queue their pages after the cluster's crawl may have ended)");
        }
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
            throw new IoFailures.FileFailure("cannot open the output file " + config.output(), e);
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
     * @param queued waiting in the frontier or in flight
     * @param pagesPerSecond records per second so far
     */
    public record Progress(long done, long ok, long failed, long queued, double pagesPerSecond) {}

    // ------------------------------------------------------------------ the crawl's main task

    private Void run(List<PageResult> earlier) {
        mainTask = Async.currentTask();
        if (cancelRequested) {
            throw new CancellationException("crawl cancelled before it started");
        }
        try (TaskGroup tg = TaskGroup.open()) {
            Scheduler s = new Scheduler(Async.getRunningLoop(), this::newHost, this::flushOutput);
            scheduler = s;
            Frontier f = givenFrontier != null ? givenFrontier : localFrontier(earlier);
            f.open(s::add, tg);
            frontier = f;
            for (URI start : config.startUrls()) {
                f.schedule(start.toString(), 0, null);
            }
            for (PageResult p : earlier) {
                for (String link : p.outlinks()) {
                    URI u = Urls.normalize(null, link);
                    if (u != null) {
                        f.schedule(u.toString(), p.depth() + 1, null);
                    }
                }
            }
            if (config.sitemaps() && !config.obeyRobots()) {
                for (URI start : config.startUrls()) {
                    queueSitemap(Urls.origin(start) + "/sitemap.xml", 0);
                }
            }
            for (int i = 0; i < config.concurrency(); i++) {
                tg.createTask("crawl-worker-" + i, this::worker);
            }
            while (true) {
                f.finish(); // every URL ever queued (on every node) has been recorded
                if (sitemapsPending == 0) {
                    break;
                }
                sitemapsDone = new CompletableFuture<>(); // a sitemap still being read may queue more
                Async.await(sitemapsDone);
            }
            s.close(); // the idle workers leave
        }
        return null;
    }

    private LocalFrontier localFrontier(List<PageResult> earlier) {
        LocalFrontier local = new LocalFrontier(config.maxPages(), earlier.size());
        for (PageResult p : earlier) {
            local.markRecorded(p.url());
            if (!isRedirect(p.status())) {
                local.markRecorded(p.finalUrl()); // fetched under this record (a redirect to a page seen earlier was not)
            }
        }
        return local;
    }

    /** A host's slot, the first time one of its URLs comes: the limits, and robots.txt to read first. */
    private HostSlot newHost(String origin) {
        HostSlot h = new HostSlot(origin, config.perHost(), config.delay().toNanos());
        if (config.autoThrottle()) {
            h.throttle = new AutoThrottle(config.perHost(), config.maxBackoff());
            h.throttled(0, System.nanoTime());
        }
        if (config.obeyRobots()) {
            h.robotsStep = Step.robots(origin);
        } else {
            h.robots = RobotsTxt.ALLOW_ALL;
        }
        return h;
    }

    /** Whether a link found at {@code depth - 1} is one to follow: depth, scope, patterns. */
    private boolean follows(String url, int depth) {
        return depth <= config.maxDepth() && config.hostInScope(Urls.host(url)) && config.patternsAllow(url);
    }

    private Void worker() {
        Scheduler s = Objects.requireNonNull(scheduler);
        Step step;
        while ((step = s.next()) != null) {
            switch (step.kind) {
                case PAGE -> page(step);
                case ROBOTS -> robots(step);
                case SITEMAP -> sitemap(step);
            }
        }
        return null; // the crawl is over
    }

    private void record(Step s, PageResult page) {
        Frontier f = Objects.requireNonNull(frontier);
        Frontier.Job job = Objects.requireNonNull(s.job);
        if (output != null) {
            output.write(page);
            if (f.writeBeforeDone()) {
                output.flush();
            }
        }
        stats.record(page, f.handedOutAgain(job));
        if (handler != null) {
            try {
                handler.onPage(page);
            } catch (RuntimeException e) {
                System.err.println("page handler failed on " + page.url() + ": " + e);
            }
        }
        f.done(job);
    }

    // ------------------------------------------------------------------ one page, one request at a time

    private void page(Step s) {
        if (s.refused) {
            record(s, failure(s, s.url, "robots: disallowed by " + Urls.origin(s.url) + "/robots.txt"));
            return;
        }
        FetchResponse r;
        try {
            r = request(s, config.maxBodyBytes());
        } catch (FetchFailure f) {
            if (!f.retryable() || !retryLater(s, null)) {
                record(s, failure(s, s.url, f.getMessage()));
            }
            return;
        } catch (CancellationException e) {
            throw e; // the crawl's end
        } catch (RuntimeException | StackOverflowError e) {
            // anything unforeseen is a record, never a crash
            record(s, failure(s, s.url, "error: " + FetchFailure.hostOf(s.url) + ": " + FetchFailure.describe(e)));
            return;
        }
        if (Retries.worthRetrying(r.status()) && retryLater(s, r.retryAfter())) {
            return;
        }
        if (isRedirect(r.status()) && r.location() != null) {
            redirect(s, r);
            return;
        }
        PageResult page;
        try {
            page = pageRecord(s, r);
        } catch (RuntimeException | StackOverflowError e) {
            // a page that breaks the parser is a record, never a crash
            record(s, failure(s, s.url, "error: " + FetchFailure.hostOf(s.url) + ": " + FetchFailure.describe(e)));
            return;
        }
        // Not caught: a frontier that cannot queue the links (a cluster's map out of reach) must not see
        // the page done, or its links, marked seen, would be lost; the crawl fails and the job stays not done.
        Objects.requireNonNull(frontier).scheduleAll(page.outlinks(), page.depth() + 1, s.job);
        record(s, page);
    }

    /**
     * One request of a step, in the slot the scheduler gave it (released when the request ends),
     * under the per-request timeout cut to what is left of the page's deadline.
     *
     * @throws FetchFailure if no answer came (a network error, a timeout, the deadline)
     */
    private FetchResponse request(Step s, long cap) {
        HostSlot slot = Objects.requireNonNull(s.slot);
        try {
            long now = System.nanoTime();
            if (s.started == 0) {
                s.started = now;
                s.deadline = now + config.pageDeadline().toNanos();
            }
            long left = s.deadline - now;
            if (left <= 0) {
                throw FetchFailure.deadline(s.url, config.pageDeadline().toMillis());
            }
            long timeout = Math.min(config.timeout().toNanos(), left);
            s.attempts++;
            FetchResponse r;
            try {
                HttpFetcher f = Objects.requireNonNull(fetcher);
                r = Async.await(Async.waitFor(f.get(s.url, config.userAgent(), cap), Duration.ofNanos(timeout)));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                if (timeout < config.timeout().toNanos() && Retries.unwrap(e) instanceof java.util.concurrent.TimeoutException) {
                    throw FetchFailure.deadline(s.url, config.pageDeadline().toMillis());
                }
                FetchFailure failure = FetchFailure.of(Retries.unwrap(e), s.url, config.timeout().toMillis());
                if (slot.throttle != null && failure.overload()) {
                    slot.throttled(slot.throttle.onOverload(null), System.nanoTime());
                }
                throw failure;
            }
            if (slot.throttle != null) {
                long end = System.nanoTime();
                if (r.status() == 429 || r.status() == 503) {
                    slot.throttled(slot.throttle.onOverload(Retries.retryAfter(r.retryAfter())), end);
                } else {
                    slot.throttle.onAnswer(end - now);
                    slot.throttled(0, end);
                }
            }
            s.status = r.status();
            s.contentType = r.contentType();
            s.bytes += r.body().length;
            return r;
        } finally {
            Objects.requireNonNull(scheduler).release(slot);
        }
    }

    /**
     * Puts a step back in its slot for another try after a pause: the server's Retry-After, else
     * exponential backoff with jitter.
     *
     * @return false if it gets none: no retry left, a Retry-After longer than the longest backoff,
     *         or a pause that would end after the page's deadline (then the step is recorded here)
     */
    private boolean retryLater(Step s, @Nullable String retryAfter) {
        if (s.retries >= config.retries()) {
            return false;
        }
        Duration after = Retries.retryAfter(retryAfter);
        if (after != null && after.compareTo(config.maxBackoff()) > 0) {
            return false; // the server asks for a longer pause than we are willing to make
        }
        Duration pause = after != null ? after : Retries.backoff(config.backoff(), config.maxBackoff(), s.retries);
        long at = System.nanoTime() + pause.toNanos();
        if (at >= s.deadline) {
            if (s.kind == Step.Kind.PAGE) {
                record(s, failure(s, s.url, FetchFailure.deadline(s.url, config.pageDeadline().toMillis()).getMessage()));
            }
            return s.kind == Step.Kind.PAGE;
        }
        s.retries++;
        s.notBefore = at;
        Objects.requireNonNull(scheduler).putBack(s);
        return true;
    }

    private void redirect(Step s, FetchResponse r) {
        URI next = Urls.normalize(s.url, Objects.requireNonNull(r.location()));
        if (next == null) {
            record(s, failure(s, s.url, "redirect: " + FetchFailure.hostOf(s.url) + " redirected to a URL that is not http(s): "
                    + r.location()));
            return;
        }
        if (!s.redirectTo(next)) {
            record(s, failure(s, next, "redirect-loop: back to " + next));
            return;
        }
        if (s.hops > config.maxRedirects()) {
            record(s, failure(s, next, "too-many-redirects: more than " + config.maxRedirects()));
            return;
        }
        Frontier.Job job = Objects.requireNonNull(s.job);
        if (!Objects.requireNonNull(frontier).markSeen(next.toString(), job)) {
            // already queued or recorded under its own name: fetching it again would duplicate it
            record(s, new PageResult(job.url(), next.toString(), r.status(), r.contentType(), null, 0, s.bytes,
                    millisSince(s.started), job.depth(), s.attempts, null, false, List.of()));
            return;
        }
        Objects.requireNonNull(scheduler).putBack(s); // the next hop, in its host's slot
    }

    private PageResult failure(Step s, URI at, @Nullable String error) {
        Frontier.Job job = Objects.requireNonNull(s.job);
        return new PageResult(job.url(), at.toString(), s.status, s.contentType, null, 0, s.bytes,
                s.started == 0 ? 0 : millisSince(s.started), job.depth(), s.attempts, error, false, List.of());
    }

    /** The page's record: its title and links read, the links to follow chosen (not queued yet). */
    private PageResult pageRecord(Step s, FetchResponse resp) {
        Frontier.Job job = Objects.requireNonNull(s.job);
        int status = resp.status();
        String error = status >= 200 && status < 300 ? null : FetchFailure.httpError(status, s.url);
        String title = null;
        int links = 0;
        List<String> outlinks = new ArrayList<>();
        String canonical = null;
        String metaRobots = null;
        if (error == null && HtmlPage.isHtml(resp.contentType(), resp.body())) {
            HtmlPage page = HtmlPage.parse(resp.body(), resp.contentType(), s.url);
            title = page.title();
            links = page.links().size();
            canonical = page.canonical();
            metaRobots = page.metaRobots();
            if (!(config.obeyRobots() && page.nofollow())) {
                for (String link : page.links()) {
                    if (follows(link, job.depth() + 1)) {
                        outlinks.add(link);
                    }
                }
            }
        }
        return new PageResult(job.url(), s.url.toString(), status, resp.contentType(), title, links, s.bytes,
                millisSince(s.started), job.depth(), s.attempts, error, resp.truncated(), outlinks, canonical, metaRobots);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    // ------------------------------------------------------------------ robots.txt

    /**
     * Reads a host's robots.txt, as Google's rules say and Scrapy does: 2xx gives the rules; a
     * redirect is followed (5 at most, then no rules); 4xx means no rules; 429, 5xx and network
     * errors are retried like a page, and a file still unreadable after that is not a refusal
     * either: the host is crawled as if it had no robots.txt (a one-off crawl cannot wait the day
     * Google would), and the summary names it.
     */
    private void robots(Step s) {
        HostSlot h = Objects.requireNonNull(s.slot);
        Scheduler sched = Objects.requireNonNull(scheduler);
        FetchResponse r;
        try {
            r = request(s, ROBOTS_CAP);
        } catch (FetchFailure f) {
            if (!f.retryable() || !retryLater(s, null)) {
                unreadable(h, f.getMessage());
            }
            return;
        }
        int status = r.status();
        if (status >= 200 && status < 300) {
            read(h, RobotsTxt.parse(new String(r.body(), StandardCharsets.UTF_8), config.userAgent()));
        } else if (isRedirect(status) && r.location() != null && s.hops < ROBOTS_REDIRECTS) {
            URI next = Urls.normalize(s.url, r.location());
            if (next == null || !s.redirectTo(next)) {
                read(h, RobotsTxt.ALLOW_ALL);
            } else {
                sched.putBack(s); // the next hop, still in this host's slot
            }
        } else if (status == 429 || status >= 500) {
            if (!retryLater(s, r.retryAfter())) {
                unreadable(h, FetchFailure.httpError(status, s.url));
            }
        } else {
            read(h, RobotsTxt.ALLOW_ALL); // 4xx: none; a redirect too long or not followed: none either
        }
    }

    private void unreadable(HostSlot h, @Nullable String why) {
        stats.robotsUnreadable(h.origin, String.valueOf(why));
        read(h, RobotsTxt.ALLOW_ALL);
    }

    /** A host's rules are known: its pages may start; a start host's sitemaps are queued ({@code --sitemaps}). */
    private void read(HostSlot h, RobotsTxt rules) {
        Objects.requireNonNull(scheduler).robotsRead(h, rules);
        if (config.sitemaps() && isStartHost(h.origin)) {
            if (rules.sitemaps().isEmpty()) {
                queueSitemap(h.origin + "/sitemap.xml", 0);
            }
            for (String url : rules.sitemaps()) {
                queueSitemap(url, 0);
            }
        }
    }

    private boolean isStartHost(String origin) {
        for (URI start : config.startUrls()) {
            if (Urls.origin(start).equals(origin)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ sitemaps

    /** Queues a sitemap in its host's slot, once, within the limits. */
    private void queueSitemap(String url, int nesting) {
        URI u = Urls.normalize(null, url);
        if (u == null || nesting > MAX_SITEMAP_NESTING || sitemapsQueued.size() >= MAX_SITEMAPS || !sitemapsQueued.add(u.toString())) {
            return;
        }
        sitemapsPending++;
        Objects.requireNonNull(scheduler).putBack(Step.sitemap(u, nesting));
    }

    /**
     * Reads a sitemap (a request in its host's slot, retried and redirected as a page's) and queues
     * the pages it lists that are in scope, at depth 0 (they are entry points, as start URLs are),
     * and the sitemaps an index lists.
     */
    private void sitemap(Step s) {
        FetchResponse r;
        try {
            r = request(s, Sitemap.MAX_BYTES);
        } catch (FetchFailure f) {
            if (!f.retryable() || !retryLater(s, null)) {
                sitemapDone(s, 0, f.getMessage());
            }
            return;
        }
        if (Retries.worthRetrying(r.status()) && retryLater(s, r.retryAfter())) {
            return;
        }
        if (isRedirect(r.status()) && r.location() != null && s.hops < ROBOTS_REDIRECTS) {
            URI next = Urls.normalize(s.url, r.location());
            if (next != null && s.redirectTo(next)) {
                Objects.requireNonNull(scheduler).putBack(s);
                return;
            }
        }
        if (r.status() < 200 || r.status() >= 300) {
            sitemapDone(s, 0, FetchFailure.httpError(r.status(), s.url));
            return;
        }
        Sitemap map = Sitemap.read(r.body());
        Frontier f = Objects.requireNonNull(frontier);
        long queued = 0;
        for (String loc : map.pages()) {
            URI u = Urls.normalize(null, loc);
            if (u != null && follows(u.toString(), 0) && f.schedule(u.toString(), 0, null)) {
                queued++;
            }
        }
        for (String child : map.sitemaps()) {
            queueSitemap(child, s.nesting + 1);
        }
        sitemapDone(s, queued, map.error() != null ? map.error() : r.truncated() ? "cut at " + Sitemap.MAX_BYTES + " bytes" : null);
    }

    private void sitemapDone(Step s, long queued, @Nullable String error) {
        stats.sitemapRead(s.url.toString(), queued, error);
        if (--sitemapsPending == 0 && sitemapsDone != null) {
            CompletableFuture<Void> d = sitemapsDone;
            sitemapsDone = null;
            d.complete(null);
        }
    }

    // ------------------------------------------------------------------ output

    private void flushOutput() {
        if (output != null) {
            output.flush();
        }
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
