package io.asyncio4j.samples.crawler.cluster;

import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.CrawlSummary;
import io.asyncio4j.samples.crawler.Crawler;
import io.asyncio4j.vertx.DistributedWorkQueue;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One node of a crawl shared by a cluster ({@code crawl --cluster}): this JVM joins the cluster (see
 * {@link ClusterNode}), crawls with the cluster's frontier ({@link ClusterFrontier}), writes its own
 * records to its own output file (merged afterwards with {@code crawl --merge}; no record crosses the
 * network, and a node's file survives the node) and reports the cluster's summary
 * ({@link ClusterStats}) when the crawl is over everywhere.
 *
 * <p>The start URLs are put in a cluster map by the nodes that have them, so that a node that joins
 * with none crawls the same scope. Every other setting should be the same on every node.
 *
 * <p>The cluster has a name ({@link ClusterName}): a first node given none draws one and leaves it on
 * this machine for the nodes that join it. Off 127.0.0.1 the event bus needs TLS ({@link ClusterTls}).
 *
 * {@snippet :
 * ClusterCrawl.Settings node = new ClusterCrawl.Settings("127.0.0.1", 5701, 0, List.of(), 10,
 *         Duration.ofSeconds(10), 1, null, null, null);
 * try (ClusterCrawl c = ClusterCrawl.join(node, List.of("http://127.0.0.1:8080/"),
 *         starts -> CrawlConfig.builder().startUrls(starts).build(), System.out::println, System.err::println)) {
 *     System.out.println(c.report(c.crawler().crawl()));
 * }
 * }
 */
public final class ClusterCrawl implements AutoCloseable {
    private static final long STARTS_WAIT_MS = 120_000;
    /** How long a node that joins waits for the first node of this machine to leave the cluster's name. */
    private static final long NAME_WAIT_MS = 60_000;
    /**
     * Held so that the level sticks: at the end, a node's last messages to a node that has just left
     * make the event bus log a connection failure, which is expected then.
     */
    private static final java.util.logging.Logger EVENT_BUS_LOG = java.util.logging.Logger.getLogger("io.vertx.core.eventbus");

    /**
     * How this JVM takes part in the cluster.
     *
     * @param host the address this node binds and the others reach it at
     * @param port this node's Hazelcast port
     * @param busPort this node's event-bus port, 0 for any free one
     * @param join other members to join ({@code host:port}); none for the first node
     * @param failureSeconds a member silent this long is dropped
     * @param lease how long a dead node's pages stay claimed before the others crawl them
     * @param waitNodes nodes the cluster must have before this node crawls
     * @param nodeName this node's name in the summary, or null for {@code host:port}
     * @param clusterName the cluster's name, or null: a first node (no {@code join}) draws one, a node
     *        that joins finds the one its first node left on this machine
     * @param tls the event bus's TLS, or null for plain TCP (only on a loopback {@code host})
     */
    public record Settings(String host, int port, int busPort, List<String> join, int failureSeconds, Duration lease,
            int waitNodes, @Nullable String nodeName, @Nullable String clusterName, @Nullable ClusterTls tls) {
        /**
         * Copies the list, checks the values before anything starts: ports in range, the members as
         * HOST:PORT, TLS when the event bus leaves this machine, the cluster's name.
         */
        public Settings {
            Objects.requireNonNull(lease, "lease");
            join = List.copyOf(join);
            ClusterNode.checkAddresses(host, port, busPort, join, tls);
            if (clusterName != null) {
                ClusterName.check(clusterName);
            }
            if (waitNodes < 1) {
                throw new IllegalArgumentException("waitNodes must be >= 1, was " + waitNodes);
            }
        }

        /** @return {@code host:port}, this node's Hazelcast address */
        String self() {
            return host + ":" + port;
        }

        /** @return the node's name: {@link #nodeName()} or {@code host:port} */
        public String name() {
            return nodeName != null ? nodeName : host + ":" + port;
        }
    }

    private final Settings settings;
    private final Vertx vertx;
    private final int nodes;
    private final CrawlConfig config;
    private final ClusterFrontier frontier;
    private final Crawler crawler;
    private final ClusterStats stats;
    /** The cluster's name if this node drew it (and left it on this machine), else null. */
    private final @Nullable String drawnName;

    private ClusterCrawl(Settings settings, Vertx vertx, int nodes, CrawlConfig config, ClusterFrontier frontier, Crawler crawler,
            ClusterStats stats, @Nullable String drawnName) {
        this.settings = settings;
        this.drawnName = drawnName;
        this.vertx = vertx;
        this.nodes = nodes;
        this.config = config;
        this.frontier = frontier;
        this.crawler = crawler;
        this.stats = stats;
    }

    /**
     * Joins the cluster, waits until it has {@link Settings#waitNodes()} nodes, and prepares this
     * node's crawler (not started: call {@code crawler().crawl()}).
     *
     * @param settings how this node takes part
     * @param starts the start URLs, or none to take those another node of the cluster has
     * @param config makes the crawl's configuration from the start URLs
     * @param say takes a line for the user, said once this node is in the cluster and before it waits
     *        for the others: the name it drew for the cluster
     * @param warn takes a line for the user when the drawn name could not be left for the other nodes
     * @return the node, to close after the crawl
     * @throws IllegalArgumentException if this node cannot join (a port in use, an address not this
     *         machine's), finds no cluster name, or no start URL is given here nor anywhere in the cluster
     */
    public static ClusterCrawl join(Settings settings, List<String> starts, Function<List<String>, CrawlConfig> config,
            Consumer<String> say, Consumer<String> warn) throws Exception {
        String clusterName = clusterName(settings);
        String drawn = settings.clusterName() == null && settings.join().isEmpty() ? clusterName : null;
        ClusterNode node = new ClusterNode(settings.host(), settings.port(), settings.busPort(), settings.join(),
                settings.failureSeconds(), clusterName, settings.tls());
        EVENT_BUS_LOG.setLevel(java.util.logging.Level.SEVERE);
        Vertx vertx;
        try {
            vertx = node.start();
        } catch (Exception e) {
            // most often a port in use or an address that is not this machine's: the user's to fix
            throw new IllegalArgumentException("this node could not join the cluster at " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        ClusterFrontier frontier = null;
        try {
            if (drawn != null) {
                leaveName(settings.self(), drawn, say, warn);
            }
            int nodes = waitForNodes(vertx, settings.waitNodes());
            AsyncMap<String, String> setup = vertx.sharedData().<String, String>getAsyncMap(ClusterFrontier.NAME + ".setup")
                    .await(60, TimeUnit.SECONDS);
            List<String> crawlFrom = starts;
            if (crawlFrom.isEmpty()) {
                crawlFrom = startsOfTheCluster(setup);
            } else {
                setup.putIfAbsent("starts", new JsonArray(new ArrayList<>(crawlFrom)).encode()).await(60, TimeUnit.SECONDS);
            }
            CrawlConfig c = config.apply(crawlFrom);
            frontier = ClusterFrontier.open(vertx, c, settings.lease(), settings.name());
            Crawler crawler = new Crawler(c, null, frontier);
            ClusterStats stats = ClusterStats.start(vertx, settings.name(), crawler.stats(), frontier);
            return new ClusterCrawl(settings, vertx, nodes, c, frontier, crawler, stats, drawn);
        } catch (Exception | Error e) {
            if (drawn != null) {
                ClusterName.withdraw(ClusterName.directory(), settings.self(), drawn);
            }
            closeQuietly(frontier, vertx);
            throw e;
        }
    }

    /**
     * The cluster's name: the one given; else, for a first node (no {@code join}), a new one; else the
     * one the node it joins left on this machine (it may still be starting: waited for, bounded).
     */
    private static String clusterName(Settings settings) throws InterruptedException {
        if (settings.clusterName() != null) {
            return settings.clusterName();
        }
        if (settings.join().isEmpty()) {
            return ClusterName.generate();
        }
        String found = ClusterName.find(ClusterName.directory(), settings.join(), NAME_WAIT_MS);
        if (found == null) {
            throw new IllegalArgumentException("no --cluster-name, and no node that --join " + String.join(",", settings.join())
                    + " names left its cluster's name on this machine (waited " + NAME_WAIT_MS / 1000 + " s): give this node "
                    + "the name the first node printed (--cluster-name or ASYNCIO4J_CLUSTER_NAME)");
        }
        return found;
    }

    /** A first node that drew its cluster's name: says it, and leaves it for the nodes of this machine that join it. */
    private static void leaveName(String self, String clusterName, Consumer<String> say, Consumer<String> warn) {
        try {
            ClusterName.publish(ClusterName.directory(), self, clusterName);
        } catch (java.io.IOException e) {
            warn.accept("cluster name " + clusterName + " could not be left for the other nodes (" + e.getMessage()
                    + "): give them --cluster-name " + clusterName);
        }
        say.accept("cluster name: " + clusterName + " (nodes on this machine that --join " + self + " find it; "
                + "elsewhere give them --cluster-name " + clusterName + ")");
    }

    /** @return the nodes the cluster had when this one joined */
    public int nodes() {
        return nodes;
    }

    /** @return this node's name */
    public String nodeName() {
        return settings.name();
    }

    /** @return the crawl's configuration (its start URLs may come from another node) */
    public CrawlConfig config() {
        return config;
    }

    /** @return this node's crawler; {@code crawl()} it once */
    public Crawler crawler() {
        return crawler;
    }

    /** @return the whole cluster's progress, as last read (for a progress bar) */
    public Crawler.Progress progress() {
        return stats.progress();
    }

    /**
     * Puts this node's final counters in the cluster and waits (bounded) for every other node's.
     *
     * @param mine this node's summary
     * @return the cluster's summary, this node's share and this node's queue figures, as text
     */
    public String report(CrawlSummary mine) {
        Map.Entry<CrawlSummary, Integer> total;
        try {
            total = stats.finish(mine.seconds(), mine.interrupted(), mine.interrupted() ? 0 : 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return mine.toText();
        } catch (Exception e) {
            return mine.toText() + System.lineSeparator() + "  (the cluster's counters could not be read: " + e + ")";
        }
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder();
        b.append("cluster of ").append(total.getValue()).append(" node(s): ").append(total.getKey().toText()).append(nl);
        b.append("  this node (").append(settings.name()).append("): ").append(mine.pages()).append(" pages, ok ")
                .append(mine.ok());
        DistributedWorkQueue.NodeStatistics q = frontier.queue().statistics();
        b.append(nl).append(String.format(Locale.ROOT, "  queue (this node): %d messages sent, %d items got, "
                + "get overhead p50 %d us, p99 %d us, put p99 %d us", q.messagesSent(), q.gets(), q.getOverheadP50Micros(),
                q.getOverheadP99Micros(), q.putP99Micros()));
        return b.toString();
    }

    /**
     * Stops publishing this node's counters, closes the queue on this node and leaves the cluster (and
     * takes back the cluster's name if this node left it on this machine).
     */
    @Override
    public void close() throws Exception {
        try {
            stats.close();
            frontier.queue().close().get(30, TimeUnit.SECONDS);
            vertx.close().await(60, TimeUnit.SECONDS);
        } finally {
            if (drawnName != null) {
                ClusterName.withdraw(ClusterName.directory(), settings.self(), drawnName);
            }
        }
    }

    private static void closeQuietly(@Nullable ClusterFrontier frontier, Vertx vertx) {
        try {
            if (frontier != null) {
                frontier.queue().close().get(30, TimeUnit.SECONDS);
            }
            vertx.close().await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already failing: the first error is the one to report
        }
    }

    /** Waits (bounded) until the cluster has {@code n} nodes; returns how many it has. */
    private static int waitForNodes(Vertx vertx, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTS_WAIT_MS);
        while (true) {
            int size = ((VertxInternal) vertx).clusterManager().getNodes().size();
            if (size >= n) {
                return size;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("waiting for " + n + " nodes: the cluster has " + size + " node(s) after "
                        + STARTS_WAIT_MS / 1000 + " s");
            }
            Thread.sleep(100);
        }
    }

    /** A node that joins with no URL: the start URLs a node that has them put in the cluster. */
    private static List<String> startsOfTheCluster(AsyncMap<String, String> setup) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTS_WAIT_MS);
        while (true) {
            String s = setup.get("starts").await(60, TimeUnit.SECONDS);
            if (s != null) {
                List<String> starts = new ArrayList<>();
                new JsonArray(s).forEach(u -> starts.add((String) u));
                return starts;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("no start URL given and no node of the cluster has one (waited "
                        + STARTS_WAIT_MS / 1000 + " s)");
            }
            Thread.sleep(200);
        }
    }
}
