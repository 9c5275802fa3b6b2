package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * robots.txt that cannot be read (is not a refusal) or that moved (is followed), and error records
 * that say which host failed and why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RobotsAndErrorsTest {

    private static List<PageResult> crawl(CrawlConfig.Builder b) {
        List<PageResult> pages = new ArrayList<>();
        new Crawler(b.build(), pages::add).crawl();
        return pages;
    }

    private static CrawlConfig.Builder fast(String start) {
        return CrawlConfig.builder().startUrl(start).concurrency(4).perHost(4).timeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(1), Duration.ofMillis(10));
    }

    private static Map<String, PageResult> byPath(List<PageResult> pages) {
        return pages.stream().collect(Collectors.toMap(p -> java.net.URI.create(p.url()).getRawPath(), Function.identity()));
    }

    @Test
    void aRobotsTxtThatAnswers503_isNotARefusal() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/robots.txt", (ex, n) -> TestServer.send(ex, 503, "text/plain", "down for maintenance"));
            s.html("/", "<title>home</title>");
            PageResult home = crawl(fast(s.url("/")).retries(2)).get(0);
            assertThat(home.ok()).as(home.toString()).isTrue();
            assertThat(home.title()).isEqualTo("home");
            assertThat(s.count("/robots.txt")).as("tried with the page's retries").isEqualTo(3);
        }
    }

    @Test
    void anUnreachableHost_isRecordedAsUnreachable_notAsRefusedByRobots() throws Exception {
        int deadPort = deadPort();
        PageResult p = crawl(fast("http://127.0.0.1:" + deadPort + "/").retries(1)).get(0);
        assertThat(p.cause()).isEqualTo("connect");
        assertThat(p.error()).contains("127.0.0.1:" + deadPort).containsIgnoringCase("refused");
        assertThat(p.error()).doesNotContain("ConnectException");
    }

    @Test
    void aRobotsTxtBehindARedirect_isFollowed() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/robots.txt", (ex, n) -> TestServer.redirect(ex, "/rules.txt"));
            s.route("/rules.txt", (ex, n) -> TestServer.send(ex, 200, "text/plain", "User-agent: *\nDisallow: /secret\n"));
            s.html("/", "<a href='/secret'>no</a> <a href='/open'>yes</a>");
            s.html("/open", "fine");
            s.html("/secret", "hidden");
            Map<String, PageResult> pages = byPath(crawl(fast(s.url("/"))));
            assertThat(pages.get("/").ok()).isTrue();
            assertThat(pages.get("/open").ok()).isTrue();
            assertThat(pages.get("/secret").cause()).isEqualTo("robots");
            assertThat(s.count("/secret")).isZero();
        }
    }

    @Test
    void errorRecordsNameTheHostAndTheCause() throws Exception {
        int deadPort = deadPort();
        PageResult refused = crawl(fast("http://127.0.0.1:" + deadPort + "/").obeyRobots(false).retries(0)).get(0);
        assertThat(refused.error()).startsWith("connect: ").contains("127.0.0.1:" + deadPort).containsIgnoringCase("refused");

        PageResult unknown = crawl(fast("http://no-such-host.invalid/").obeyRobots(false).retries(0)).get(0);
        assertThat(unknown.error()).startsWith("connect: ").contains("no-such-host.invalid");

        try (TestServer s = new TestServer()) {
            s.route("/", (ex, n) -> TestServer.send(ex, 404, "text/plain", "gone"));
            s.route("/hang", (ex, n) -> {
                try {
                    Thread.sleep(3000); // bounded: the client gives up after 300 ms
                } catch (InterruptedException e) {
                    return;
                }
                TestServer.send(ex, 200, "text/html", "late");
            });
            PageResult missing = crawl(fast(s.url("/")).obeyRobots(false)).get(0);
            assertThat(missing.cause()).isEqualTo("http 404");
            assertThat(missing.error()).contains("127.0.0.1:" + s.port()).contains("Not Found");
            PageResult hang = crawl(fast(s.url("/hang")).obeyRobots(false).timeout(Duration.ofMillis(300))).get(0);
            assertThat(hang.cause()).isEqualTo("timeout");
            assertThat(hang.error()).contains("127.0.0.1:" + s.port()).contains("300 ms");
        }
    }

    private static int deadPort() throws Exception {
        try (TestServer s = new TestServer()) {
            return s.port();
        }
    }
}
