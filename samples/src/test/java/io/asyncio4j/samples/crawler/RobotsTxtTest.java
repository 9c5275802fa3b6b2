package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RobotsTxtTest {
    private static final String TEXT = """
            # comment
            User-agent: *
            Disallow: /private/
            Allow: /private/open
            Disallow: /*.pdf$
            Crawl-delay: 2

            User-agent: othercrawler
            User-agent: asyncio4j-crawler
            Disallow: /
            Allow: /public
            """;

    @Test
    void starGroupLongestMatchWinsAndWildcardsWork() {
        RobotsTxt r = RobotsTxt.parse(TEXT, "somebot/1.0");
        assertThat(r.allows("/")).isTrue();
        assertThat(r.allows("/private/x")).isFalse();
        assertThat(r.allows("/private/open/x")).isTrue();
        assertThat(r.allows("/docs/a.pdf")).isFalse();
        assertThat(r.allows("/docs/a.pdf?x=1")).isTrue();
        assertThat(r.crawlDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void ourOwnGroupWinsOverStar() {
        RobotsTxt r = RobotsTxt.parse(TEXT, CrawlConfig.DEFAULT_USER_AGENT);
        assertThat(r.allows("/anything")).isFalse();
        assertThat(r.allows("/public/page")).isTrue();
        assertThat(r.crawlDelay()).isNull();
    }

    @Test
    void emptyDisallowAllowsEverything() {
        RobotsTxt r = RobotsTxt.parse("User-agent: *\nDisallow:\n", "x");
        assertThat(r.allows("/a")).isTrue();
        assertThat(RobotsTxt.DISALLOW_ALL.allows("/a")).isFalse();
        assertThat(RobotsTxt.ALLOW_ALL.allows("/a")).isTrue();
    }

    @Test
    void sitemapLinesBelongToNoGroup() {
        // as Google's parser reads it: a Sitemap line between two User-agent lines does not split their group
        RobotsTxt r = RobotsTxt.parse("Sitemap: http://h/a.xml\nUser-agent: me\nSitemap: http://h/b.xml.gz\n"
                + "User-agent: other\nDisallow: /x\n", "me");
        assertThat(r.sitemaps()).containsExactly("http://h/a.xml", "http://h/b.xml.gz");
        assertThat(r.allows("/x")).isFalse();
        assertThat(r.allows("/y")).isTrue();
    }
}
