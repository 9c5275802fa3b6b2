package io.asyncio4j.samples.crawler;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a crawl did, printed at its end (also after Ctrl-C).
 *
 * @param ok pages recorded without error
 * @param failed pages recorded with an error
 * @param refused pages not fetched because robots.txt disallows them (recorded, so resume skips them)
 * @param failuresByCause failed pages per cause ({@code "http 404"}, {@code "timeout"}, ...)
 * @param retries requests beyond the first per page (retries and redirects)
 * @param bytes body bytes read
 * @param seconds the crawl's wall-clock time
 * @param pagesPerSecond records per second
 * @param p50Ms median page latency
 * @param p95Ms 95th percentile page latency
 * @param p99Ms 99th percentile page latency
 * @param interrupted whether the crawl was cancelled before it finished
 * @param resumed records taken over from an earlier run's output
 * @param handedOutAgain pages recorded from URLs a cluster's frontier handed out again (their earlier
 *        holder died or stalled past its lease): each may have been recorded by that holder too, so
 *        {@link #pages()} may count it twice ({@code crawl --merge} keeps one record); 0 in one JVM
 * @param robotsUnreadable the hosts (origins) whose robots.txt could not be read, with why: they were
 *        crawled as if they had none (as Scrapy does; a refusal would make an unreachable host look
 *        like one that forbids crawling)
 * @param sitemapsRead sitemaps read ({@link CrawlConfig#sitemaps()}), index files included
 * @param sitemapPages pages the sitemaps listed that were queued (new, in scope)
 * @param sitemapErrors the sitemaps that could not be read (whole), with why
 */
public record CrawlSummary(long ok, long failed, long refused, Map<String, Long> failuresByCause, long retries, long bytes,
        double seconds, double pagesPerSecond, long p50Ms, long p95Ms, long p99Ms, boolean interrupted, long resumed,
        long handedOutAgain, Map<String, String> robotsUnreadable, int sitemapsRead, long sitemapPages,
        Map<String, String> sitemapErrors) {

    /** Copies the maps. */
    public CrawlSummary {
        failuresByCause = Map.copyOf(failuresByCause);
        robotsUnreadable = Map.copyOf(robotsUnreadable);
        sitemapErrors = Map.copyOf(sitemapErrors);
    }

    /** A summary in which every robots.txt was read and no sitemap. */
    public CrawlSummary(long ok, long failed, long refused, Map<String, Long> failuresByCause, long retries, long bytes,
            double seconds, double pagesPerSecond, long p50Ms, long p95Ms, long p99Ms, boolean interrupted, long resumed,
            long handedOutAgain) {
        this(ok, failed, refused, failuresByCause, retries, bytes, seconds, pagesPerSecond, p50Ms, p95Ms, p99Ms, interrupted,
                resumed, handedOutAgain, Map.of(), 0, 0, Map.of());
    }

    /**
     * A summary from counters and the pages' latencies (in any order; the percentiles are taken here).
     *
     * @return the summary, with pages per second over {@code seconds}
     */
    public static CrawlSummary of(long ok, long failed, long refused, Map<String, Long> failuresByCause, long retries,
            long bytes, double seconds, long[] latenciesMs, boolean interrupted, long resumed, long handedOutAgain,
            Map<String, String> robotsUnreadable, int sitemapsRead, long sitemapPages, Map<String, String> sitemapErrors) {
        long[] sorted = latenciesMs.clone();
        java.util.Arrays.sort(sorted);
        long pages = ok + failed + refused;
        return new CrawlSummary(ok, failed, refused, failuresByCause, retries, bytes, seconds, seconds > 0 ? pages / seconds : 0,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), interrupted, resumed, handedOutAgain,
                robotsUnreadable, sitemapsRead, sitemapPages, sitemapErrors);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** @return pages recorded in this run */
    public long pages() {
        return ok + failed + refused;
    }

    /** @return the summary as a few lines of text */
    public String toText() {
        String causes = failuresByCause.isEmpty() ? "none" : failuresByCause.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format(java.util.Locale.ROOT,
                "crawl %s: %d pages in %.2f s (%.0f pages/s)%s%n"
                        + "  ok %d, failed %d (%s), refused by robots.txt %d%n"
                        + "  retries and redirects %d, %.1f MiB read%n"
                        + "  latency p50 %d ms, p95 %d ms, p99 %d ms%s",
                interrupted ? "INTERRUPTED" : "finished", pages(), seconds, pagesPerSecond,
                resumed > 0 ? ", " + resumed + " more from the earlier run" : "",
                ok, failed, causes, refused, retries, bytes / 1048576.0, p50Ms, p95Ms, p99Ms,
                handedOutAgain > 0 ? String.format(java.util.Locale.ROOT, "%n  %d pages recorded (%d of them from URLs handed out "
                        + "again after a node failed or stalled: they may be recorded twice; crawl --merge keeps one)",
                        pages(), handedOutAgain) : "") + robotsNote() + sitemapsNote();
    }

    private String robotsNote() {
        if (robotsUnreadable.isEmpty()) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "%n  robots.txt unreadable on %d host(s), crawled as if it had none: %s",
                robotsUnreadable.size(), some(robotsUnreadable));
    }

    private String sitemapsNote() {
        if (sitemapsRead == 0 && sitemapErrors.isEmpty()) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "%n  sitemaps: %d fetched, %d pages queued from them%s", sitemapsRead, sitemapPages,
                sitemapErrors.isEmpty() ? "" : "; unreadable: " + some(sitemapErrors));
    }

    /** The first three entries, "key (value)", and how many more. */
    private static String some(Map<String, String> m) {
        String first = m.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(3)
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        return m.size() > 3 ? first + " and " + (m.size() - 3) + " more" : first;
    }
}
