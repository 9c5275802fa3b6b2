package io.asyncio4j.samples.crawler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

/**
 * What the crawler takes from an HTML page: its title and its distinct http(s) links, resolved
 * against the page's URL (or its {@code <base href>}) and normalised. jsoup parses any HTML, however
 * broken, as a browser would.
 *
 * @param title the title, or null if it has none
 * @param links the links, in page order, without duplicates
 */
record HtmlPage(@Nullable String title, List<URI> links) {
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);

    /** Whether a body is HTML: by its Content-Type, or, when there is none, by its first character. */
    static boolean isHtml(@Nullable String contentType, byte[] body) {
        if (contentType == null) {
            for (byte b : body) {
                if (!Character.isWhitespace(b)) {
                    return b == '<';
                }
            }
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/html") || ct.startsWith("application/xhtml+xml");
    }

    static HtmlPage parse(byte[] body, @Nullable String contentType, URI url) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(body), charset(contentType), url.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: the stream is in memory
        }
        String title = doc.title().strip();
        URI base = url;
        Element baseTag = doc.selectFirst("base[href]");
        if (baseTag != null) {
            URI b = Urls.normalize(url, baseTag.attr("href"));
            if (b != null) {
                base = b;
            }
        }
        Set<URI> links = new LinkedHashSet<>();
        for (Element a : doc.select("a[href]")) {
            URI link = Urls.normalize(base, a.attr("href"));
            if (link != null) {
                links.add(link);
            }
        }
        return new HtmlPage(title.isEmpty() ? null : title, new ArrayList<>(links));
    }

    private static @Nullable String charset(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = CHARSET.matcher(contentType);
        if (m.find() && Charset.isSupported(m.group(1))) {
            return m.group(1);
        }
        return null; // jsoup looks for a <meta charset>, then assumes UTF-8
    }
}
