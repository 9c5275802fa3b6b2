package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A crawl's counters. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CrawlStatsTest {

    private static PageResult page(String error, long latencyMs) {
        return new PageResult("http://host.test/p", "http://host.test/p", error == null ? 200 : 0, "text/html", null, 0, 1000,
                latencyMs, 0, 1, error, false, List.of());
    }

    @Test
    void record_countsThePagesFromUrlsHandedOutAgain() {
        CrawlStats stats = new CrawlStats();
        stats.record(page(null, 10), false);
        stats.record(page(null, 10), true);
        stats.record(page("timeout: 5 s", 10), true);
        stats.record(page("robots: disallowed", 0), false);

        CrawlSummary s = stats.summary(false, 0);
        assertThat(s.pages()).isEqualTo(4);
        assertThat(s.ok()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.refused()).isEqualTo(1);
        assertThat(s.handedOutAgain()).isEqualTo(2);
        assertThat(stats.handedOutAgain()).isEqualTo(2);
    }
}
