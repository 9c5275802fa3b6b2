package io.asyncio4j.samples.crawler;

import io.asyncio4j.Async;
import io.asyncio4j.TaskGroup;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The frontier of a crawl in one JVM: the URLs seen ({@link SeenUrls}, fingerprints) and the count
 * of jobs not yet done. The jobs themselves wait in the scheduler's host slots, where this frontier
 * hands them at once. Confined to the crawl's event loop (its tasks run one at a time): no lock.
 */
final class LocalFrontier implements Frontier {
    private final SeenUrls seen = new SeenUrls();
    private final long maxPages;
    private long scheduled;
    /** Jobs handed out and not done; read by the progress bar's thread. */
    private volatile long outstanding;
    private @Nullable CompletableFuture<Void> allDone;
    private @Nullable Sink sink;

    LocalFrontier(long maxPages, long alreadyRecorded) {
        this.maxPages = maxPages;
        this.scheduled = alreadyRecorded;
    }

    @Override
    public void open(Sink sink, TaskGroup group) {
        this.sink = sink;
    }

    @Override
    public boolean schedule(String url, int depth, @Nullable Job from) {
        if (scheduled >= maxPages || !seen.add(url)) {
            return false;
        }
        scheduled++;
        outstanding++;
        Objects.requireNonNull(sink, "open first").accept(new Job(url, depth, null));
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
    public void done(Job job) {
        if (--outstanding == 0 && allDone != null) {
            CompletableFuture<Void> d = allDone;
            allDone = null;
            d.complete(null);
        }
    }

    @Override
    public void finish() {
        if (outstanding > 0) {
            if (allDone == null) {
                allDone = new CompletableFuture<>();
            }
            Async.await(allDone);
        }
    }

    @Override
    public long queued() {
        return outstanding;
    }
}
