package io.asyncio4j.samples.crawler;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One piece of work for a host's slot: the next request of a page (its first, a retry, a redirect's
 * next hop), of a host's robots.txt, or of a sitemap. Between requests a step waits in its host's
 * queue, not in a worker: a retry's pause or a busy host never holds a worker (as Scrapy puts a
 * retry or a redirect back into its scheduler). It carries what the page's record needs across its
 * requests. Confined to the crawl's loop.
 */
final class Step {
    enum Kind { PAGE, ROBOTS, SITEMAP }

    final Kind kind;
    /** The frontier's job of a page; null for robots.txt and sitemaps. */
    final Frontier.@Nullable Job job;
    /** The host whose slot this step takes: its URL's, except for robots.txt (the host it is for, wherever it redirects). */
    String slotKey;
    /** The next request's URL. */
    URI url;
    /** For a sitemap: how many index files led to it. */
    final int nesting;

    /** A retry's earliest start (System.nanoTime), 0 for none. */
    long notBefore;
    /** When the first request started (System.nanoTime), 0 before it. */
    long started;
    /** {@link #started} plus the page's deadline. */
    long deadline;
    /** Requests made, retries and redirects included. */
    int attempts;
    /** Retries of the current URL. */
    int retries;
    /** Redirects followed. */
    int hops;
    /** The last status (0 if none came), its Content-Type, and body bytes read so far. */
    int status;
    @Nullable String contentType;
    long bytes;
    /** The URLs this page went through, for loop detection (made at the first redirect). */
    @Nullable Set<String> chain;
    /** Set by the scheduler: robots.txt disallows this page's URL. */
    boolean refused;
    /** Set by the scheduler: the slot this step's request takes (null for a refused page). */
    @Nullable HostSlot slot;

    private Step(Kind kind, Frontier.@Nullable Job job, URI url, String slotKey, int nesting) {
        this.kind = kind;
        this.job = job;
        this.url = url;
        this.slotKey = slotKey;
        this.nesting = nesting;
    }

    static Step page(Frontier.Job job, String origin) {
        return new Step(Kind.PAGE, job, job.uri(), origin, 0);
    }

    static Step robots(String origin) {
        return new Step(Kind.ROBOTS, null, URI.create(origin + "/robots.txt"), origin, 0);
    }

    static Step sitemap(URI url, int nesting) {
        return new Step(Kind.SITEMAP, null, url, Urls.origin(url), nesting);
    }

    /** Moves a page to its redirect's target: the next request goes there, through that host's slot. */
    boolean redirectTo(URI next) {
        if (chain == null) {
            chain = new HashSet<>();
            chain.add(url.toString());
        }
        if (!chain.add(next.toString())) {
            return false;
        }
        url = next;
        if (kind != Kind.ROBOTS) {
            slotKey = Urls.origin(next);
        }
        retries = 0;
        hops++;
        return true;
    }
}
