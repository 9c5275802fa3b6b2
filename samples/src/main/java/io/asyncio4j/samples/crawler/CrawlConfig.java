package io.asyncio4j.samples.crawler;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link Crawler} needs to know: where to start, how far to go, how hard to push, what
 * to write. Immutable; made with {@link #builder()}. The defaults are those of a polite crawler
 * (Scrapy's: 16 requests at a time, 8 per host, robots.txt obeyed).
 *
 * {@snippet :
 * CrawlConfig config = CrawlConfig.builder()
 *         .startUrl("https://example.org/")
 *         .concurrency(32).perHost(4).maxPages(1000).maxDepth(3)
 *         .output(Path.of("pages.jsonl"))
 *         .build();
 * }
 *
 * @param startUrls where to start (normalised); their hosts are in scope
 * @param concurrency requests in flight at most, in total
 * @param perHost requests in flight at most, per host
 * @param maxPages pages to record at most (every fetched or refused URL is one record)
 * @param maxDepth links followed from a start URL at most (start URLs are depth 0)
 * @param allowHosts more hosts in scope besides the start URLs' ({@code *.example.org} for subdomains)
 * @param timeout the time one request may take, body included
 * @param pageDeadline the time one page may take, retries and redirects included
 * @param retries how many times a failed request worth retrying is tried again
 * @param backoff the first retry's pause; each next one doubles, with jitter
 * @param maxBackoff the longest pause between retries, Retry-After included
 * @param delay the politeness pause between two requests to one host
 * @param obeyRobots whether robots.txt is fetched and obeyed
 * @param userAgent the User-Agent header (its first token is matched in robots.txt)
 * @param output the JSON Lines file to append records to, or null
 * @param resume whether to read {@code output} first and go on where it stopped
 * @param include URL patterns of which one must be found in a URL to follow it (none: all)
 * @param exclude URL patterns none of which may be found in a URL to follow it
 * @param maxBodyBytes body bytes read at most; the rest is cut off and the record marked
 * @param maxRedirects redirects followed at most per page
 * @param client which HTTP client to use
 * @param sitemaps whether to queue the pages the start hosts' sitemaps list (those their robots.txt
 *        names, else {@code /sitemap.xml})
 * @param autoThrottle whether each host's concurrency and pause adapt to its latency and errors
 */
public record CrawlConfig(List<URI> startUrls, int concurrency, int perHost, long maxPages, int maxDepth,
        Set<String> allowHosts, Duration timeout, Duration pageDeadline, int retries, Duration backoff,
        Duration maxBackoff, Duration delay, boolean obeyRobots, String userAgent, @Nullable Path output,
        boolean resume, List<Pattern> include, List<Pattern> exclude, long maxBodyBytes, int maxRedirects,
        Client client, boolean sitemaps, boolean autoThrottle) {

    /** The HTTP clients the crawler can use. */
    public enum Client {
        /**
         * The JDK's java.net.http.HttpClient: the default, because it was the faster client for this
         * crawler in benchmark W6 (docs/BENCHMARKS.md).
         */
        JDK,
        /** The Vert.x 5 HTTP client. */
        VERTX
    }

    /** The User-Agent sent unless another is given. */
    public static final String DEFAULT_USER_AGENT = "asyncio4j-crawler/0.1";

    /** Checks the values and copies the collections. */
    public CrawlConfig {
        startUrls = List.copyOf(startUrls);
        allowHosts = Set.copyOf(allowHosts);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pageDeadline, "pageDeadline");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(client, "client");
        positive(concurrency, "concurrency");
        positive(perHost, "perHost");
        positive(maxPages, "maxPages");
        positive(maxBodyBytes, "maxBodyBytes");
        notNegative(maxDepth, "maxDepth");
        notNegative(retries, "retries");
        notNegative(maxRedirects, "maxRedirects");
        if (resume && output == null) {
            throw new IllegalArgumentException("resume needs an output file");
        }
    }

    private static void positive(long v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
    }

    private static void notNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + v);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether a host is in scope: a start URL's host, or one allowed by {@link #allowHosts()}. */
    public boolean hostInScope(String host) {
        for (URI u : startUrls) {
            if (u.getHost().equals(host)) {
                return true;
            }
        }
        for (String a : allowHosts) {
            if (a.startsWith("*.") ? host.endsWith(a.substring(1)) || host.equals(a.substring(2)) : host.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the include and exclude patterns let {@code url} through. */
    boolean patternsAllow(String url) {
        if (!include.isEmpty()) {
            boolean any = false;
            for (Pattern p : include) {
                if (p.matcher(url).find()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        for (Pattern p : exclude) {
            if (p.matcher(url).find()) {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link CrawlConfig}; every setter returns the builder. */
    public static final class Builder {
        private final List<String> startUrls = new ArrayList<>();
        private int concurrency = 16;
        private int perHost = 8;
        private long maxPages = 10_000;
        private int maxDepth = 20;
        private final Set<String> allowHosts = new LinkedHashSet<>();
        private Duration timeout = Duration.ofSeconds(10);
        private Duration pageDeadline = Duration.ofSeconds(60);
        private int retries = 2;
        private Duration backoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration delay = Duration.ZERO;
        private boolean obeyRobots = true;
        private String userAgent = DEFAULT_USER_AGENT;
        private @Nullable Path output;
        private boolean resume;
        private final List<Pattern> include = new ArrayList<>();
        private final List<Pattern> exclude = new ArrayList<>();
        private long maxBodyBytes = 5L << 20;
        private int maxRedirects = 5;
        private Client client = Client.JDK;
        private boolean sitemaps;
        private boolean autoThrottle;

        private Builder() {}

        /** @param url a start URL (http or https) @return this */
        public Builder startUrl(String url) {
            startUrls.add(Objects.requireNonNull(url, "url"));
            return this;
        }

        /** @param urls start URLs (http or https) @return this */
        public Builder startUrls(java.util.Collection<String> urls) {
            urls.forEach(this::startUrl);
            return this;
        }

        /** @param n total requests in flight at most (default 16) @return this */
        public Builder concurrency(int n) {
            concurrency = n;
            return this;
        }

        /** @param n requests in flight per host at most (default 8) @return this */
        public Builder perHost(int n) {
            perHost = n;
            return this;
        }

        /** @param n records at most (default 10,000) @return this */
        public Builder maxPages(long n) {
            maxPages = n;
            return this;
        }

        /** @param n link depth at most (default 20) @return this */
        public Builder maxDepth(int n) {
            maxDepth = n;
            return this;
        }

        /** @param host another host in scope; {@code *.example.org} for its subdomains too @return this */
        public Builder allowHost(String host) {
            allowHosts.add(Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT));
            return this;
        }

        /** @param d the time one request may take (default 10 s) @return this */
        public Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        /** @param d the time one page may take in all (default 60 s) @return this */
        public Builder pageDeadline(Duration d) {
            pageDeadline = d;
            return this;
        }

        /** @param n retries of a request worth retrying (default 2) @return this */
        public Builder retries(int n) {
            retries = n;
            return this;
        }

        /** @param first the first retry's pause (default 250 ms) @param max the longest (default 30 s) @return this */
        public Builder backoff(Duration first, Duration max) {
            backoff = first;
            maxBackoff = max;
            return this;
        }

        /** @param d the pause between two requests to one host (default 0) @return this */
        public Builder delay(Duration d) {
            delay = d;
            return this;
        }

        /** @param obey whether to obey robots.txt (default true) @return this */
        public Builder obeyRobots(boolean obey) {
            obeyRobots = obey;
            return this;
        }

        /** @param ua the User-Agent header @return this */
        public Builder userAgent(String ua) {
            userAgent = ua;
            return this;
        }

        /** @param file the JSON Lines file to append to, or null for none @return this */
        public Builder output(@Nullable Path file) {
            output = file;
            return this;
        }

        /** @param r whether to go on from what {@link #output} already holds @return this */
        public Builder resume(boolean r) {
            resume = r;
            return this;
        }

        /** @param regex a pattern one of which a URL must contain to be followed @return this */
        public Builder include(String regex) {
            include.add(Pattern.compile(regex));
            return this;
        }

        /** @param regex a pattern a URL must not contain to be followed @return this */
        public Builder exclude(String regex) {
            exclude.add(Pattern.compile(regex));
            return this;
        }

        /** @param n body bytes read at most (default 5 MiB) @return this */
        public Builder maxBodyBytes(long n) {
            maxBodyBytes = n;
            return this;
        }

        /** @param n redirects followed at most (default 5) @return this */
        public Builder maxRedirects(int n) {
            maxRedirects = n;
            return this;
        }

        /** @param c the HTTP client (default: the JDK's) @return this */
        public Builder client(Client c) {
            client = c;
            return this;
        }

        /**
         * @param read whether to queue the pages of the start hosts' sitemaps (default false) @return this
         */
        public Builder sitemaps(boolean read) {
            sitemaps = read;
            return this;
        }

        /**
         * @param adapt whether each host's concurrency and pause adapt to its latency and errors, up to
         *        {@link #perHost} (default false) @return this
         */
        public Builder autoThrottle(boolean adapt) {
            autoThrottle = adapt;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException for a start URL that is not http(s), or a value out of range
         */
        public CrawlConfig build() {
            List<URI> starts = new ArrayList<>();
            for (String s : startUrls) {
                URI u = Urls.normalize(null, s);
                if (u == null) {
                    throw new IllegalArgumentException("start URL must be an absolute http(s) URL: " + s);
                }
                starts.add(u);
            }
            if (starts.isEmpty()) {
                throw new IllegalArgumentException("startUrls must not be empty");
            }
            return new CrawlConfig(starts, concurrency, perHost, maxPages, maxDepth, allowHosts, timeout, pageDeadline,
                    retries, backoff, maxBackoff, delay, obeyRobots, userAgent, output, resume, include, exclude,
                    maxBodyBytes, maxRedirects, client, sitemaps, autoThrottle);
        }
    }
}
