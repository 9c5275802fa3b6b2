package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sitemaps feed the frontier: those robots.txt names, index files, gzip, text; and nothing else comes in with them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SitemapsTest {

    private static Set<String> paths(List<PageResult> pages) {
        return pages.stream().map(p -> URI.create(p.url()).getRawPath()).collect(Collectors.toSet());
    }

    @Test
    void theDemoSitesSitemap_queuesEveryPage_evenBeyondTheDepthLimit() {
        try (DemoSite site = DemoSite.start(DemoSite.Options.defaults().withPages(80).withLatency(Duration.ZERO).withFailureRate(0)
                .withSlowPages(0, Duration.ZERO))) {
            CrawlConfig.Builder b = CrawlConfig.builder().startUrl(site.url()).maxDepth(0).concurrency(8);
            List<PageResult> without = new ArrayList<>();
            new Crawler(b.build(), without::add).crawl();
            assertThat(without).hasSize(1);

            List<PageResult> with = new ArrayList<>();
            CrawlSummary s = new Crawler(b.sitemaps(true).build(), with::add).crawl();
            Set<String> got = paths(with);
            for (int i = 0; i < 80; i++) {
                assertThat(got).contains("/page/" + i);
            }
            assertThat(with).allMatch(p -> p.depth() == 0);
            assertThat(s.sitemapsRead()).isEqualTo(1);
            assertThat(s.sitemapPages()).isEqualTo(80);
            assertThat(s.toText()).contains("sitemaps: 1 fetched, 80 pages queued from them");
        }
    }

    @Test
    void anIndexOfGzippedAndTextSitemaps_andOnlyWhatIsInScope(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "do not read");
        try (TestServer s = new TestServer()) {
            String base = s.url("");
            s.route("/robots.txt", (ex, n) -> TestServer.send(ex, 200, "text/plain",
                    "User-agent: *\nDisallow: /private\nSitemap: " + base + "/index.xml.gz\n"));
            s.route("/index.xml.gz", (ex, n) -> TestServer.send(ex, 200, "application/gzip", gzip("<?xml version='1.0'?>"
                    + "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                    + "<sitemap><loc>" + base + "/pages.xml</loc></sitemap>"
                    + "<sitemap><loc> " + base + "/more.txt </loc></sitemap>"
                    + "<sitemap><loc>" + base + "/evil.xml</loc></sitemap></sitemapindex>")));
            s.route("/pages.xml", (ex, n) -> TestServer.send(ex, 200, "application/xml", "<urlset xmlns='http://www.sitemaps.org/schemas/"
                    + "sitemap/0.9'><url><loc>" + base + "/a</loc><lastmod>2026-01-01</lastmod></url><url><loc>" + base
                    + "/b?x=1&amp;y=2</loc></url><url><loc>http://elsewhere.invalid/c</loc></url>"
                    + "<url><loc>" + base + "/private/d</loc></url></urlset>"));
            s.route("/more.txt", (ex, n) -> TestServer.send(ex, 200, "text/plain", base + "/e\n\n" + base + "/f\n"));
            s.route("/evil.xml", (ex, n) -> TestServer.send(ex, 200, "application/xml", "<?xml version='1.0'?><!DOCTYPE u ["
                    + "<!ENTITY x SYSTEM '" + secret.toUri() + "'>]><urlset><url><loc>" + base + "/&x;</loc></url></urlset>"));
            for (String p : List.of("/", "/a", "/b", "/e", "/f")) {
                s.html(p, "<title>" + p + "</title>");
            }
            List<PageResult> pages = new ArrayList<>();
            CrawlSummary sum = new Crawler(CrawlConfig.builder().startUrl(s.url("/")).sitemaps(true).maxDepth(0).build(), pages::add)
                    .crawl();
            assertThat(paths(pages)).containsExactlyInAnyOrder("/", "/a", "/b", "/private/d", "/e", "/f");
            assertThat(pages).filteredOn(p -> p.url().endsWith("/b?x=1&y=2")).singleElement().matches(PageResult::ok);
            assertThat(pages).filteredOn(p -> p.url().endsWith("/private/d")).singleElement().matches(p -> "robots".equals(p.cause()));
            assertThat(s.count("/private/d")).isZero();
            assertThat(sum.sitemapsRead()).isEqualTo(4);
            assertThat(sum.sitemapErrors()).containsOnlyKeys(base + "/evil.xml"); // the DTD is refused, the file is not read
            assertThat(pages).noneMatch(p -> p.url().contains("do not read"));
        }
    }

    @Test
    void withoutRobotsTxt_theSitemapIsSitemapXml() throws Exception {
        try (TestServer s = new TestServer()) {
            s.route("/sitemap.xml", (ex, n) -> TestServer.send(ex, 200, "application/xml",
                    "<urlset><url><loc>" + s.url("/listed") + "</loc></url></urlset>"));
            s.html("/", "home");
            s.html("/listed", "listed");
            List<PageResult> pages = new ArrayList<>();
            new Crawler(CrawlConfig.builder().startUrl(s.url("/")).obeyRobots(false).sitemaps(true).build(), pages::add).crawl();
            assertThat(paths(pages)).containsExactlyInAnyOrder("/", "/listed");
            assertThat(s.count("/robots.txt")).isZero();
        }
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
