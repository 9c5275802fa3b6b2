package io.asyncio4j.samples.crawler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The rules of one host's robots.txt for one user agent (RFC 9309): the group whose
 * {@code User-agent} names our product token, else the {@code *} group; the longest matching
 * {@code Allow}/{@code Disallow} path wins, {@code Allow} on a tie; {@code *} and a final {@code $}
 * work as wildcards. {@code Crawl-delay}, which many sites still use, is kept too, and the
 * {@code Sitemap} lines (which belong to no group).
 */
final class RobotsTxt {
    /** Allows everything: a missing robots.txt (4xx) means no rules. */
    static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), null, List.of());
    /** Allows nothing: RFC 9309 says an unreachable robots.txt (5xx, network error) means "do not crawl". */
    static final RobotsTxt DISALLOW_ALL = new RobotsTxt(List.of(new Rule("/", false)), null, List.of());

    private record Rule(String pattern, boolean allow) {}

    private final List<Rule> rules;
    private final @Nullable Duration crawlDelay;
    private final List<String> sitemaps;

    private RobotsTxt(List<Rule> rules, @Nullable Duration crawlDelay, List<String> sitemaps) {
        this.rules = rules;
        this.crawlDelay = crawlDelay;
        this.sitemaps = sitemaps;
    }

    /**
     * @param text the file's content
     * @param userAgent our User-Agent header; its first product token is matched against the groups
     * @return the rules that apply to us
     */
    static RobotsTxt parse(String text, String userAgent) {
        String token = userAgent.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>();
        List<Rule> star = new ArrayList<>();
        Duration mineDelay = null;
        Duration starDelay = null;
        boolean forMe = false;
        boolean forStar = false;
        boolean inAgents = false; // consecutive User-agent lines form one group's header
        boolean sawMine = false;
        List<String> sitemaps = new ArrayList<>();
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.replaceFirst("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("user-agent")) {
                if (!inAgents) {
                    forMe = false;
                    forStar = false;
                }
                inAgents = true;
                String agent = value.toLowerCase(Locale.ROOT);
                if (agent.equals("*")) {
                    forStar = true;
                } else if (!agent.isEmpty() && token.contains(agent)) {
                    forMe = true;
                    sawMine = true;
                }
                continue;
            }
            if (key.equals("sitemap")) { // in no group: it neither ends nor joins one
                if (!value.isEmpty()) {
                    sitemaps.add(value);
                }
                continue;
            }
            inAgents = false;
            if (key.equals("allow") || key.equals("disallow")) {
                if (value.isEmpty()) {
                    continue; // "Disallow:" with no path allows everything
                }
                Rule rule = new Rule(value, key.equals("allow"));
                if (forMe) {
                    mine.add(rule);
                }
                if (forStar) {
                    star.add(rule);
                }
            } else if (key.equals("crawl-delay")) {
                Duration d = parseDelay(value);
                if (forMe) {
                    mineDelay = d;
                }
                if (forStar) {
                    starDelay = d;
                }
            }
        }
        return sawMine ? new RobotsTxt(mine, mineDelay, List.copyOf(sitemaps)) : new RobotsTxt(star, starDelay, List.copyOf(sitemaps));
    }

    private static @Nullable Duration parseDelay(String v) {
        try {
            double s = Double.parseDouble(v);
            return s >= 0 && s <= 3600 ? Duration.ofMillis(Math.round(s * 1000)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return the URLs of the {@code Sitemap} lines, as written */
    List<String> sitemaps() {
        return sitemaps;
    }

    /** @return the site's Crawl-delay for us, or null */
    @Nullable Duration crawlDelay() {
        return crawlDelay;
    }

    /**
     * @param pathAndQuery the raw path, with {@code ?query} if any
     * @return whether we may fetch it
     */
    boolean allows(String pathAndQuery) {
        int best = -1;
        boolean allow = true;
        for (Rule r : rules) {
            if (matches(r.pattern, pathAndQuery)) {
                int len = r.pattern.length();
                if (len > best || (len == best && r.allow)) {
                    best = len;
                    allow = r.allow;
                }
            }
        }
        return allow;
    }

    private static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        return matchAt(p, 0, path, 0, anchored);
    }

    private static boolean matchAt(String p, int pi, String s, int si, boolean anchored) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (matchAt(p, pi + 1, s, k, anchored)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return !anchored || si == s.length();
    }
}
