package io.asyncio4j.samples.crawler;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.QueueShutDown;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The frontier of a crawl in one JVM: an {@link AsyncQueue} of jobs and a set of seen URLs, both
 * confined to the crawl's event loop (its tasks run one at a time, so no lock). {@code taskDone} and
 * {@code join} tell when the crawl is over; {@code shutdown} then releases the idle workers.
 */
final class LocalFrontier implements Frontier {
    private final AsyncQueue<Job> queue = new AsyncQueue<>();
    private final Set<String> seen = new HashSet<>();
    private final long maxPages;
    private long scheduled;

    LocalFrontier(long maxPages, long alreadyRecorded) {
        this.maxPages = maxPages;
        this.scheduled = alreadyRecorded;
    }

    @Override
    public boolean schedule(URI url, int depth, @Nullable Job from) {
        if (scheduled >= maxPages || !seen.add(url.toString())) {
            return false;
        }
        scheduled++;
        queue.putNowait(new Job(url, depth, null));
        return true;
    }

    @Override
    public boolean markSeen(String url, Job from) {
        return seen.add(url);
    }

    /** Marks a URL of an earlier run's record seen ({@code --resume}). */
    void markRecorded(String url) {
        seen.add(url);
    }

    @Override
    public @Nullable Job take() {
        try {
            return Async.await(queue.get());
        } catch (QueueShutDown e) {
            return null; // the crawl is over
        }
    }

    @Override
    public void done(Job job) {
        queue.taskDone();
    }

    @Override
    public void finish() {
        Async.await(queue.join()); // every URL ever queued has been recorded
        queue.shutdown();          // idle workers leave their get() with QueueShutDown
    }

    @Override
    public long queued() {
        return queue.qsize();
    }
}
