package io.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** Seed 003's crawl-and-parse producer/consumer on an AsyncQueue against the demo site. */
@Isolated
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoubanCrawlTest {
    @Test
    void everyPageIsDownloadedAndParsedOnce() throws Exception {
        List<String> out = SamplesTest.run("douban", "25", "4", "3");
        assertThat(out.get(0)).matches("parsed 25 titles and [1-9][0-9]* links from 25 pages");
        assertThat(out.subList(1, 4)).satisfiesExactly(
                l -> assertThat(l).startsWith("title: Page 0: "),
                l -> assertThat(l).startsWith("title: Page 1: "),
                l -> assertThat(l).startsWith("title: Page 2: "));
    }

    @Test
    void moreProducersThanPages_stillParsesEveryPage() throws Exception {
        List<String> out = SamplesTest.run("douban", "3", "8", "5");
        assertThat(out.get(0)).startsWith("parsed 3 titles and ");
    }
}
