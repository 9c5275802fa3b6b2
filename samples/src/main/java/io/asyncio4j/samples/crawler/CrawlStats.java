package io.asyncio4j.samples.crawler;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a crawl, read by the progress bar from its own thread while the workers update
 * them, and turned into a {@link CrawlSummary} at the end.
 */
final class CrawlStats {
    private final long startNanos = System.nanoTime();
    final LongAdder ok = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final AtomicLong queued = new AtomicLong();
    /** Pages recorded from a URL handed out again (a cluster's node died or stalled holding it): maybe recorded twice. */
    final LongAdder handedOutAgain = new LongAdder();
    private final Map<String, LongAdder> causes = new ConcurrentHashMap<>();
    private long[] latencies = new long[1024];
    private int count;

    /**
     * @param handedOutAgain whether the page's URL was handed out again by a cluster's frontier (its
     *        earlier holder may have recorded it too)
     */
    void record(PageResult page, boolean handedOutAgain) {
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

    long done() {
        return ok.sum() + failed.sum() + refused.sum();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    CrawlSummary summary(boolean interrupted, long resumed) {
        long[] lat;
        synchronized (this) {
            lat = Arrays.copyOf(latencies, count);
        }
        Arrays.sort(lat);
        Map<String, Long> byCause = new TreeMap<>();
        causes.forEach((k, v) -> byCause.put(k, v.sum()));
        double secs = elapsedSeconds();
        return new CrawlSummary(ok.sum(), failed.sum(), refused.sum(), byCause, retries.sum(), bytes.sum(), secs,
                secs > 0 ? done() / secs : 0, percentile(lat, 50), percentile(lat, 95), percentile(lat, 99),
                interrupted, resumed, handedOutAgain.sum());
    }

    /**
     * This node's counters as JSON, for the cluster's stats map ({@link ClusterStats}); the latencies
     * only in the final report.
     */
    io.vertx.core.json.JsonObject toJson(boolean withLatencies) {
        io.vertx.core.json.JsonObject byCause = new io.vertx.core.json.JsonObject();
        causes.forEach((k, v) -> byCause.put(k, v.sum()));
        io.vertx.core.json.JsonObject o = new io.vertx.core.json.JsonObject().put("ok", ok.sum()).put("failed", failed.sum())
                .put("refused", refused.sum()).put("retries", retries.sum()).put("bytes", bytes.sum()).put("causes", byCause)
                .put("again", handedOutAgain.sum());
        if (withLatencies) {
            long[] lat;
            synchronized (this) {
                lat = Arrays.copyOf(latencies, count);
            }
            io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
            for (long l : lat) {
                a.add(l);
            }
            o.put("latencies", a);
        }
        return o;
    }

    /** The summary of a cluster's crawl from its nodes' {@link #toJson} reports. */
    static CrawlSummary merge(java.util.Collection<io.vertx.core.json.JsonObject> nodes, double seconds, boolean interrupted) {
        long okSum = 0;
        long failedSum = 0;
        long refusedSum = 0;
        long retriesSum = 0;
        long bytesSum = 0;
        long againSum = 0;
        Map<String, Long> byCause = new TreeMap<>();
        java.util.List<Long> lat = new java.util.ArrayList<>();
        for (io.vertx.core.json.JsonObject n : nodes) {
            okSum += n.getLong("ok", 0L);
            failedSum += n.getLong("failed", 0L);
            refusedSum += n.getLong("refused", 0L);
            retriesSum += n.getLong("retries", 0L);
            bytesSum += n.getLong("bytes", 0L);
            againSum += n.getLong("again", 0L);
            n.getJsonObject("causes", new io.vertx.core.json.JsonObject()).forEach(e -> byCause.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum));
            n.getJsonArray("latencies", new io.vertx.core.json.JsonArray()).forEach(v -> lat.add(((Number) v).longValue()));
        }
        long[] sorted = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        long pages = okSum + failedSum + refusedSum;
        return new CrawlSummary(okSum, failedSum, refusedSum, byCause, retriesSum, bytesSum, seconds, seconds > 0 ? pages / seconds : 0,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), interrupted, 0, againSum);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
