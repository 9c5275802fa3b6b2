package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code crawl --compare}'s table: every label fits its column, so the figures stay under their headings. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CrawlComparisonTableTest {
    @Test
    void longestLabel_keepsEveryColumnAligned() {
        String table = new CrawlComparison.Table(List.of(
                new CrawlComparison.Row("sequential (first 200)", 200, 3, 12.5, 40, 90),
                new CrawlComparison.Row("asyncio4j blocking style, 16 tasks", 3416, 374, 17.73, 39, 208),
                new CrawlComparison.Row("asyncio4j future style, 16 permits", 3416, 374, 16.9, 38, 200))).toTable();
        List<String> lines = table.lines().toList();
        int pagesEnd = lines.get(0).indexOf("pages") + "pages".length();
        int p99End = lines.get(0).length();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.length()).as("'%s' ends under the last heading", line).isEqualTo(p99End);
            assertThat(line.substring(0, pagesEnd)).as("'%s': the pages column", line).matches(".*\\s\\d+$");
        }
    }
}
