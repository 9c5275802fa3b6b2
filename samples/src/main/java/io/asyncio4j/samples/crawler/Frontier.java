package io.asyncio4j.samples.crawler;

import io.asyncio4j.TaskGroup;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the crawl's URLs wait and which ones it has seen: this JVM's own (the default), or a
 * cluster's ({@code crawler.cluster.ClusterFrontier}). The frontier hands its jobs to the crawl's
 * scheduler, which keeps them per host until the host can take a request (see {@link Crawler}).
 * Every method is called from a task of the crawl's event loop and may await.
 */
public interface Frontier {
    /**
     * A URL to crawl, with its distance from a start URL.
     *
     * @param url the normalised URL (kept as text: a frontier may hold a million of them)
     * @param depth links followed from a start URL
     * @param ticket what the frontier needs back in {@link #done}, or null
     */
    record Job(String url, int depth, @Nullable Object ticket) {
        /** A job for {@code url}. */
        public Job(URI url, int depth, @Nullable Object ticket) {
            this(url.toString(), depth, ticket);
        }

        /** @return the URL, parsed */
        public URI uri() {
            return URI.create(url);
        }
    }

    /** Takes the frontier's jobs: the crawl's scheduler. */
    @FunctionalInterface
    interface Sink {
        /** Takes one job, on the crawl's loop; never waits. */
        void accept(Job job);
    }

    /**
     * Starts handing jobs to {@code sink}. Called once, first, from the crawl's main task.
     *
     * @param sink takes every job queued from now on
     * @param group the crawl's tasks, for any task the frontier needs (cancelled with the crawl)
     */
    void open(Sink sink, TaskGroup group);

    /**
     * Queues {@code url} unless it was seen before or the page limit is reached.
     *
     * @param url a normalised URL ({@link Urls#normalize}, {@link Urls#resolve})
     * @param from the job whose page links to it, null for a start URL (a cluster's frontier lets a
     *        second attempt of the same job queue again what its first attempt marked seen)
     * @return whether it was queued
     */
    boolean schedule(String url, int depth, @Nullable Job from);

    /** Queues each of {@code urls} as {@link #schedule} does, in order (a cluster's frontier checks them all at once). */
    default void scheduleAll(List<String> urls, int depth, @Nullable Job from) {
        for (String u : urls) {
            schedule(u, depth, from);
        }
    }

    /**
     * Marks {@code url} seen without queuing it (a redirect's target, fetched under another name).
     *
     * @return whether it was not seen before
     */
    boolean markSeen(String url, Job from);

    /** Reports the job recorded: it is never handed out again. A job not recorded (the crawl was cancelled) is not reported. */
    void done(Job job);

    /**
     * @return whether a job's record must be in the output file before {@link #done} (a cluster's
     *         frontier: once done, no other node crawls the URL again, so a node killed right after
     *         must not lose the record in a batch not yet written); false lets records wait for
     *         their batch
     */
    default boolean writeBeforeDone() {
        return false;
    }

    /** Waits until every job queued (on any node) is done; then hands out no more. */
    void finish();

    /**
     * @return whether {@code job} was handed out before (a cluster's node died or stalled past its
     *         lease holding it), so that its page may be recorded twice; never for this JVM's frontier
     */
    default boolean handedOutAgain(Job job) {
        return false;
    }

    /** @return jobs queued or in flight, for the progress bar (from any thread; may lag) */
    long queued();
}
