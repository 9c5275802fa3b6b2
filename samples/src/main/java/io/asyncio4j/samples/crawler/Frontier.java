package io.asyncio4j.samples.crawler;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Where the crawl's URLs wait and which ones it has seen: this JVM's {@link LocalFrontier}, or a
 * cluster's ({@code crawler.cluster.ClusterFrontier}). Every method is called from a task of the crawl's event loop and
 * may await.
 */
public interface Frontier {
    /** A URL to crawl, with its distance from a start URL; {@code ticket} is what the frontier needs back in {@link #done}. */
    record Job(URI url, int depth, @Nullable Object ticket) {}

    /**
     * Queues {@code url} unless it was seen before or the page limit is reached.
     *
     * @param from the job whose page links to it, null for a start URL (a cluster's frontier lets a
     *        second attempt of the same job queue again what its first attempt marked seen)
     * @return whether it was queued
     */
    boolean schedule(URI url, int depth, @Nullable Job from);

    /** Queues each of {@code urls} as {@link #schedule} does, in order (a cluster's frontier checks them all at once). */
    default void scheduleAll(java.util.List<URI> urls, int depth, Job from) {
        for (URI u : urls) {
            schedule(u, depth, from);
        }
    }

    /**
     * Marks {@code url} seen without queuing it (a redirect's target, fetched under another name).
     *
     * @return whether it was not seen before
     */
    boolean markSeen(String url, Job from);

    /** @return the next job, or null once the crawl is over */
    @Nullable Job take();

    /** Reports the job recorded: it is never handed out again. */
    void done(Job job);

    /** Waits until every job queued (on any node) is done; then {@link #take()} returns null. */
    void finish();

    /**
     * @return whether {@code job} was handed out before (a cluster's node died or stalled past its
     *         lease holding it), so that its page may be recorded twice; never for this JVM's frontier
     */
    default boolean handedOutAgain(Job job) {
        return false;
    }

    /** @return jobs waiting, for the progress bar (from any thread; may lag) */
    long queued();
}
