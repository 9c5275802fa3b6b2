package io.asyncio4j.samples.crawler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.CrawlStats;
import io.asyncio4j.samples.crawler.CrawlSummary;
import io.asyncio4j.samples.crawler.Crawler;
import io.asyncio4j.samples.crawler.Frontier;
import io.asyncio4j.samples.crawler.PageResult;
import io.asyncio4j.samples.crawler.cli.CrawlProgressBar;
import io.asyncio4j.vertx.WorkItem;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster's progress and summary ({@link ClusterStats}) on three clustered Vert.x nodes in this
 * JVM, on a real Hazelcast cluster joined by TCP/IP on 127.0.0.1 (each node configured by
 * {@link ClusterNode}, in a cluster of its own name), each with its own {@link ClusterFrontier} and
 * {@link CrawlStats}. Reports are published every 100 ms and taken for a dead node's after 3 s.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterStatsTest {
    private static final long PUBLISH_MS = 100;
    private static final long STALE_MS = 3_000;
    private static final List<Vertx> nodes = new ArrayList<>();
    private static final List<ClusterFrontier> frontiers = new ArrayList<>();
    private final List<ClusterStats> started = new ArrayList<>();

    @BeforeAll
    static void cluster() throws Exception {
        String name = "asyncio4j-stats-test-" + UUID.randomUUID();
        int[] ports = ClusterPorts.free(3);
        CrawlConfig config = CrawlConfig.builder().startUrl("http://127.0.0.1:9/").build();
        for (int i = 0; i < ports.length; i++) {
            ClusterNode node = new ClusterNode("127.0.0.1", ports[i], 0, i == 0 ? List.of() : List.of("127.0.0.1:" + ports[0]), 5,
                    name, null); // a name of its own: no other test's node can join this cluster
            Config cfg = node.hazelcastConfig();
            Vertx vertx = Vertx.builder().with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
                    .withClusterManager(new HazelcastClusterManager(cfg)).buildClustered().await(60, TimeUnit.SECONDS);
            nodes.add(vertx);
            frontiers.add(ClusterFrontier.open(vertx, config, Duration.ofSeconds(10), "n" + i));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (ClusterFrontier f : frontiers) {
            f.queue().close().get(30, TimeUnit.SECONDS);
        }
        for (Vertx v : nodes) {
            v.close().await(30, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void emptyTheStatsMap() throws Exception {
        statsMap().clear().await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopPublishing() {
        started.forEach(ClusterStats::close);
    }

    // ------------------------------------------------------------------ progress

    @Test
    void progress_convergesOnEveryNodeToTheClusterSums_andTheBarShowsThem() throws Exception {
        CrawlStats[] local = {new CrawlStats(), new CrawlStats(), new CrawlStats()};
        ClusterStats[] stats = startOnEveryNode(local);
        record(local[0], 5, null, 10);
        record(local[0], 1, "http 404: not found", 10);
        record(local[1], 3, null, 10);
        record(local[1], 2, "timeout: 5 s", 10);
        record(local[1], 1, "robots: disallowed", 0);
        record(local[2], 7, null, 10);
        for (ClusterStats s : stats) {
            waitFor(s, 19, 15, 3);
        }

        record(local[1], 4, null, 10); // a node goes on crawling: the others follow
        waitFor(stats[0], 23, 19, 3);

        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String url = "http://host" + i + ".test/";
            puts.add(frontiers.get(1).queue().put(url, new JsonObject().put("url", url).put("depth", 0).encode(), url));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        waitUntil(() -> stats[0].progress().queued() == 3, () -> "queued 3, was " + stats[0].progress());

        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        new CrawlProgressBar(stats[0]::progress, new PrintStream(shown, true, StandardCharsets.UTF_8)).close();
        String bar = shown.toString(StandardCharsets.UTF_8);
        assertThat(bar).as("what the bar shows").contains("23/26").contains("queued 3, failed 3");

        for (int i = 0; i < 3; i++) { // another node takes them: nothing is queued any more
            WorkItem item = frontiers.get(2).queue().get().get(30, TimeUnit.SECONDS);
            assertThat(frontiers.get(2).handedOutAgain(new Frontier.Job(URI.create(item.id()), 0, item)))
                    .as("a first delivery").isFalse();
            frontiers.get(2).queue().taskDone(item).get(30, TimeUnit.SECONDS);
        }
        waitUntil(() -> stats[0].progress().queued() == 0, () -> "queued 0, was " + stats[0].progress());
    }

    @Test
    void handedOutAgain_isAnItemDeliveredMoreThanOnce() {
        ClusterFrontier f = frontiers.get(0);
        URI url = URI.create("http://host.test/a");
        assertThat(f.handedOutAgain(new Frontier.Job(url, 1, new WorkItem(url.toString(), "http://host.test", "{}", 1)))).isFalse();
        assertThat(f.handedOutAgain(new Frontier.Job(url, 1, new WorkItem(url.toString(), "http://host.test", "{}", 2)))).isTrue();
    }

    // ------------------------------------------------------------------ the summary

    /**
     * Node 2 publishes and then stops (as a node that died: its last counters stay in the map, never
     * final); node 0 finishes first and must wait for node 1's final report, recorded after node 0's
     * was in, and for node 2's to go stale.
     */
    @Test
    void finish_coversEveryNode_waitsForTheLiveOnes_andKeepsADeadNodesLastCounters() throws Exception {
        CrawlStats[] local = {new CrawlStats(), new CrawlStats(), new CrawlStats()};
        ClusterStats[] stats = startOnEveryNode(local);
        record(local[0], 3, null, 10);
        local[0].record(page(null, 10), true);
        record(local[1], 3, null, 1000);
        record(local[2], 2, null, 5);
        record(local[2], 1, "timeout: 5 s", 5);
        local[2].record(page(null, 5), true);
        waitFor(stats[0], 11, 10, 1);
        waitFor(stats[1], 11, 10, 1);
        stats[2].close(); // node 2 publishes no more

        CompletableFuture<Map.Entry<CrawlSummary, Integer>> first = CompletableFuture.supplyAsync(() -> finish(stats[0], 12.5));
        waitUntil(() -> isFinal("node-0"), () -> "node 0's final report in the map");
        record(local[1], 1, null, 1000); // node 1 still had a page to record
        Map.Entry<CrawlSummary, Integer> second = finish(stats[1], 12.5);
        Map.Entry<CrawlSummary, Integer> firstDone = first.get(60, TimeUnit.SECONDS);

        for (Map.Entry<CrawlSummary, Integer> e : List.of(firstDone, second)) {
            assertThat(e.getValue()).as("nodes covered").isEqualTo(3);
            CrawlSummary s = e.getKey();
            assertThat(s.pages()).isEqualTo(12);
            assertThat(s.ok()).isEqualTo(11);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(s.failuresByCause()).isEqualTo(Map.of("timeout", 1L));
            assertThat(s.handedOutAgain()).isEqualTo(2);
            assertThat(s.seconds()).isGreaterThanOrEqualTo(12.5);
            assertThat(s.interrupted()).isFalse();
            // node 0's 4 latencies of 10 ms, node 1's 4 of 1000 ms (its final report), not node 2's
            assertThat(s.p50Ms()).isEqualTo(10);
            assertThat(s.p95Ms()).isEqualTo(1000);
            assertThat(s.toText()).contains("crawl finished: 12 pages").contains("ok 11, failed 1 (timeout 1)")
                    .contains("12 pages recorded (2 of them from URLs handed out again after a node failed or stalled: "
                            + "they may be recorded twice; crawl --merge keeps one)");
        }
    }

    /**
     * Regression: a node that joined a running crawl divided the cluster's pages by its own time, in
     * the bar's rate and in the summary. The cluster's crawl runs from the earliest node's start.
     * (The bounds below follow from times this test measures: no absolute timing is assumed.)
     */
    @Test
    void aNodeThatJoinsLate_showsTheClustersRateAndTime() throws Exception {
        CrawlStats early = new CrawlStats();
        long started = System.nanoTime(); // the early node's crawl began before this
        ClusterStats s0 = start(0, "early", early, PUBLISH_MS);
        record(early, 10, null, 10);
        Thread.sleep(1500); // the crawl has run a while when the late node joins
        CrawlStats late = new CrawlStats();
        ClusterStats s1 = start(1, "late", late, PUBLISH_MS);
        waitFor(s1, 10, 10, 0);

        double atLeast = (System.nanoTime() - started) / 1e9 - 0.05; // 50 ms for the two clocks' rounding
        assertThat(s1.progress().pagesPerSecond()).as("the late node's rate").isLessThanOrEqualTo(10 / atLeast);

        CompletableFuture<Map.Entry<CrawlSummary, Integer>> other = CompletableFuture.supplyAsync(() -> finish(s0, early.elapsedSeconds()));
        double crawled = (System.nanoTime() - started) / 1e9 - 0.05;
        CrawlSummary summary = finish(s1, late.elapsedSeconds()).getKey();
        assertThat(summary.pages()).isEqualTo(10);
        assertThat(summary.seconds()).as("the cluster's crawl time on the late node").isGreaterThanOrEqualTo(crawled);
        assertThat(summary.pagesPerSecond()).isLessThanOrEqualTo(10 / crawled);
        assertThat(other.get(60, TimeUnit.SECONDS).getKey().seconds()).isGreaterThanOrEqualTo(crawled);
    }

    /**
     * Regression: the final report was put while a periodic publish could still be on its way, and a
     * non-final report put after it hid it (every other node then waited for this one to go stale,
     * and took its counters without its latencies). Publishing every millisecond makes the race
     * likely in each round.
     */
    @Test
    void finish_theFinalReportIsNotOverwrittenByAPublishInFlight() throws Exception {
        Random random = new Random();
        List<String> names = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            String name = "race-" + round;
            names.add(name);
            CrawlStats local = new CrawlStats();
            record(local, 2, null, 10);
            ClusterStats stats = start(round % 3, name, local, 1);
            Thread.sleep(random.nextInt(5));
            stats.finish(1, false, 0);
            stats.close();
            assertThat(isFinal(name)).as("round %d: the report once finish returned", round).isTrue();
        }
        Thread.sleep(200); // a put still on its way would land by now
        for (String name : names) {
            assertThat(isFinal(name)).as("%s's report later", name).isTrue();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Node i's stats over {@code local[i]}, named "node-i". */
    private ClusterStats[] startOnEveryNode(CrawlStats[] local) throws Exception {
        ClusterStats[] stats = new ClusterStats[local.length];
        for (int i = 0; i < local.length; i++) {
            stats[i] = start(i, "node-" + i, local[i], PUBLISH_MS);
        }
        return stats;
    }

    private ClusterStats start(int node, String name, CrawlStats local, long publishMs) throws Exception {
        ClusterStats s = ClusterStats.start(nodes.get(node), name, local, frontiers.get(node), publishMs, STALE_MS);
        started.add(s);
        return s;
    }

    private static Map.Entry<CrawlSummary, Integer> finish(ClusterStats stats, double seconds) {
        try {
            return stats.finish(seconds, false, 40_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PageResult page(String error, long latencyMs) {
        return new PageResult("http://host.test/" + UUID.randomUUID(), "http://host.test/", error == null ? 200 : 0, "text/html",
                null, 0, 100, latencyMs, 0, 1, error, false, List.of());
    }

    private static void record(CrawlStats stats, int n, String error, long latencyMs) {
        for (int i = 0; i < n; i++) {
            stats.record(page(error, latencyMs), false);
        }
    }

    private static void waitFor(ClusterStats stats, long done, long ok, long failed) throws InterruptedException {
        waitUntil(() -> {
            Crawler.Progress p = stats.progress();
            return p.done() == done && p.ok() == ok && p.failed() == failed;
        }, () -> "done " + done + ", ok " + ok + ", failed " + failed + "; was " + stats.progress());
    }

    private static AsyncMap<String, String> statsMap() throws Exception {
        return nodes.get(1).sharedData().<String, String>getAsyncMap(ClusterFrontier.NAME + ".stats").await(30, TimeUnit.SECONDS);
    }

    /** Whether {@code name}'s report in the map (read on node 1) is final. */
    private static boolean isFinal(String name) {
        try {
            String v = statsMap().get(name).await(30, TimeUnit.SECONDS);
            return v != null && new JsonObject(v).getBoolean("final", false);
        } catch (Exception e) {
            throw new IllegalStateException("the stats map could not be read", e);
        }
    }

    private static void waitUntil(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
