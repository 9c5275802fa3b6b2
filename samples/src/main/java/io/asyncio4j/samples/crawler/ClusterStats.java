package io.asyncio4j.samples.crawler;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole cluster's counters for the progress bar and the summary: every node puts its own
 * counters in a cluster map twice a second, stamped with the time, and reads everyone's; at the end
 * each node puts its final report (latencies included) and waits, a bounded time, until every node's
 * report is final or stale (a node that died: its last counters stay in the sum). Pages crawled twice
 * (in flight on a node that died) are counted twice here, once in the merged output.
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
    private final long timer;
    private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();

    private ClusterStats(Vertx vertx, AsyncMap<String, String> map, String nodeName, CrawlStats local, ClusterFrontier frontier) {
        this.vertx = vertx;
        this.map = map;
        this.nodeName = nodeName;
        this.local = local;
        this.frontier = frontier;
        this.timer = vertx.setPeriodic(PUBLISH_MS, id -> publish());
    }

    static ClusterStats start(Vertx vertx, String nodeName, CrawlStats local, ClusterFrontier frontier) throws Exception {
        AsyncMap<String, String> map = vertx.sharedData().<String, String>getAsyncMap(ClusterFrontier.NAME + ".stats")
                .await(60, TimeUnit.SECONDS);
        return new ClusterStats(vertx, map, nodeName, local, frontier);
    }

    private void publish() {
        map.put(nodeName, local.toJson(false).put("final", false).put("at", System.currentTimeMillis()).encode())
                .compose(v -> map.entries())
                .onSuccess(all -> {
                    all.forEach((k, v) -> latest.put(k, new JsonObject(v)));
                });
        frontier.refreshQueued();
    }

    /** @return the cluster's progress as last read (this node's own counters are current) */
    Crawler.Progress progress() {
        latest.put(nodeName, local.toJson(false));
        long ok = 0;
        long failed = 0;
        long done = 0;
        for (JsonObject o : latest.values()) {
            ok += o.getLong("ok", 0L);
            failed += o.getLong("failed", 0L);
            done += o.getLong("ok", 0L) + o.getLong("failed", 0L) + o.getLong("refused", 0L);
        }
        double secs = (System.nanoTime() - startNanos) / 1e9;
        return new Crawler.Progress(done, ok, failed, frontier.queued(), secs > 0 ? done / secs : 0);
    }

    /**
     * Puts this node's final report and waits (at most {@code maxWaitMs}) until every node in the map
     * has put its own or gone silent.
     *
     * @return the cluster's summary and the number of nodes it covers
     */
    Map.Entry<CrawlSummary, Integer> finish(double seconds, boolean interrupted, long maxWaitMs) throws Exception {
        vertx.cancelTimer(timer);
        map.put(nodeName, local.toJson(true).put("final", true).encode()).await(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        Map<String, String> all;
        while (true) {
            all = map.entries().await(30, TimeUnit.SECONDS);
            long now = System.currentTimeMillis();
            boolean allFinal = all.values().stream().map(JsonObject::new)
                    .allMatch(o -> o.getBoolean("final", false) || now - o.getLong("at", 0L) > STALE_MS);
            if (allFinal || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        List<JsonObject> reports = all.values().stream().map(JsonObject::new).toList();
        return Map.entry(CrawlStats.merge(reports, seconds, interrupted), reports.size());
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
