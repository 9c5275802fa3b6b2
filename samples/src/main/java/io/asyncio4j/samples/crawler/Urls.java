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
        if (h.isEmpty() && base == null) {
            return null;
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
