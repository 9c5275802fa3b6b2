package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The crawler against the demo site and small purpose-built servers, all on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrawlerTest {
    private static DemoSite site;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSite.Options.defaults().withPages(120).withLatency(Duration.ZERO).withFailureRate(0)
                .withSlowPages(0, Duration.ZERO));
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    /** The result of one crawl: the records in the order given to the handler, and the summary. */
    record Run(List<PageResult> pages, CrawlSummary summary) {
        Map<String, PageResult> byUrl() {
            return pages.stream().collect(Collectors.toMap(PageResult::url, Function.identity()));
        }

        PageResult only() {
            assertThat(pages).hasSize(1);
            return pages.get(0);
        }
    }

    static Run crawl(CrawlConfig.Builder b) {
        List<PageResult> pages = new ArrayList<>();
        CrawlSummary s = new Crawler(b.build(), pages::add).crawl();
        return new Run(pages, s);
    }

    static CrawlConfig.Builder fast(String start) {
        return CrawlConfig.builder().startUrl(start).concurrency(8).perHost(8).timeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(1), Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------ the demo site

    @Test
    void demoSite_everyPageRecordedOnceAndNeverFetchedTwice() {
        Run run = crawl(fast(site.url()).concurrency(16).perHost(16));
        Set<String> urls = run.pages.stream().map(PageResult::url).collect(Collectors.toSet());
        assertThat(urls).hasSize(run.pages.size()); // one record per URL
        for (int i = 0; i < 120; i++) {
            assertThat(site.hits("/page/" + i)).as("page %d", i).isEqualTo(1);
        }
        assertThat(run.summary.pages()).isEqualTo(run.pages.size());
        assertThat(run.summary.interrupted()).isFalse();
        assertThat(run.summary.handedOutAgain()).as("one JVM hands no URL out twice").isZero();
        assertThat(run.summary.toText().lines()).as("the summary's lines").hasSize(4);
        PageResult root = run.byUrl().get(site.url());
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.title()).startsWith("Page 0: ");
        assertThat(root.links()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void demoSiteRedirects_areSettableAndEachTargetIsFetchedOnce() {
        DemoSite.Options opts = site.options().withPages(60);
        try (DemoSite many = DemoSite.start(opts.withRedirectRate(0.5)); DemoSite none = DemoSite.start(opts.withRedirectRate(0))) {
            Run run = crawl(fast(many.url()));
            List<PageResult> redirected = run.pages.stream().filter(p -> p.url().contains("/go/")).toList();
            assertThat(redirected).hasSizeGreaterThan(10).allMatch(p -> p.ok() && p.finalUrl().contains("/page/"));
            for (int i = 0; i < 60; i++) {
                assertThat(many.hits("/page/" + i)).as("page %d", i).isLessThanOrEqualTo(1);
            }
            assertThat(crawl(fast(none.url())).pages).noneMatch(p -> p.url().contains("/go/"));
        }
    }

    @Test
    void maxDepthAndMaxPagesLimitTheCrawl() {
        Run shallow = crawl(fast(site.url()).maxDepth(1));
        assertThat(shallow.pages).allMatch(p -> p.depth() <= 1);
        assertThat(shallow.pages).anyMatch(p -> p.depth() == 1);
        assertThat(shallow.pages.size()).isLessThan(40);

        Run few = crawl(fast(site.url()).maxPages(17));
        assertThat(few.pages).hasSize(17);
    }

    @Test
    void robotsTxtIsObeyedByDefault() {
        int before = privateHits();
        Run run = crawl(fast(site.url()));
        assertThat(privateHits()).isEqualTo(before); // never requested
        List<PageResult> refused = run.pages.stream().filter(p -> p.url().contains("/private/")).toList();
        assertThat(refused).isNotEmpty().allMatch(p -> "robots".equals(p.cause()) && p.status() == 0);
        assertThat(run.summary.refused()).isEqualTo(refused.size());

        Run rude = crawl(fast(site.url()).obeyRobots(false));
        assertThat(rude.pages).filteredOn(p -> p.url().contains("/private/")).isNotEmpty().allMatch(p -> p.status() == 200);
    }

    private static int privateHits() {
        int n = 0;
        for (int i = 0; i < 120; i++) {
            n += site.hits("/private/" + i);
        }
        return n;
    }

    @Test
    void otherHostsMailtoAndJavascriptAreNeverFetched() {
        Run run = crawl(fast(site.url()));
        assertThat(run.pages).allMatch(p -> URI.create(p.url()).getHost().equals("127.0.0.1"));
        assertThat(run.pages).noneMatch(p -> p.url().startsWith("mailto:") || p.url().startsWith("javascript:"));
        run.pages.stream().filter(p -> p.url().endsWith(".pdf")).forEach(p -> System.out.println("PDF " + p.toJson()));
        assertThat(run.pages).filteredOn(p -> p.url().endsWith(".pdf")).isNotEmpty()
                .allMatch(p -> p.contentType().startsWith("application/pdf") && p.title() == null && p.links() == 0 && p.ok());
    }

    @Test
    void includeAndExcludePatternsChooseWhatToFollow() {
        Run run = crawl(fast(site.url()).include("/page/").exclude("/page/\\d*7$"));
        assertThat(run.pages).filteredOn(p -> p.depth() > 0).isNotEmpty()
                .allMatch(p -> p.url().contains("/page/") && !p.url().matches(".*/page/\\d*7"));
    }

    // ------------------------------------------------------------------ purpose-built servers

    @Test
    void sameHostByDefault_allowHostWidens() throws Exception {
        try (TestServer other = new TestServer(); TestServer home = new TestServer()) {
            other.html("/", "<title>other</title>");
            home.html("/", "<a href='http://localhost:" + other.port() + "/'>other</a>");
            Run narrow = crawl(fast(home.url("/")));
            assertThat(narrow.pages).hasSize(1);
            assertThat(other.count("/")).isZero();

            Run wide = crawl(fast(home.url("/")).allowHost("localhost"));
            assertThat(wide.pages).hasSize(2);
            assertThat(wide.byUrl().get("http://localhost:" + other.port() + "/").title()).isEqualTo("other");
        }
    }

    @Test
    void retriesWithBackoff_aServerThatFailsTwiceThenAnswers() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, nth) -> TestServer.send(ex, nth <= 2 ? 503 : 200, "text/html", "<title>third time</title>"));
            PageResult p = crawl(fast(s.url("/")).backoff(Duration.ofMillis(50), Duration.ofSeconds(5))).only();
            assertThat(p.status()).isEqualTo(200);
            assertThat(p.attempts()).isEqualTo(3);
            assertThat(p.title()).isEqualTo("third time");
            // exponential: the second pause (jittered in [50, 100] ms) is at least half the first one's cap
            List<Long> t = s.times("/");
            long gap1 = t.get(1) - t.get(0);
            long gap2 = t.get(2) - t.get(1);
            assertThat(gap1).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
            assertThat(gap2).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        }
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, nth) -> TestServer.send(ex, nth <= 2 ? 503 : 200, "text/html", "late"));
            PageResult p = crawl(fast(s.url("/")).retries(1)).only();
            assertThat(p.status()).isEqualTo(503);
            assertThat(p.error()).isEqualTo("http 503: 127.0.0.1:" + s.port() + " answered Service Unavailable");
            assertThat(p.attempts()).isEqualTo(2);
        }
    }

    @Test
    void notWorthRetrying_404IsFetchedOnce() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, nth) -> TestServer.send(ex, 404, "text/html", "gone"));
            PageResult p = crawl(fast(s.url("/"))).only();
            assertThat(p.attempts()).isEqualTo(1);
            assertThat(p.cause()).isEqualTo("http 404");
        }
    }

    @Test
    void retryAfterIsHonoured_andAnAskForTooLongIsRefused() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, nth) -> {
                if (nth == 1) {
                    ex.getResponseHeaders().set("Retry-After", "1");
                    TestServer.send(ex, 429, "text/plain", "slow down");
                } else {
                    TestServer.send(ex, 200, "text/html", "ok");
                }
            });
            PageResult p = crawl(fast(s.url("/"))).only(); // backoff is 1 ms: only Retry-After explains a long pause
            assertThat(p.status()).isEqualTo(200);
            assertThat(p.attempts()).isEqualTo(2);
            assertThat(s.times("/").get(1) - s.times("/").get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
        }
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, nth) -> {
                ex.getResponseHeaders().set("Retry-After", "3600");
                TestServer.send(ex, 429, "text/plain", "come back in an hour");
            });
            PageResult p = crawl(fast(s.url("/"))).only();
            assertThat(p.error()).isEqualTo("http 429: 127.0.0.1:" + s.port() + " answered Too Many Requests");
            assertThat(s.count("/")).isEqualTo(1);
        }
    }

    @Test
    void connectErrorsAreRetriedThenRecorded() throws Exception {
        int deadPort;
        try (TestServer s = new TestServer()) {
            deadPort = s.port();
        }
        PageResult p = crawl(fast("http://127.0.0.1:" + deadPort + "/").obeyRobots(false).retries(2)).only();
        assertThat(p.cause()).isEqualTo("connect");
        assertThat(p.attempts()).isEqualTo(3);
        assertThat(p.status()).isZero();
    }

    @Test
    void redirectLoopAndTooManyRedirectsAreRecordedNotFollowedForever() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/a", (ex, n) -> TestServer.redirect(ex, "/b"));
            s.route("/b", (ex, n) -> TestServer.redirect(ex, "/a"));
            for (int i = 0; i < 20; i++) {
                int next = i + 1;
                s.route("/r" + i, (ex, n) -> TestServer.redirect(ex, "/r" + next));
            }
            s.html("/", "<a href='/a'>loop</a> <a href='/r0'>chain</a>");
            Map<String, PageResult> pages = crawl(fast(s.url("/")).maxRedirects(5)).byUrl();
            PageResult loop = pages.get(s.url("/a"));
            assertThat(loop.cause()).isEqualTo("redirect-loop");
            assertThat(loop.status()).isEqualTo(302);
            PageResult chain = pages.get(s.url("/r0"));
            assertThat(chain.cause()).isEqualTo("too-many-redirects");
            assertThat(chain.attempts()).isEqualTo(6);
            assertThat(s.count("/r6")).isZero();
        }
    }

    @Test
    void redirectToAPageAlreadySeenIsNotFetchedAgain() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/go", (ex, n) -> TestServer.redirect(ex, "/target"));
            s.html("/target", "<title>target</title>");
            s.html("/", "<a href='/target'>direct</a> <a href='/go'>via redirect</a>");
            Run run = crawl(fast(s.url("/")).concurrency(1));
            assertThat(s.count("/target")).isEqualTo(1);
            assertThat(run.pages).hasSize(3);
            PageResult go = run.byUrl().get(s.url("/go"));
            assertThat(go.finalUrl()).isEqualTo(s.url("/target"));
            assertThat(go.ok()).isTrue();
        }
    }

    @Test
    void bodyLargerThanTheCapIsCutAndMarked() throws Exception {
        try (TestServer s = new TestServer()) {
            byte[] big = new byte[1 << 20];
            java.util.Arrays.fill(big, (byte) 'x');
            s.route("/", (ex, n) -> TestServer.send(ex, 200, "text/plain", big));
            for (CrawlConfig.Client client : CrawlConfig.Client.values()) {
                PageResult p = crawl(fast(s.url("/")).maxBodyBytes(64 * 1024).client(client)).only();
                assertThat(p.truncated()).as(client.name()).isTrue();
                assertThat(p.bytes()).as(client.name()).isEqualTo(64 * 1024);
                assertThat(p.ok()).isTrue();
            }
        }
    }

    @Test
    void aServerThatTricklesOneBytePerSecondTimesOut() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, n) -> {
                ex.getResponseHeaders().set("Content-Type", "text/html");
                ex.sendResponseHeaders(200, 0);
                for (int i = 0; i < 30; i++) { // bounded: the client resets long before
                    ex.getResponseBody().write('<');
                    ex.getResponseBody().flush();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            for (CrawlConfig.Client client : CrawlConfig.Client.values()) {
                PageResult p = crawl(fast(s.url("/")).timeout(Duration.ofMillis(700)).client(client)).only();
                assertThat(p.cause()).as(client.name()).isEqualTo("timeout");
                assertThat(p.attempts()).isEqualTo(1); // a timeout is not retried
            }
        }
    }

    @Test
    void thePageDeadlineBoundsRetriesAndRedirectsTogether() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/", (ex, n) -> TestServer.send(ex, 503, "text/plain", "busy"));
            PageResult p = crawl(fast(s.url("/")).retries(1000).backoff(Duration.ofMillis(100), Duration.ofMillis(100))
                    .pageDeadline(Duration.ofMillis(600))).only();
            assertThat(p.cause()).isEqualTo("deadline");
            assertThat(p.attempts()).isGreaterThan(1).isLessThan(1000);
        }
    }

    @Test
    void malformedHtmlIsParsedAsABrowserWould() throws Exception {
        try (TestServer s = new TestServer()) {
            s.html("/", "<html><head><title>Broken & <b>bold</title><body><p><a href=/ok>ok<a href='a b'>spaces"
                    + "</i></b><div><a href=\"//127.0.0.1:" + s.port() + "/abs#x\">abs<a href=javascript:alert(1)>js"
                    + "<a href='mailto:x@y.z'>mail<a href=''>self<table><tr><td><a href=/ok>again");
            s.html("/ok", "fine");
            s.html("/a%20b", "spaces");
            s.html("/abs", "absolute");
            Map<String, PageResult> pages = crawl(fast(s.url("/"))).byUrl();
            PageResult root = pages.get(s.url("/"));
            assertThat(root.title()).isEqualTo("Broken & <b>bold");
            assertThat(root.links()).isEqualTo(4); // /ok, /a%20b, /abs, / (itself); no js, no mailto, /ok once
            assertThat(pages).containsKeys(s.url("/ok"), s.url("/a%20b"), s.url("/abs"));
            assertThat(pages.get(s.url("/a%20b")).status()).isEqualTo(200);
        }
    }

    @Test
    void binaryContentIsRecordedNotParsed() throws Exception {
        try (TestServer s = new TestServer()) {
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', '<', 'a', ' ', 'h', 'r', 'e', 'f', '=', '/', 'x', '>'};
            s.route("/", (ex, n) -> TestServer.send(ex, 200, "image/png", png));
            PageResult p = crawl(fast(s.url("/"))).only();
            assertThat(p.contentType()).isEqualTo("image/png");
            assertThat(p.bytes()).isEqualTo(png.length);
            assertThat(p.links()).isZero();
            assertThat(p.title()).isNull();
            assertThat(s.count("/x")).isZero();
        }
    }

    @Test
    void everyFailureBecomesARecordAndTheSummaryCountsCauses() throws Exception {
        try (TestServer s = new TestServer()) {
            s.html("/", "<a href=/missing>a</a><a href=/boom>b</a><a href=/ok>c</a>");
            s.route("/boom", (ex, n) -> TestServer.send(ex, 500, "text/plain", "boom"));
            s.html("/ok", "fine");
            Run run = crawl(fast(s.url("/")).retries(0));
            assertThat(run.pages).hasSize(4);
            assertThat(run.summary.ok()).isEqualTo(2);
            assertThat(run.summary.failuresByCause()).containsEntry("http 404", 1L).containsEntry("http 500", 1L);
            assertThat(run.summary.toText()).contains("ok 2, failed 2");
        }
    }
}
