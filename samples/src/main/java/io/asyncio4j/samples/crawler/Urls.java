package io.asyncio4j.samples.crawler;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * URL normalisation, so that one page has one name: relative links are resolved against the base,
 * the fragment is dropped, scheme and host are lower-cased, the default port is removed, an empty
 * path becomes {@code /} and dot segments are resolved. Only {@code http} and {@code https} URLs
 * survive; anything else ({@code mailto:}, {@code javascript:}, {@code ftp:}, garbage) gives null.
 */
public final class Urls {
    private Urls() {}

    /**
     * @param base the page the link was found on, or null for a start URL
     * @param href the link as written
     * @return the normalised absolute http(s) URL, or null if there is none
     */
    public static @Nullable URI normalize(@Nullable URI base, String href) {
        String h = href.strip();
        if (h.isEmpty()) {
            return base; // RFC 3986: an empty reference is the base itself (java.net.URI would take its directory)
        }
        URI uri = parse(base, h);
        if (uri == null) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == defaultPort(scheme)) {
            port = -1;
        }
        String path = removeDotSegments(uri.getRawPath() == null ? "" : uri.getRawPath());
        StringBuilder sb = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            sb.append(uri.getRawUserInfo()).append('@');
        }
        sb.append(host);
        if (port != -1) {
            sb.append(':').append(port);
        }
        sb.append(path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        try {
            return new URI(sb.toString());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * {@code normalize(base, href).toString()}, without the three parses of {@code java.net.URI} for
     * the links most pages are made of — a path, a relative path, a query, a plain absolute http(s)
     * URL — which it resolves itself (RFC 3986 section 5.2); anything else goes to {@link #normalize}.
     *
     * @param base a normalised URL (the page's, or its base)
     * @param href the link as written
     * @return the normalised absolute http(s) URL, or null if there is none
     */
    public static @Nullable String resolve(URI base, String href) {
        String simple = base.getRawUserInfo() == null ? resolveSimple(base, href) : null;
        if (simple != null) {
            return simple;
        }
        URI u = normalize(base, href);
        return u == null ? null : u.toString();
    }

    /** @return the resolved URL, or null if the link needs {@link #normalize} (or is no http(s) URL: it says so) */
    private static @Nullable String resolveSimple(URI base, String href) {
        int start = 0;
        int end = href.length();
        while (start < end && Character.isWhitespace(href.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(href.charAt(end - 1))) {
            end--;
        }
        int hash = href.indexOf('#', start);
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        for (int k = start; k < end; k++) {
            char c = href.charAt(k);
            if (!plain(c) || c == '%' && (k + 2 >= end || !isHex(href.charAt(k + 1)) || !isHex(href.charAt(k + 2)))) {
                return null; // to be quoted or checked by java.net.URI
            }
        }
        if (start == end) {
            return base.toString();
        }
        int q = href.indexOf('?', start);
        int pathEnd = q < 0 || q >= end ? end : q;
        char first = href.charAt(start);
        String path;
        if (first == '/') {
            if (start + 1 < end && href.charAt(start + 1) == '/') {
                return null; // //host/path
            }
            path = href.substring(start, pathEnd);
        } else if (first == '?') {
            path = base.getRawPath();
        } else {
            int colon = schemeEnd(href, start, pathEnd);
            if (colon >= 0) {
                return absolute(href, start, colon, pathEnd, end);
            }
            String basePath = base.getRawPath();
            path = basePath.substring(0, basePath.lastIndexOf('/') + 1) + href.substring(start, pathEnd);
        }
        if (path.contains("//")) {
            return null; // java.net.URI makes one slash of two in a resolved path: let it, so that both ways agree
        }
        String origin = origin(base);
        String p = path.contains("/.") ? removeDotSegments(path) : path;
        return pathEnd < end ? origin + p + href.substring(pathEnd, end) : origin + p;
    }

    /** A plain absolute URL: {@code http://} or {@code https://}, a lower-case host, maybe a port; else null. */
    private static @Nullable String absolute(String href, int start, int colon, int pathEnd, int end) {
        boolean http = colon - start == 4 && href.startsWith("http", start);
        boolean https = colon - start == 5 && href.startsWith("https", start);
        if (!http && !https || !href.startsWith("//", colon + 1)) {
            return null;
        }
        int authority = colon + 3;
        int slash = authority;
        while (slash < pathEnd && href.charAt(slash) != '/') {
            slash++;
        }
        int portColon = -1;
        for (int k = authority; k < slash; k++) {
            char c = href.charAt(k);
            if (c == ':' && portColon < 0) {
                portColon = k;
            } else if (portColon >= 0 ? c < '0' || c > '9' : !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return null;
            }
        }
        int hostEnd = portColon < 0 ? slash : portColon;
        if (!plainHost(href, authority, hostEnd)) {
            return null;
        }
        StringBuilder b = new StringBuilder(end - start + 1).append(href, start, hostEnd);
        if (portColon >= 0 && slash > portColon + 1) {
            if (href.charAt(portColon + 1) == '0' || slash - portColon > 6) {
                return null;
            }
            int port = Integer.parseInt(href, portColon + 1, slash, 10);
            if (port != (http ? 80 : 443)) {
                b.append(':').append(port);
            }
        }
        String path = href.substring(slash, pathEnd);
        if (path.contains("//")) {
            return null;
        }
        b.append(path.isEmpty() ? "/" : path.contains("/.") ? removeDotSegments(path) : path);
        return b.append(href, pathEnd, end).toString();
    }

    /**
     * A host java.net.URI surely reads as a host: dot-separated labels of lower-case letters, digits
     * and inner hyphens, the last one starting with a letter; or four decimal octets.
     */
    private static boolean plainHost(String s, int start, int end) {
        if (start == end) {
            return false;
        }
        int labels = 0;
        boolean allDigits = true;
        int labelStart = start;
        for (int k = start; k <= end; k++) {
            if (k < end && s.charAt(k) != '.') {
                allDigits &= s.charAt(k) >= '0' && s.charAt(k) <= '9';
                continue;
            }
            if (k == labelStart || s.charAt(labelStart) == '-' || s.charAt(k - 1) == '-') {
                return false; // empty label, or a hyphen at an end
            }
            labels++;
            if (k == end && !allDigits && !(s.charAt(labelStart) >= 'a' && s.charAt(labelStart) <= 'z')) {
                return false; // the top label starts with a letter
            }
            labelStart = k + 1;
        }
        if (allDigits) {
            if (labels != 4) {
                return false;
            }
            for (String octet : s.substring(start, end).split("\\.")) {
                if (octet.length() > 3 || octet.length() > 1 && octet.charAt(0) == '0' || Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the index of the ':' ending a scheme at {@code start}, or -1 if the reference has none */
    private static int schemeEnd(String href, int start, int end) {
        if (!(href.charAt(start) >= 'a' && href.charAt(start) <= 'z' || href.charAt(start) >= 'A' && href.charAt(start) <= 'Z')) {
            return -1;
        }
        for (int k = start + 1; k < end; k++) {
            char c = href.charAt(k);
            if (c == ':') {
                return k;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return -1;
            }
        }
        return -1;
    }

    /** Characters a URL may hold as they are (RFC 3986's unreserved, sub-delims, ':', '@', '/', '?', '%'). */
    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** RFC 3986 section 5.2.4, and an empty path becomes {@code /}; ".." above the root is dropped, as browsers do. */
    static String removeDotSegments(String path) {
        String[] parts = path.split("/", -1);
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (int i = 1; i < parts.length; i++) {
            String seg = parts[i];
            boolean last = i == parts.length - 1;
            if (seg.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (seg.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(seg);
            }
        }
        return out.isEmpty() ? "/" : "/" + String.join("/", out);
    }

    /** @return the scheme's default port, or -1 */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    /** @return {@code scheme://host[:port]}, the key of per-host limits and robots.txt */
    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /**
     * {@link #origin(URI)} of a URL written as {@link #normalize} writes it, without parsing it.
     *
     * @param normalized {@code scheme://[userinfo@]host[:port]/path[?query]}
     * @return {@code scheme://host[:port]}
     */
    public static String origin(String normalized) {
        int authority = normalized.indexOf("://") + 3;
        int path = pathStart(normalized, authority);
        int at = normalized.lastIndexOf('@', path - 1);
        if (at < authority) {
            return normalized.substring(0, path);
        }
        return normalized.substring(0, authority) + normalized.substring(at + 1, path);
    }

    /** @return the host of a URL written as {@link #normalize} writes it (no user, no port) */
    static String host(String normalized) {
        String origin = origin(normalized);
        int authority = origin.indexOf("://") + 3;
        int colon = origin.lastIndexOf(':');
        return colon > authority && origin.charAt(origin.length() - 1) != ']' ? origin.substring(authority, colon)
                : origin.substring(authority);
    }

    /** @return the raw path and query of a URL written as {@link #normalize} writes it */
    static String pathAndQuery(String normalized) {
        return normalized.substring(pathStart(normalized, normalized.indexOf("://") + 3));
    }

    private static int pathStart(String url, int authority) {
        for (int i = authority; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return url.length();
    }

    private static @Nullable URI parse(@Nullable URI base, String h) {
        if (base != null && h.startsWith("?")) {
            // RFC 3986: a query-only reference keeps the base path (java.net.URI follows RFC 2396 and drops it)
            h = base.getRawPath() + h;
        }
        try {
            URI u = new URI(h);
            return base == null ? u : base.resolve(u);
        } catch (URISyntaxException | IllegalArgumentException e) {
            // links with spaces or non-ASCII characters: let URL split them, then let URI quote them
            try {
                URL u = base == null ? new URL(h) : new URL(base.toURL(), h);
                return new URI(u.getProtocol(), u.getUserInfo(), u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null);
            } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e2) {
                return null;
            }
        }
    }
}
