package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The summary's text. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CrawlSummaryTest {

    private static CrawlSummary summary(long handedOutAgain) {
        return new CrawlSummary(90, 8, 2, Map.of("timeout", 5L, "http 404", 3L), 12, 3 * 1048576L, 10.0, 10.0, 40, 90, 120, false, 0,
                handedOutAgain);
    }

    @Test
    void toText_withoutPagesHandedOutAgain_isTheOneJvmCrawlersSummary() {
        String nl = System.lineSeparator();
        assertThat(summary(0).toText()).isEqualTo("crawl finished: 100 pages in 10.00 s (10 pages/s)" + nl
                + "  ok 90, failed 8 (timeout 5, http 404 3), refused by robots.txt 2" + nl
                + "  retries and redirects 12, 3.0 MiB read" + nl
                + "  latency p50 40 ms, p95 90 ms, p99 120 ms");
    }

    @Test
    void toText_withPagesHandedOutAgain_saysTheyMayBeRecordedTwice() {
        String text = summary(3).toText();
        assertThat(text).startsWith(summary(0).toText() + System.lineSeparator());
        assertThat(text.lines()).last().isEqualTo("  100 pages recorded (3 of them from URLs handed out again after a node failed "
                + "or stalled: they may be recorded twice; crawl --merge keeps one)");
    }
}
