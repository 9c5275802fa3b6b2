package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --auto-throttle}: the limits follow the host's latency and its "too much" answers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AutoThrottleTest {
    private static final long MS = 1_000_000;

    @Test
    void concurrencyGrowsWhileLatencyHolds_andShrinksWhenItRises() {
        AutoThrottle t = new AutoThrottle(8, Duration.ofSeconds(30));
        assertThat(t.concurrency()).isEqualTo(1);
        for (int i = 0; i < 60; i++) {
            t.onAnswer(10 * MS);
        }
        assertThat(t.concurrency()).isEqualTo(8);
        for (int i = 0; i < 15; i++) {
            t.onAnswer(100 * MS); // the host slows down under our load
        }
        assertThat(t.concurrency()).isLessThan(8).isGreaterThanOrEqualTo(1);
        assertThat(t.delayNanos()).isZero();
    }

    @Test
    void tooManyRequests_halvesTheLimit_setsAPause_andRetryAfterPausesTheHost() {
        AutoThrottle t = new AutoThrottle(16, Duration.ofSeconds(30));
        for (int i = 0; i < 100; i++) {
            t.onAnswer(20 * MS);
        }
        assertThat(t.concurrency()).isEqualTo(16);
        assertThat(t.onOverload(null)).isZero();
        assertThat(t.concurrency()).isEqualTo(8);
        long pause = t.delayNanos();
        assertThat(pause).isGreaterThanOrEqualTo(20 * MS);
        assertThat(t.onOverload(Duration.ofSeconds(2))).isEqualTo(2000 * MS);
        assertThat(t.concurrency()).isEqualTo(4);
        assertThat(t.delayNanos()).isEqualTo(2 * pause);
        assertThat(t.onOverload(Duration.ofHours(1))).as("at most the longest backoff").isEqualTo(30_000 * MS);
        for (int i = 0; i < 60; i++) {
            t.onAnswer(20 * MS);
        }
        assertThat(t.delayNanos()).as("answers that come back well take the pause away").isZero();
    }

    /** A host that answers 503 to every request beyond two at a time: throttled, the crawl asks it far less often too much. */
    @Test
    void anOverloadedHost_getsFewerRequestsItCannotTake() throws Exception {
        int pages = 60;
        int withThrottle = overloads(pages, true);
        int without = overloads(pages, false);
        System.out.println("503s: with the throttle " + withThrottle + ", without " + without);
        assertThat(without).as("503s without the throttle").isGreaterThan(20);
        assertThat(withThrottle).as("503s with it (without: %d)", without).isLessThan(without / 2);
    }

    private static int overloads(int pages, boolean throttle) throws IOException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (TestServer s = new TestServer()) {
            StringBuilder links = new StringBuilder();
            for (int i = 0; i < pages; i++) {
                links.append("<a href='/p/").append(i).append("'>").append(i).append("</a>");
                s.route("/p/" + i, (ex, n) -> {
                    try {
                        if (inFlight.incrementAndGet() > 2) {
                            refused.incrementAndGet();
                            TestServer.send(ex, 503, "text/plain", "too many at once");
                            return;
                        }
                        Thread.sleep(20); // each answer takes a while, so that requests overlap
                        TestServer.send(ex, 200, "text/html", "<title>ok</title>");
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
            s.html("/", links.toString());
            List<PageResult> got = new ArrayList<>();
            new Crawler(CrawlConfig.builder().startUrl(s.url("/")).concurrency(8).perHost(8).obeyRobots(false).retries(50)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(20)).autoThrottle(throttle).build(), got::add).crawl();
            assertThat(got).hasSize(pages + 1).allMatch(PageResult::ok);
        }
        return refused.get();
    }
}
