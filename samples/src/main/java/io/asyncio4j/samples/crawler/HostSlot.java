package io.asyncio4j.samples.crawler;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * One host's slot, as in Scrapy's downloader: the host's waiting work, how many requests it has in
 * flight and may have ({@link #concurrency}), the politeness pause between two request starts
 * ({@link #delayNanos}), and its robots.txt. Until robots.txt is read, the request for it is the only
 * one the host takes. Confined to the crawl's loop; the {@link Scheduler} decides when a step starts.
 */
final class HostSlot {
    /** Timers fire with about a millisecond's precision: a start due within it is due now. */
    static final long SLACK_NANOS = 1_000_000;
    private static final Comparator<Step> BY_TIME = Comparator.comparingLong(s -> s.notBefore);

    final String origin;
    /** Pages not started yet, in the frontier's order (a job, not yet a step: a frontier may hold a million). */
    final ArrayDeque<Frontier.Job> fresh = new ArrayDeque<>();
    /** Pages started elsewhere and due now: a redirect's next hop. */
    final ArrayDeque<Step> resumed = new ArrayDeque<>();
    /** Retries waiting for their pause to end, soonest first. */
    @Nullable PriorityQueue<Step> later;

    /** Requests in flight. */
    int active;
    /** Requests in flight at most. */
    int concurrency;
    /** The pause between two request starts, and the least of it ({@code --delay}, robots.txt's Crawl-delay). */
    long delayNanos;
    long baseDelayNanos;
    /** When the next request may start (System.nanoTime). */
    long nextStart;
    /** The rules; null until robots.txt is read. */
    @Nullable RobotsTxt robots;
    /** While the rules are unknown: the request for robots.txt, and whether it is in flight. */
    @Nullable Step robotsStep;
    boolean robotsInFlight;

    /** Adapts {@link #concurrency} and {@link #delayNanos} ({@code --auto-throttle}), or null. */
    @Nullable AutoThrottle throttle;

    /** The scheduler's marks: in its ready ring; when a wake-up is due for it (MAX_VALUE: none). */
    boolean inReady;
    long wakeAt = Long.MAX_VALUE;

    HostSlot(String origin, int concurrency, long delayNanos) {
        this.origin = origin;
        this.concurrency = concurrency;
        this.delayNanos = delayNanos;
        this.baseDelayNanos = delayNanos;
    }

    /** Takes the throttle's new limits; a pause it asks for ({@code Retry-After}) holds every request of the host. */
    void throttled(long pauseNanos, long now) {
        AutoThrottle t = java.util.Objects.requireNonNull(throttle);
        concurrency = t.concurrency();
        delayNanos = Math.max(baseDelayNanos, t.delayNanos());
        if (pauseNanos > 0) {
            nextStart = Math.max(nextStart, now + pauseNanos);
        }
    }

    /**
     * @return when this host can start its next step: at or before {@code now} if it can now; later
     *         if a pause runs; {@code Long.MAX_VALUE} if it waits for a request to end or has no work
     */
    long readyAt(long now) {
        if (active >= concurrency) {
            return Long.MAX_VALUE;
        }
        long first;
        if (robots == null) {
            if (robotsStep == null || robotsInFlight) {
                return Long.MAX_VALUE;
            }
            first = robotsStep.notBefore;
        } else if (!resumed.isEmpty() || !fresh.isEmpty()) {
            first = now;
        } else if (later != null && !later.isEmpty()) {
            first = later.peek().notBefore;
        } else {
            return Long.MAX_VALUE;
        }
        return Math.max(first, nextStart);
    }

    /** Takes the step to start now (the caller checked {@link #readyAt}): robots.txt first, then due retries, redirects, new pages. */
    @Nullable Step take(long now) {
        if (robots == null) {
            robotsInFlight = true;
            return robotsStep;
        }
        if (later != null && !later.isEmpty() && later.peek().notBefore <= now + SLACK_NANOS) {
            return later.poll();
        }
        Step s = resumed.poll();
        if (s != null) {
            return s;
        }
        Frontier.Job job = fresh.poll();
        return job == null ? null : Step.page(job, origin);
    }

    /** Queues a page's or a sitemap's next request: now, or after its pause. */
    void put(Step s, long now) {
        if (s.notBefore > now + SLACK_NANOS) {
            if (later == null) {
                later = new PriorityQueue<>(BY_TIME);
            }
            later.add(s);
        } else {
            resumed.add(s);
        }
    }

    /** @return steps waiting here */
    int waiting() {
        return fresh.size() + resumed.size() + (later == null ? 0 : later.size()) + (robotsStep != null && !robotsInFlight ? 1 : 0);
    }
}
