package io.asyncio4j.samples.crawler;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a crawl, read by the progress bar (or a cluster's node, to publish them) from its
 * own thread while the workers update them, and turned into a {@link CrawlSummary} at the end.
 */
public final class CrawlStats {
    private final long startNanos = System.nanoTime();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    /** Pages recorded from a URL handed out again (a cluster's node died or stalled holding it): maybe recorded twice. */
    private final LongAdder handedOutAgain = new LongAdder();
    private final Map<String, LongAdder> causes = new ConcurrentHashMap<>();
    private final Map<String, String> robotsUnreadable = new ConcurrentHashMap<>();
    private final Map<String, String> sitemapErrors = new ConcurrentHashMap<>();
    private final LongAdder sitemapsRead = new LongAdder();
    private final LongAdder sitemapPages = new LongAdder();
    private long[] latencies = new long[1024];
    private int count;

    /** Counters at zero; the crawl's clock starts now. */
    public CrawlStats() {}

    /**
     * Counts one record.
     *
     * @param page the record
     * @param handedOutAgain whether the page's URL was handed out again by a cluster's frontier (its
     *        earlier holder may have recorded it too)
     */
    public void record(PageResult page, boolean handedOutAgain) {
        if (handedOutAgain) {
            this.handedOutAgain.increment();
        }
        if (page.ok()) {
            ok.increment();
        } else if ("robots".equals(page.cause())) {
            refused.increment(); // not a failure: we chose not to fetch it
        } else {
            failed.increment();
            causes.computeIfAbsent(page.cause(), c -> new LongAdder()).increment();
        }
        bytes.add(page.bytes());
        retries.add(Math.max(0, page.attempts() - 1));
        synchronized (this) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = page.latencyMs();
        }
    }

    /** Notes a host whose robots.txt could not be read (it is crawled as if it had none). */
    void robotsUnreadable(String origin, String why) {
        robotsUnreadable.put(origin, why);
    }

    /**
     * Notes a sitemap read.
     *
     * @param pagesQueued the pages it listed that were queued
     * @param error why it could not be read whole, or null
     */
    void sitemapRead(String url, long pagesQueued, @org.jspecify.annotations.Nullable String error) {
        sitemapsRead.increment();
        sitemapPages.add(pagesQueued);
        if (error != null) {
            sitemapErrors.put(url, error);
        }
    }

    /** @return pages recorded without error */
    public long ok() {
        return ok.sum();
    }

    /** @return pages recorded with an error */
    public long failed() {
        return failed.sum();
    }

    /** @return pages refused by robots.txt */
    public long refused() {
        return refused.sum();
    }

    /** @return requests beyond the first per page */
    public long retries() {
        return retries.sum();
    }

    /** @return body bytes read */
    public long bytes() {
        return bytes.sum();
    }

    /** @return pages recorded from URLs handed out again */
    public long handedOutAgain() {
        return handedOutAgain.sum();
    }

    /** @return failed pages per cause, a copy */
    public Map<String, Long> failuresByCause() {
        Map<String, Long> byCause = new TreeMap<>();
        causes.forEach((k, v) -> byCause.put(k, v.sum()));
        return byCause;
    }

    /** @return every recorded page's latency in ms, in the order recorded, a copy */
    public synchronized long[] latencies() {
        return Arrays.copyOf(latencies, count);
    }

    /** @return pages recorded */
    public long done() {
        return ok.sum() + failed.sum() + refused.sum();
    }

    /** @return seconds since these counters were made */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    CrawlSummary summary(boolean interrupted, long resumed) {
        return CrawlSummary.of(ok(), failed(), refused(), failuresByCause(), retries(), bytes(), elapsedSeconds(), latencies(),
                interrupted, resumed, handedOutAgain(), robotsUnreadable, sitemapsRead.intValue(), sitemapPages.sum(), sitemapErrors);
    }
}
