package io.asyncio4j.samples.crawler;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the crawler takes from an HTML page: its title, its distinct http(s) links resolved against
 * the page's URL (or its {@code <base href>}) and normalised, its robots meta tag and its canonical
 * link. Read by {@link HtmlScanner} (the HTML5 tokenizer's rules, no tree), after the bytes are
 * decoded with the charset of the Content-Type, else of a byte-order mark or a {@code <meta charset>}
 * in the first 1024 bytes, else UTF-8 (bad bytes become U+FFFD).
 *
 * @param title the first {@code <title>}'s text, whitespace collapsed, or null if it has none
 * @param links the links, in page order, without duplicates
 * @param canonical the {@code <link rel=canonical>} URL, resolved, or null
 * @param metaRobots the {@code <meta name=robots>} content (e.g. {@code "noindex, nofollow"}), or null
 */
record HtmlPage(@Nullable String title, List<String> links, @Nullable String canonical, @Nullable String metaRobots) {
    private static final Pattern META_CHARSET = Pattern.compile("<meta\\s[^>]*charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_:.+-]+)",
            Pattern.CASE_INSENSITIVE);

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
        HtmlScanner scan = HtmlScanner.scan(decode(body, contentType));
        URI base = url;
        if (scan.baseHref != null) {
            URI b = Urls.normalize(url, scan.baseHref);
            if (b != null) {
                base = b;
            }
        }
        Set<String> links = new LinkedHashSet<>();
        for (String href : scan.hrefs) {
            String link = Urls.resolve(base, href);
            if (link != null) {
                links.add(link);
            }
        }
        String canonical = scan.canonical == null ? null : Urls.resolve(base, scan.canonical);
        return new HtmlPage(HtmlScanner.titleText(scan.title), new ArrayList<>(links), canonical, scan.metaRobots);
    }

    /** Whether the robots meta tag forbids following the page's links ({@code nofollow} or {@code none}). */
    boolean nofollow() {
        if (metaRobots == null) {
            return false;
        }
        for (String d : metaRobots.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            if (d.equals("nofollow") || d.equals("none")) {
                return true;
            }
        }
        return false;
    }

    static String decode(byte[] body, @Nullable String contentType) {
        Charset cs = headerCharset(contentType);
        int skip = 0;
        if (cs == null) {
            if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
                cs = StandardCharsets.UTF_8;
                skip = 3;
            } else if (body.length >= 2 && (body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF) {
                cs = StandardCharsets.UTF_16BE;
                skip = 2;
            } else if (body.length >= 2 && (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE) {
                cs = StandardCharsets.UTF_16LE;
                skip = 2;
            } else {
                cs = metaCharset(body);
            }
        }
        return new String(body, skip, body.length - skip, cs);
    }

    /** The {@code charset=} of a Content-Type, read without a regex (it is read for every page). */
    private static @Nullable Charset headerCharset(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        int n = contentType.length();
        for (int i = contentType.indexOf('=') - 7; i >= 0 && i + 8 <= n; i = contentType.indexOf('=', i + 8) - 7) {
            if (contentType.regionMatches(true, i, "charset=", 0, 8)) {
                int start = i + 8;
                if (start < n && contentType.charAt(start) == '"') {
                    start++;
                }
                int end = start;
                while (end < n && contentType.charAt(end) != '"' && contentType.charAt(end) != ';'
                        && !Character.isWhitespace(contentType.charAt(end))) {
                    end++;
                }
                String name = contentType.substring(start, end);
                return name.equalsIgnoreCase("utf-8") ? StandardCharsets.UTF_8 : supported(name);
            }
        }
        return null;
    }

    /** The HTML5 prescan, simplified: a {@code <meta ... charset=X>} in the first 1024 bytes, else UTF-8. */
    private static Charset metaCharset(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        Charset cs = m.find() ? supported(m.group(1)) : null;
        // a page that calls itself UTF-16 in ASCII bytes is not UTF-16 (HTML5 says: take UTF-8)
        return cs == null || cs.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : cs;
    }

    private static @Nullable Charset supported(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
