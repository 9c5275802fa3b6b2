package io.asyncio4j.samples.crawler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.CrawlStats;
import io.asyncio4j.samples.crawler.CrawlSummary;
import io.asyncio4j.samples.crawler.PageResult;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cluster's summary merged from the nodes' reports (no cluster needed). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterReportsTest {

    private static PageResult page(String error, long latencyMs) {
        return new PageResult("http://host.test/p", "http://host.test/p", error == null ? 200 : 0, "text/html", null, 0, 1000,
                latencyMs, 0, 1, error, false, List.of());
    }

    @Test
    void merge_sumsEveryNodesCounters_andTakesTheLatenciesOfTheFinalReports() {
        CrawlStats a = new CrawlStats();
        a.record(page(null, 10), true);
        a.record(page(null, 10), false);
        CrawlStats b = new CrawlStats();
        b.record(page("http 500: server error", 900), true);
        b.record(page(null, 900), true);
        CrawlStats dead = new CrawlStats(); // its last periodic report: counters, no latencies
        dead.record(page(null, 5), true);
        dead.record(page(null, 5), false);

        CrawlSummary s = ClusterStats.merge(List.of(ClusterStats.toJson(a, true), ClusterStats.toJson(b, true), ClusterStats.toJson(dead, false)), 4.0, false);
        assertThat(s.pages()).isEqualTo(6);
        assertThat(s.ok()).isEqualTo(5);
        assertThat(s.failuresByCause()).isEqualTo(Map.of("http 500", 1L));
        assertThat(s.handedOutAgain()).isEqualTo(4);
        assertThat(s.bytes()).isEqualTo(6000);
        assertThat(s.pagesPerSecond()).isEqualTo(1.5);
        assertThat(s.p50Ms()).isEqualTo(10);
        assertThat(s.p99Ms()).isEqualTo(900);
        assertThat(s.resumed()).isZero();
    }

    @Test
    void merge_aReportWithoutTheCount_countsNone() {
        JsonObject older = new JsonObject().put("ok", 3L).put("failed", 0L).put("refused", 0L);
        CrawlSummary s = ClusterStats.merge(List.of(older), 1.0, false);
        assertThat(s.pages()).isEqualTo(3);
        assertThat(s.handedOutAgain()).isZero();
    }
}
