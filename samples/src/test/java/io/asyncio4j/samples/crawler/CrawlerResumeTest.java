package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Interrupting a crawl (as Ctrl-C does) and resuming it from its output file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrawlerResumeTest {
    private static DemoSite.Options site() {
        return DemoSite.Options.defaults().withPages(150).withLatency(Duration.ofMillis(5)).withFailureRate(0)
                .withSlowPages(0, Duration.ZERO);
    }

    private static CrawlConfig.Builder config(DemoSite s, Path out) {
        return CrawlConfig.builder().startUrl(s.url()).concurrency(8).perHost(8).output(out);
    }

    /** Every line of the file is one whole record; returns the records' paths (host and port dropped). */
    private static List<String> paths(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return text.lines().map(PageResult::fromJson).map(p -> java.net.URI.create(p.url()).getRawPath()).toList();
    }

    /** The paths reached: each record's URL and, after redirects, its final URL (which page a redirect reaches first depends on timing). */
    private static Set<String> reached(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(PageResult::fromJson)
                .flatMap(p -> java.util.stream.Stream.of(p.url(), p.finalUrl()))
                .map(u -> java.net.URI.create(u).getRawPath()).collect(Collectors.toSet());
    }

    private static CrawlSummary interruptedCrawl(CrawlConfig config, int after, boolean viaInterrupt) throws Exception {
        CountDownLatch enough = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        AtomicInteger records = new AtomicInteger();
        AtomicReference<CrawlSummary> summary = new AtomicReference<>();
        // the handler holds the crawl's loop at the chosen record until the stop is sent, so the crawl
        // cannot finish first however slow this thread is
        Crawler crawler = new Crawler(config, p -> {
            if (records.incrementAndGet() == after) {
                enough.countDown();
                try {
                    sent.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread t = new Thread(() -> summary.set(crawler.crawl()), "crawl-under-test");
        t.start();
        assertThat(enough.await(30, TimeUnit.SECONDS)).isTrue();
        if (viaInterrupt) {
            t.interrupt(); // what Async.run turns into cancelling the crawl's main task
        } else {
            crawler.cancel(); // what the Ctrl-C hook calls
        }
        sent.countDown();
        t.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(t.isAlive()).isFalse();
        assertThat(crawler.awaitFinished(Duration.ofSeconds(1))).isTrue();
        return summary.get();
    }

    @Test
    void interruptMidCrawl_leavesAValidFileAndASummary_resumeFinishesWithoutDuplicates(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages.jsonl");
        Set<String> full;
        try (DemoSite reference = DemoSite.start(site())) {
            new Crawler(config(reference, dir.resolve("full.jsonl")).build()).crawl();
            full = reached(dir.resolve("full.jsonl"));
        }
        try (DemoSite s = DemoSite.start(site())) {
            CrawlSummary first = interruptedCrawl(config(s, out).build(), 30, true);
            assertThat(first.interrupted()).isTrue();
            List<String> partial = paths(out);
            assertThat(partial.size()).isEqualTo(first.pages()).isGreaterThanOrEqualTo(30).isLessThan(full.size());

            CrawlSummary second = new Crawler(config(s, out).resume(true).build()).crawl();
            assertThat(second.interrupted()).isFalse();
            assertThat(second.resumed()).isEqualTo(partial.size());
            List<String> all = paths(out);
            assertThat(all).doesNotHaveDuplicates();
            assertThat(reached(out)).isEqualTo(full);
            // a page recorded by the first run was not fetched by the second
            for (String p : partial) {
                if (p.startsWith("/page/")) {
                    assertThat(s.hits(p)).as(p).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void cancelFromAnotherThread_stopsEveryTaskAndKeepsTheFileWhole(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages.jsonl");
        try (DemoSite s = DemoSite.start(site().withLatency(Duration.ofMillis(20)))) {
            CrawlSummary summary = interruptedCrawl(config(s, out).build(), 10, false);
            assertThat(summary.interrupted()).isTrue();
            assertThat(paths(out)).hasSize((int) summary.pages()).doesNotHaveDuplicates();
            long served = s.requests();
            Thread.sleep(200); // nothing of the crawl is left to send more requests
            assertThat(s.requests()).isEqualTo(served);
        }
    }

    @Test
    void resumeCutsATornLastLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages.jsonl");
        try (DemoSite s = DemoSite.start(site().withPages(20))) {
            AtomicInteger n = new AtomicInteger();
            new Crawler(config(s, out).maxPages(5).build(), p -> n.incrementAndGet()).crawl();
            Files.writeString(out, "{\"url\":\"" + s.url() + "page/9\",\"sta", java.nio.file.StandardOpenOption.APPEND);
            new Crawler(config(s, out).resume(true).build()).crawl();
            List<String> all = paths(out); // every line parses
            assertThat(all).doesNotHaveDuplicates().contains("/page/9");
            assertThat(all.size()).isGreaterThan(n.get());
        }
    }

    @Test
    void jsonLinesParseBackToTheRecordsGiven(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages.jsonl");
        try (DemoSite s = DemoSite.start(site().withPages(40))) {
            List<PageResult> given = new java.util.ArrayList<>();
            new Crawler(config(s, out).build(), given::add).crawl();
            List<PageResult> read = Files.readAllLines(out).stream().map(PageResult::fromJson).toList();
            assertThat(read).isEqualTo(given);
            assertThat(read).extracting(PageResult::url).doesNotHaveDuplicates();
            assertThat(read.stream().map(PageResult::error).filter(e -> e != null).collect(Collectors.toSet()))
                    .allMatch(e -> e.startsWith("http 404") || e.startsWith("robots:"));
        }
    }
}
