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
}
