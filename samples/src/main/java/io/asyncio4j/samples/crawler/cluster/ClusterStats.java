package io.asyncio4j.samples.crawler.cluster;

import io.asyncio4j.samples.crawler.CrawlStats;
import io.asyncio4j.samples.crawler.CrawlSummary;
import io.asyncio4j.samples.crawler.Crawler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole cluster's counters for the progress bar and the summary: every node puts its own
 * counters in a cluster map twice a second, stamped with the time, and reads everyone's; at the end
 * each node puts its final report (latencies included) and waits, a bounded time, until every node's
 * report is final or stale (a node that died: its last counters stay in the sum). Pages crawled twice
 * (in flight on a node that died) are counted twice here, once in the merged output; the summary says
 * how many pages came from URLs handed out again ({@link CrawlSummary#handedOutAgain()}).
 */
final class ClusterStats implements AutoCloseable {
    private static final long PUBLISH_MS = 500;
    /** A report older than this is a dead node's (the nodes' clocks should agree within it). */
    private static final long STALE_MS = 8_000;

    private final Vertx vertx;
    private final AsyncMap<String, String> map;
    private final String nodeName;
    private final CrawlStats local;
    private final ClusterFrontier frontier;
    private final long staleMs;
    private final long timer;
    private final Object lock = new Object();
    /** Set once the final report is due (or closed): no periodic report is put after it. Guarded by lock. */
    private boolean stopped;
    /** The last periodic put; guarded by lock. */
    private Future<Void> pending = Future.succeededFuture();
    private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();
    /**
     * When this node's crawl began, by its clock: the cluster's crawl runs from the earliest node's
     * start, so a node that joined late shows the cluster's rate and time, not its own.
     */
    private final long startedAtMs;

    private ClusterStats(Vertx vertx, AsyncMap<String, String> map, String nodeName, CrawlStats local, ClusterFrontier frontier,
            long publishMs, long staleMs) {
        this.vertx = vertx;
        this.map = map;
        this.nodeName = nodeName;
        this.local = local;
        this.frontier = frontier;
        this.staleMs = staleMs;
        this.startedAtMs = System.currentTimeMillis() - Math.round(local.elapsedSeconds() * 1000);
        this.timer = vertx.setPeriodic(publishMs, id -> publish());
    }

    static ClusterStats start(Vertx vertx, String nodeName, CrawlStats local, ClusterFrontier frontier) throws Exception {
        return start(vertx, nodeName, local, frontier, PUBLISH_MS, STALE_MS);
    }

    /**
     * As {@link #start(Vertx, String, CrawlStats, ClusterFrontier)}, publishing every {@code publishMs}
     * and taking a report older than {@code staleMs} for a dead node's (tests shorten both).
     */
    static ClusterStats start(Vertx vertx, String nodeName, CrawlStats local, ClusterFrontier frontier, long publishMs, long staleMs)
            throws Exception {
        AsyncMap<String, String> map = vertx.sharedData().<String, String>getAsyncMap(ClusterFrontier.NAME + ".stats")
                .await(60, TimeUnit.SECONDS);
        return new ClusterStats(vertx, map, nodeName, local, frontier, publishMs, staleMs);
    }

    private void publish() {
        Future<Void> put;
        synchronized (lock) {
            if (stopped || !pending.isComplete()) {
                return; // finishing; or the last report is still on its way (a slow cluster): one at a time
            }
            put = map.put(nodeName, report(false).encode());
            pending = put;
        }
        put.compose(v -> map.entries())
                .onSuccess(all -> {
                    all.forEach((k, v) -> latest.put(k, new JsonObject(v)));
                });
        frontier.refreshQueued();
    }

    /** This node's report: its counters, whether final, when (by its clock), and since when it crawls. */
    private JsonObject report(boolean isFinal) {
        return toJson(local, isFinal).put("final", isFinal).put("at", System.currentTimeMillis()).put("since", startedAtMs);
    }

    /** @return the cluster's progress as last read (this node's own counters are current) */
    Crawler.Progress progress() {
        // This node's own counters are taken from it, not from latest, where a map read may have put
        // an older copy of them (the bar would then step back).
        List<JsonObject> reports = new java.util.ArrayList<>();
        reports.add(report(false));
        latest.forEach((node, report) -> {
            if (!node.equals(nodeName)) {
                reports.add(report);
            }
        });
        long ok = 0;
        long failed = 0;
        long done = 0;
        for (JsonObject o : reports) {
            ok += o.getLong("ok", 0L);
            failed += o.getLong("failed", 0L);
            done += o.getLong("ok", 0L) + o.getLong("failed", 0L) + o.getLong("refused", 0L);
        }
        double secs = (System.currentTimeMillis() - clusterStart(reports)) / 1e3;
        return new Crawler.Progress(done, ok, failed, frontier.queued(), secs > 0 ? done / secs : 0);
    }

    /**
     * Puts this node's final report and waits (at most {@code maxWaitMs}) until every node in the map
     * has put its own or gone silent.
     *
     * @param seconds this node's crawl time; the summary takes the cluster's (from the earliest node's
     *        start to the latest report, by the nodes' clocks) if longer
     * @return the cluster's summary and the number of nodes it covers
     */
    Map.Entry<CrawlSummary, Integer> finish(double seconds, boolean interrupted, long maxWaitMs) throws Exception {
        // A periodic report put after the final one would hide it (the map keeps the last put): wait for
        // the one on its way, if any, before putting the final one.
        stopPublishing().await(30, TimeUnit.SECONDS);
        map.put(nodeName, report(true).encode()).await(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        Map<String, String> all;
        while (true) {
            all = map.entries().await(30, TimeUnit.SECONDS);
            long now = System.currentTimeMillis();
            boolean allFinal = all.values().stream().map(JsonObject::new)
                    .allMatch(o -> o.getBoolean("final", false) || now - o.getLong("at", 0L) > staleMs);
            if (allFinal || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        List<JsonObject> reports = all.values().stream().map(JsonObject::new).toList();
        long until = 0;
        for (JsonObject o : reports) {
            until = Math.max(until, o.getLong("at", 0L));
        }
        double clusterSeconds = Math.max(seconds, (until - clusterStart(reports)) / 1e3);
        return Map.entry(merge(reports, clusterSeconds, interrupted), reports.size());
    }

    /** A node's counters as JSON, for the cluster's stats map; the latencies only in the final report. */
    static JsonObject toJson(CrawlStats stats, boolean withLatencies) {
        JsonObject byCause = new JsonObject();
        stats.failuresByCause().forEach(byCause::put);
        JsonObject o = new JsonObject().put("ok", stats.ok()).put("failed", stats.failed()).put("refused", stats.refused())
                .put("retries", stats.retries()).put("bytes", stats.bytes()).put("causes", byCause)
                .put("again", stats.handedOutAgain());
        if (withLatencies) {
            JsonArray a = new JsonArray();
            for (long l : stats.latencies()) {
                a.add(l);
            }
            o.put("latencies", a);
        }
        return o;
    }

    /** The summary of a cluster's crawl from its nodes' {@link #toJson} reports. */
    static CrawlSummary merge(java.util.Collection<JsonObject> nodes, double seconds, boolean interrupted) {
        long ok = 0;
        long failed = 0;
        long refused = 0;
        long retries = 0;
        long bytes = 0;
        long again = 0;
        Map<String, Long> byCause = new TreeMap<>();
        List<Long> lat = new java.util.ArrayList<>();
        for (JsonObject n : nodes) {
            ok += n.getLong("ok", 0L);
            failed += n.getLong("failed", 0L);
            refused += n.getLong("refused", 0L);
            retries += n.getLong("retries", 0L);
            bytes += n.getLong("bytes", 0L);
            again += n.getLong("again", 0L);
            n.getJsonObject("causes", new JsonObject()).forEach(e -> byCause.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum));
            n.getJsonArray("latencies", new JsonArray()).forEach(v -> lat.add(((Number) v).longValue()));
        }
        return CrawlSummary.of(ok, failed, refused, byCause, retries, bytes, seconds, lat.stream().mapToLong(Long::longValue).toArray(),
                interrupted, 0, again, Map.of(), 0, 0, Map.of());
    }

    /** When the cluster's crawl began: the earliest start among the reports and this node's, by the nodes' clocks. */
    private long clusterStart(List<JsonObject> reports) {
        long since = startedAtMs;
        for (JsonObject o : reports) {
            since = Math.min(since, o.getLong("since", startedAtMs));
        }
        return since;
    }

    /** Stops the periodic reports; returns the last one's put, completed (failed or not) once it is done. */
    private Future<Void> stopPublishing() {
        vertx.cancelTimer(timer);
        synchronized (lock) {
            stopped = true;
            return pending.otherwiseEmpty();
        }
    }

    /** Stops publishing; once it returns, this node writes nothing more in the cluster's map (unless the put on its way takes over 5 s). */
    @Override
    public void close() {
        try {
            stopPublishing().await(5, TimeUnit.SECONDS);
        } catch (Exception e) { // TimeoutException: the cluster is too slow or gone; nothing more to wait for
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
