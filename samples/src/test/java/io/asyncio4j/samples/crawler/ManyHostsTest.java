package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-host slots: a host whose answers do not come holds its own slot, never the workers, so the
 * other hosts are crawled meanwhile (as Scrapy's downloader keeps a slot per host).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ManyHostsTest {
    private static final int FAST_PAGES = 150;
    private static final int SLOW_LINKS = 40;

    @Test
    void aHostThatDoesNotAnswer_doesNotHoldUpTheOthers() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger slowPending = new AtomicInteger();
        try (TestServer slow = new TestServer();
                DemoSite fast = DemoSite.start(DemoSite.Options.defaults().withPages(FAST_PAGES).withLatency(Duration.ZERO)
                        .withFailureRate(0).withSlowPages(0, Duration.ZERO).withRedirectRate(0))) {
            StringBuilder links = new StringBuilder();
            for (int i = 0; i < SLOW_LINKS; i++) {
                links.append("<a href='/s/").append(i).append("'>slow ").append(i).append("</a>");
                slow.route("/s/" + i, (ex, n) -> {
                    slowPending.incrementAndGet();
                    try {
                        answer.await(60, TimeUnit.SECONDS); // bounded: the test releases it
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    } finally {
                        slowPending.decrementAndGet();
                    }
                    TestServer.send(ex, 200, "text/html", "<title>late</title>");
                });
            }
            slow.html("/", links.toString());

            Set<String> fastPages = ConcurrentHashMap.newKeySet();
            CountDownLatch fastDone = new CountDownLatch(1);
            AtomicInteger slowPendingWhenFastDone = new AtomicInteger(-1);
            String fastPrefix = fast.url() + "page/";
            // the slow host's URLs come first: with one limit for every host, they would take every worker
            CrawlConfig config = CrawlConfig.builder().startUrl(slow.url("/")).startUrl(fast.url()).concurrency(16).perHost(8)
                    .obeyRobots(false).timeout(Duration.ofSeconds(70)).pageDeadline(Duration.ofSeconds(80)).build();
            AtomicReference<CrawlSummary> summary = new AtomicReference<>();
            Crawler crawler = new Crawler(config, p -> {
                if (p.url().startsWith(fastPrefix) && fastPages.add(p.url()) && fastPages.size() == FAST_PAGES - 1) {
                    slowPendingWhenFastDone.set(slowPending.get());
                    fastDone.countDown();
                }
            });
            Thread t = new Thread(() -> summary.set(crawler.crawl()), "many-hosts-crawl");
            t.start();
            try {
                // a bound, not a timing: on a loaded machine the fast host needs a second or two
                assertThat(fastDone.await(40, TimeUnit.SECONDS)).as("every page of the fast host recorded, %d of %d so far",
                        fastPages.size(), FAST_PAGES - 1).isTrue();
                assertThat(slowPendingWhenFastDone.get()).as("the slow host's requests still waiting for their answers")
                        .isEqualTo(8);
            } finally {
                answer.countDown();
            }
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(summary.get().interrupted()).isFalse();
            assertThat(slow.count("/s/0") + slow.count("/s/" + (SLOW_LINKS - 1))).isEqualTo(2);
            long slowRecords = List.of(slow.hits.toArray(new TestServer.Hit[0])).stream()
                    .filter(h -> h.path().startsWith("/s/")).count();
            assertThat(slowRecords).as("every slow page requested once").isEqualTo(SLOW_LINKS);
            assertThat(URI.create(slow.url("/")).getPort()).isNotEqualTo(fast.port());
        }
    }
}
