package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scanner reads what a browser's tokenizer reads: checked against jsoup's full parse (a tree, as
 * browsers build it) on the demo site's pages and on pages written to trip a tokenizer up.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HtmlPageTest {
    private static final URI URL = URI.create("http://127.0.0.1:8080/dir/page.html");

    /** What the crawler took from a page before the scanner: jsoup's title and a[href] of its whole tree. */
    private static HtmlPage jsoup(String html, URI url) {
        Document doc = Jsoup.parse(html, url.toString());
        URI base = url;
        Element baseTag = doc.selectFirst("base[href]");
        if (baseTag != null && Urls.normalize(url, baseTag.attr("href")) != null) {
            base = Urls.normalize(url, baseTag.attr("href"));
        }
        Set<String> links = new LinkedHashSet<>();
        for (Element a : doc.select("a[href]")) {
            String link = Urls.resolve(base, a.attr("href"));
            if (link != null) {
                links.add(link);
            }
        }
        String title = doc.title().strip();
        Element canonical = doc.selectFirst("link[rel~=(?i)(^|\\s)canonical(\\s|$)][href]");
        Element robots = doc.selectFirst("meta[name~=(?i)^\\s*robots\\s*$][content]");
        return new HtmlPage(title.isEmpty() ? null : title, new ArrayList<>(links),
                canonical == null ? null : Urls.resolve(base, canonical.attr("href")), robots == null ? null : robots.attr("content").strip());
    }

    private static HtmlPage scan(String html) {
        return HtmlPage.parse(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", URL);
    }

    @Test
    void theDemoSitesPages_readAsJsoupReadsThem() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.Options.defaults().withPages(300).withLatency(Duration.ZERO))) {
            for (int i = 0; i < 300; i++) {
                String html = site.render(i);
                URI url = URI.create(site.url() + "page/" + i);
                assertThat(HtmlPage.parse(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", url))
                        .as("page %d", i).isEqualTo(jsoup(html, url));
            }
        }
    }

    @Test
    void pagesWrittenToTripATokenizer_readAsJsoupReadsThem() {
        List<String> pages = List.of(
                "<title>Broken & <b>bold</title><a href=/ok>ok<a href='a b'>x<a href=\"/q?a=1&amp;b=2\">y<a href=''>self",
                "<!-- <a href=/in-comment> --> <a href=/after-comment>a</a> <!--> <a href=/after-empty-comment> <!---> x",
                "<!-- a -- b --!> <a href=/after-bang-comment>",
                "<script>var s = '<a href=/in-script>';</script><a href=/after-script>",
                "<style>a[href='/in-style'] {}</style><textarea><a href=/in-textarea></textarea><a href=/after>",
                "<A HREF=/upper>u</A><a\nhref\n=\n/newlines>n</a><a href=/first href=/second>dup</a>",
                "<a href>empty</a><a data-href=/not-href href=/real>r</a><a title='>' href=/after-quoted-gt>q</a>",
                "<title>  spaced\n\n  out &amp; &lt;b&gt; &copy;  </title><a href=javascript:void(0)>js</a><a href=mailto:a@b>m</a>",
                "<!DOCTYPE html><base href=/other/><a href=rel>relative to base</a><a href=/abs>abs</a>",
                "<noscript><a href=/in-noscript>n</a></noscript><template><a href=/in-template>t</a></template>",
                "<iframe><a href=/in-iframe></iframe><xmp><a href=/in-xmp></xmp><noembed><a href=/x></noembed><a href=/ok2>",
                "<svg><title>svg title</title><a href=/svg-link>s</a></svg><p>after svg",
                "<p>1 < 2 and 3 > 2 <a href=/after-text-lt>x</a> <3 <?php echo '<a href=/in-pi>' ?> <a href=/after-pi>",
                "<link rel='stylesheet canonical' href='/canon'><meta name=ROBOTS content=' noindex, nofollow '>",
                "<a href=/cut-off-at-the-end",
                "<a href='/unterminated-quote>never closed",
                "<plaintext><a href=/in-plaintext>",
                "</a href=/end-tag-attribute> <a href=/x%20y>z</a> <a href=\"http://Example.ORG:80/p#f\">abs</a>",
                "<a href=\"&#47;numeric&#x2F;refs\">n</a><a href=/ünïcode>u</a><a href='/tab\there'>t</a>");
        for (String html : pages) {
            assertThat(scan(html)).as(html).isEqualTo(jsoup(html, URL));
        }
    }

    @Test
    void aTitleOutsideTheHead_andFromBytes() {
        // jsoup looks for the title in the head only; the scanner takes the first one anywhere, as most crawlers do
        assertThat(scan("<body><p>text</p><title>late title</title>").title()).isEqualTo("late title");
        assertThat(scan("<svg><title>an SVG's title</title></svg><title>the page's</title>").title()).isEqualTo("the page's");
        // HTML5: a title never closed runs to the end of the document (jsoup rescans it as tags)
        assertThat(scan("<title>no end <a href=/inside-title>")).isEqualTo(new HtmlPage("no end <a href=/inside-title>", List.of(),
                null, null));
        byte[] latin1 = "<meta charset=iso-8859-1><title>caf\u00e9</title>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HtmlPage.parse(latin1, null, URL).title()).isEqualTo("caf\u00e9");
        byte[] bad = {'<', 't', 'i', 't', 'l', 'e', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 't', 'i', 't', 'l', 'e', '>'};
        assertThat(HtmlPage.parse(bad, "text/html", URL).title()).isEqualTo("\uFFFD(");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 't', 'i', 't', 'l', 'e', '>', 'b', 'o', 'm', '<', '/', 't', 'i', 't', 'l',
            'e', '>'};
        assertThat(HtmlPage.parse(bom, null, URL).title()).isEqualTo("bom");
    }

    @Test
    void robotsMetaNofollow() {
        assertThat(scan("<meta name=robots content='noindex, nofollow'>").nofollow()).isTrue();
        assertThat(scan("<meta name=robots content=none>").nofollow()).isTrue();
        assertThat(scan("<meta name=robots content=noindex>").nofollow()).isFalse();
        assertThat(scan("<meta name=googlebot content=nofollow>").nofollow()).isFalse();
    }

    @Test
    void theCharsetOfTheContentType_inItsEveryForm() {
        byte[] latin1 = "<title>caf\u00e9</title>".getBytes(StandardCharsets.ISO_8859_1);
        for (String ct : List.of("text/html; charset=ISO-8859-1", "text/html;Charset=\"iso-8859-1\"", "text/html; x=y; CHARSET=latin1 ",
                "text/html; foo=\"a=b\"; charset=iso-8859-1; q=1")) {
            assertThat(HtmlPage.parse(latin1, ct, URL).title()).as(ct).isEqualTo("caf\u00e9");
        }
        byte[] utf8 = "<title>caf\u00e9</title>".getBytes(StandardCharsets.UTF_8);
        for (String ct : List.of("text/html", "text/html; charset=UTF-8", "text/html; charset=no-such-charset", "text/html; charset=")) {
            assertThat(HtmlPage.parse(utf8, ct, URL).title()).as(ct).isEqualTo("caf\u00e9");
        }
    }
}
