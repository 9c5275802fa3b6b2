package io.asyncio4j.samples.crawler.cluster;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncSemaphore;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.Frontier;
import io.asyncio4j.samples.crawler.Urls;
import io.asyncio4j.vertx.DistributedWorkQueue;
import io.asyncio4j.vertx.VertxAsync;
import io.asyncio4j.vertx.WorkItem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The frontier of a crawl shared by the nodes of a Vert.x cluster ({@code crawl --cluster}):
 * <ul>
 * <li>the jobs wait in a {@link DistributedWorkQueue} partitioned by origin (scheme, host, port), with
 *     {@code --per-host} as its cluster-wide limit of jobs in flight per partition and {@code --delay}
 *     as its interval per partition, so politeness per host holds for the cluster as a whole;
 * <li>a URL is queued once in the cluster: the job that first marks it in the cluster map of seen
 *     URLs ({@code putIfAbsent}, with the job's id) queues it, with the URL as the item's id; if that
 *     job's node dies between the mark and the put, the job is handed out again and its next attempt,
 *     finding its own mark, puts the URL again (an idempotent put). Each node remembers the URLs it
 *     found marked, so a link met again costs no round trip, except in a job handed out again;
 * <li>{@code --max-pages} counts for the cluster, with a cluster counter;
 * <li>a job is acknowledged only once its record is written; a node that dies leaves its jobs
 *     unacknowledged, and they are crawled again by another node when their lease runs out;
 * <li>a node fetches only pages of its own scope, whatever a member of the cluster puts on the queue;
 * <li>a node holds at most {@code --concurrency} jobs (in flight, or waiting in its host slots): as
 *     many tasks as that take items from the queue, each after one of the node's jobs is done.
 * </ul>
 */
final class ClusterFrontier implements Frontier {
    static final String NAME = "asyncio4j-crawl";

    private final DistributedWorkQueue queue;
    private final AsyncMap<String, String> seen;
    private final Vertx vertx;
    /** The cluster's count of scheduled pages; made again if a partition lost it (see {@link #addScheduled}). */
    private Counter scheduled;
    private final long maxPages;
    /** This node's crawl: what it takes from the queue must be in its scope. */
    private final CrawlConfig config;
    private final String nodeName;
    private final CompletableFuture<Void> over = new CompletableFuture<>();
    private final int holdAtMost;
    /** Jobs this node may still take (of {@link #holdAtMost}); loop-confined once open. */
    private @Nullable AsyncSemaphore room;
    /**
     * URLs this node has found marked in the seen map (by any job), so need not check again: the
     * common case costs no round trip. Loop-confined. A job handed out again bypasses it: it must find
     * its own earlier attempt's marks (see {@link #scheduleAll(List, int, String, boolean)}).
     */
    private final Set<String> known = new HashSet<>();
    private volatile long queued;

    private ClusterFrontier(Vertx vertx, DistributedWorkQueue queue, AsyncMap<String, String> seen, Counter scheduled,
            CrawlConfig config, String nodeName) {
        this.vertx = vertx;
        this.config = config;
        this.maxPages = config.maxPages();
        this.holdAtMost = config.concurrency();
        this.queue = queue;
        this.seen = seen;
        this.scheduled = scheduled;
        this.nodeName = nodeName;
    }

    /** Opens the cluster's frontier on this node (blocks the calling plain thread until the maps are open). */
    static ClusterFrontier open(Vertx vertx, CrawlConfig config, java.time.Duration lease, String nodeName) throws Exception {
        DistributedWorkQueue.Options options = DistributedWorkQueue.Options.defaults().withLeaseTime(lease)
                .withMaxInFlightPerPartition(config.perHost()).withMinIntervalPerPartition(config.delay());
        DistributedWorkQueue queue = DistributedWorkQueue.open(vertx, NAME, options).get(60, TimeUnit.SECONDS);
        AsyncMap<String, String> seen = vertx.sharedData().<String, String>getAsyncMap(NAME + ".seen").await(60, TimeUnit.SECONDS);
        Counter scheduled = vertx.sharedData().getCounter(NAME + ".scheduled").await(60, TimeUnit.SECONDS);
        return new ClusterFrontier(vertx, queue, seen, scheduled, config, nodeName);
    }

    /** Starts the tasks that take the cluster's items for this node and hand them to the crawl. */
    @Override
    public void open(Sink sink, TaskGroup group) {
        AsyncSemaphore r = new AsyncSemaphore(holdAtMost);
        room = r;
        for (int i = 0; i < holdAtMost; i++) {
            group.createTask("cluster-take-" + i, () -> {
                while (true) {
                    Async.await(r.acquire());
                    Job job = take();
                    if (job == null) {
                        return null; // the crawl is over
                    }
                    sink.accept(job);
                }
            });
        }
    }

    DistributedWorkQueue queue() {
        return queue;
    }

    @Override
    public boolean schedule(String url, int depth, @Nullable Job from) {
        return scheduleAll(List.of(url), depth, marker(from), from == null || handedOutAgain(from)) == 1;
    }

    @Override
    public void scheduleAll(List<String> urls, int depth, @Nullable Job from) {
        scheduleAll(urls, depth, marker(from), from == null || handedOutAgain(from));
    }

    @Override
    public boolean handedOutAgain(Job job) {
        return ((WorkItem) Objects.requireNonNull(job.ticket())).delivery() > 1;
    }

    /** What a job writes in the seen map: its item's id (the same in every attempt), or "start". */
    private static String marker(@Nullable Job from) {
        return from == null ? "start" : ((WorkItem) Objects.requireNonNull(from.ticket())).id();
    }

    /**
     * A page's links in three rounds instead of three per link: mark them all in the seen map at once,
     * count the new ones against the page limit, put them at once. A URL already marked by the same
     * job (an earlier attempt of it, on a node that died before its puts were known) is put again:
     * the put is idempotent (the URL is the item's id), so it is not lost between the mark and the put.
     *
     * @return how many were put
     */
    private int scheduleAll(List<String> urls, int depth, String marker, boolean checkAll) {
        List<String> candidates = new ArrayList<>();
        List<CompletableFuture<String>> checks = new ArrayList<>();
        for (String key : urls) {
            if (checkAll || !known.contains(key)) {
                candidates.add(key);
                checks.add(VertxAsync.toStage(seen.putIfAbsent(key, marker)));
            }
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Async.await(CompletableFuture.allOf(checks.toArray(CompletableFuture<?>[]::new)));
        List<String> fresh = new ArrayList<>();
        List<String> again = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            String prev = checks.get(i).join();
            if (prev == null) {
                fresh.add(candidates.get(i));
            } else if (prev.equals(marker)) {
                again.add(candidates.get(i)); // counted by the earlier attempt
            }
        }
        long allowed = 0;
        if (!fresh.isEmpty()) {
            long after = addScheduled(fresh.size());
            allowed = Math.min(fresh.size(), Math.max(0, maxPages - (after - fresh.size())));
        }
        List<String> toPut = new ArrayList<>(fresh.subList(0, (int) allowed));
        toPut.addAll(again);
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (String key : toPut) {
            puts.add(queue.put(Urls.origin(key), new JsonObject().put("url", key).put("depth", depth).encode(), key));
        }
        Async.await(CompletableFuture.allOf(puts.toArray(CompletableFuture<?>[]::new)));
        known.addAll(candidates);
        return toPut.size();
    }

    /**
     * Adds {@code n} to the cluster's count of scheduled pages and returns the new count. A node that was
     * partitioned away and came back can find the counter's entry gone (Vert.x's Hazelcast counter then
     * fails with a NullPointerException on every call): the counter is made again, from 0, and this call
     * retried once, so the crawl goes on with a page cap that counts from there.
     */
    private long addScheduled(long n) {
        try {
            return Async.await(VertxAsync.toStage(scheduled.addAndGet(n)));
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException lost) {
            System.err.println("cluster node " + nodeName + ": the cluster's page counter was lost (" + lost
                    + "); it counts again from here");
            scheduled = Async.await(VertxAsync.toStage(vertx.sharedData().getCounter(NAME + ".scheduled")));
            return Async.await(VertxAsync.toStage(scheduled.addAndGet(n)));
        }
    }

    @Override
    public boolean markSeen(String url, Job from) {
        String prev = Async.await(VertxAsync.toStage(seen.putIfAbsent(url, marker(from))));
        return prev == null || prev.equals(marker(from));
    }

    /** @return the next of the cluster's items for this node that is a page of its crawl, or null once the crawl is over */
    @Nullable Job take() { // package-private: ClusterFrontierTest feeds it what a hostile member could queue
        while (true) {
            CompletableFuture<WorkItem> get = queue.get();
            try {
                Async.await(CompletableFuture.anyOf(get, over));
            } catch (CancellationException e) {
                get.cancel(false); // the crawl is cancelled here (Ctrl-C): an item that comes now goes back to the queue
                throw e;
            }
            if (!get.isDone() || get.isCompletedExceptionally()) {
                get.cancel(false); // an item that comes for it now goes back to the queue
                if (over.isDone()) {
                    return null;
                }
                throw new CancellationException("the cluster frontier was closed on this node");
            }
            WorkItem item = get.join();
            Job job = jobOfThisCrawl(item);
            if (job != null) {
                return job;
            }
            // Any member may put on the queue: an item that is not a page of this crawl is acknowledged
            // (so it is not handed out again) and never fetched.
            String body = item.body();
            System.err.println("crawl: dropped a queued item that is not a page of this crawl: "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
            try {
                Async.await(queue.taskDone(item));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                // it comes back after its lease, and is dropped again
            }
        }
    }

    /**
     * The item as a job, or null if it is none of this crawl's: a body other than {@code {url, depth}},
     * a URL that is not http(s) or whose host is out of this node's scope, a depth past
     * {@code --max-depth}. Host scope, not the patterns: a start URL need not match {@code --include}.
     */
    private @Nullable Job jobOfThisCrawl(WorkItem item) {
        try {
            JsonObject o = new JsonObject(item.body());
            URI url = new URI(o.getString("url"));
            int depth = o.getInteger("depth");
            boolean web = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
            if (web && url.getHost() != null && config.hostInScope(url.getHost()) && depth >= 0 && depth <= config.maxDepth()) {
                return new Job(url, depth, item);
            }
        } catch (RuntimeException | java.net.URISyntaxException e) {
            // not a job's body
        }
        return null;
    }

    /**
     * Acknowledges the job's item (the queue retries a map write that fails while the cluster changes).
     * If it still fails, the crawl goes on: the item comes back to the cluster after its lease, and a
     * page may be recorded twice, as after a node's death.
     */
    @Override
    public void done(Job job) {
        Objects.requireNonNull(room).release();
        try {
            Async.await(queue.taskDone((WorkItem) Objects.requireNonNull(job.ticket())));
        } catch (IllegalStateException e) {
            throw e; // not held (a bug), or a CancellationException: the crawl is being stopped
        } catch (RuntimeException e) {
            System.err.println("crawl: could not acknowledge " + job.url() + " (it will be crawled again): " + e);
        }
    }

    /** A job acknowledged is never handed out again: its record must be in the node's file first. */
    @Override
    public boolean writeBeforeDone() {
        return true;
    }

    @Override
    public void finish() {
        Async.await(queue.join());
        over.complete(null);
    }

    @Override
    public long queued() {
        return queued;
    }

    /** Asks the coordinator for the cluster's counts (the progress bar calls it now and then). */
    void refreshQueued() {
        queue.counts().thenAccept(c -> queued = c.ready() + c.inFlight());
    }
}
