package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UrlsTest {
    private static final URI BASE = URI.create("http://example.org/a/b/page.html");

    private static String n(String href) {
        URI u = Urls.normalize(BASE, href);
        return u == null ? null : u.toString();
    }

    @Test
    void relativeLinksResolveAgainstTheBase() {
        assertThat(n("other.html")).isEqualTo("http://example.org/a/b/other.html");
        assertThat(n("../up.html")).isEqualTo("http://example.org/a/up.html");
        assertThat(n("/root")).isEqualTo("http://example.org/root");
        assertThat(n("//cdn.example.org/x")).isEqualTo("http://cdn.example.org/x");
        assertThat(n("?q=1")).isEqualTo("http://example.org/a/b/page.html?q=1");
        assertThat(n("../../../../too-high")).isEqualTo("http://example.org/too-high");
    }

    @Test
    void fragmentDroppedCaseAndDefaultPortNormalised() {
        assertThat(n("HTTP://Example.ORG:80/x#frag")).isEqualTo("http://example.org/x");
        assertThat(n("https://example.org:443")).isEqualTo("https://example.org/");
        assertThat(n("https://example.org:8443/./a/./b/")).isEqualTo("https://example.org:8443/a/b/");
        assertThat(n("#only-a-fragment")).isEqualTo("http://example.org/a/b/page.html");
    }

    @Test
    void onlyHttpAndHttpsSurvive() {
        assertThat(n("mailto:someone@example.org")).isNull();
        assertThat(n("javascript:void(0)")).isNull();
        assertThat(n("ftp://example.org/file")).isNull();
        assertThat(n("data:text/html,hi")).isNull();
        assertThat(n("http://")).isNull();
    }

    @Test
    void illegalCharactersAreQuotedNotFatal() {
        assertThat(n("a page with spaces.html")).isEqualTo("http://example.org/a/b/a%20page%20with%20spaces.html");
        assertThat(n("http://[bad")).isNull();
    }

    @Test
    void anEmptyLinkIsThePageItself() {
        assertThat(n("")).isEqualTo(BASE.toString());
        assertThat(n("  ")).isEqualTo(BASE.toString());
    }

    /** {@link Urls#resolve}'s own resolution of plain links gives what {@link Urls#normalize} gives, for every mix. */
    @Test
    void resolve_agreesWithNormalize() {
        String[] bases = {"http://example.org/a/b/page.html", "https://example.org:8443/", "http://127.0.0.1:8080/dir/",
            "http://example.org/a/b/page.html?x=1"};
        String[] heads = {"", "/", "./", "../", "../../", "/a/./", "/a/../", "//", "?", "http://", "https://", "HTTP://", "mailto:",
            "ftp://", "http://Example.org", "http://example.org:80", "https://example.org:443", "http://example.org:8080",
            "http://example.org:", "http://user@example.org", "http://[::1]:8080", "javascript:",
            "http://a-b.example", "http://-a.example", "http://1.2.3.4", "http://1.2.3.256", "http://01.2.3.4", "http://a..b",
            "http://x.1a", "http://example.org.", "http://ex_ample.org"};
        String[] middles = {"", "x", "x.html", "a/b", "a//b", ".", "..", ".hidden", "%20", "%zz", "a b", "é", "a:b", "a@b",
            "~user", "a;b=c", "x/..", "x/.", "/x/../../y"};
        String[] tails = {"", "/", "?q=1", "?q=a/b?c", "#frag", "?q#f", "?a=1&b=2", " ", "?é"};
        int checked = 0;
        for (String b : bases) {
            URI base = URI.create(b);
            for (String h : heads) {
                for (String m : middles) {
                    for (String t : tails) {
                        String href = h + m + t;
                        URI general = Urls.normalize(base, href);
                        assertThat(Urls.resolve(base, href)).as("%s + %s", b, href)
                                .isEqualTo(general == null ? null : general.toString());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 31 * 19 * 9);
    }

    @Test
    void theHostAndOriginOfANormalisedUrl() {
        assertThat(Urls.origin("http://user@example.org:8080/a?b")).isEqualTo("http://example.org:8080");
        assertThat(Urls.origin("https://example.org/")).isEqualTo("https://example.org");
        assertThat(Urls.host("http://example.org:8080/a")).isEqualTo("example.org");
        assertThat(Urls.host("http://[::1]:8080/a")).isEqualTo("[::1]");
        assertThat(Urls.host("http://[::1]/a")).isEqualTo("[::1]");
        assertThat(Urls.pathAndQuery("http://example.org:8080/a/b?c=d")).isEqualTo("/a/b?c=d");
    }
}
