package io.asyncio4j.samples.crawler;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code crawl --cluster}: this JVM joins the cluster (see {@link ClusterNode}), crawls with the
 * cluster's frontier ({@link ClusterFrontier}), writes its own records to its own {@code -o} file
 * (merged afterwards with {@code --merge}; no record crosses the network, and a node's file survives
 * the node) and prints the cluster's summary ({@link ClusterStats}) when the crawl is over everywhere.
 *
 * <p>The start URLs are put in a cluster map by the nodes that have them, so that a node started with
 * {@code --join} and no URL crawls the same scope. Every other option should be the same on every node.
 */
final class ClusterCrawl {
    private static final long STARTS_WAIT_MS = 120_000;
    /** How long a node that joins waits for the first node of this machine to leave the cluster's name. */
    private static final long NAME_WAIT_MS = 60_000;
    /**
     * Held so that the level sticks: at the end, a node's last messages to a node that has just left
     * make the event bus log a connection failure, which is expected then.
     */
    private static final java.util.logging.Logger EVENT_BUS_LOG = java.util.logging.Logger.getLogger("io.vertx.core.eventbus");

    private ClusterCrawl() {
    }

    static int run(CrawlCommand cmd, PrintStream out, PrintStream err) throws Exception {
        if (cmd.resume) {
            throw new IllegalArgumentException("--resume does not work with --cluster: the cluster's nodes share the frontier, "
                    + "not one output file");
        }
        if (cmd.compare) {
            throw new IllegalArgumentException("--compare does not work with --cluster");
        }
        String name = cmd.nodeName != null ? cmd.nodeName : cmd.clusterHost + ":" + cmd.clusterPort;
        String self = cmd.clusterHost + ":" + cmd.clusterPort;
        ClusterTls tls = ClusterTls.of(cmd.clusterKeystore, cmd.clusterTruststore, System.getenv(ClusterTls.PASSWORD_ENV));
        ClusterNode.checkAddresses(cmd.clusterHost, cmd.clusterPort, cmd.clusterBusPort, cmd.join, tls);
        String clusterName = clusterName(cmd);
        boolean drawn = cmd.clusterName == null && cmd.join.isEmpty();
        ClusterNode node = new ClusterNode(cmd.clusterHost, cmd.clusterPort, cmd.clusterBusPort, cmd.join, cmd.clusterFailureSeconds,
                clusterName, tls);
        EVENT_BUS_LOG.setLevel(java.util.logging.Level.SEVERE);
        DemoSite site = null;
        Vertx vertx = null;
        ClusterFrontier frontier = null;
        try {
            List<String> starts = cmd.startUrls;
            if (starts.isEmpty() && cmd.join.isEmpty()) {
                site = DemoSite.start(cmd.demoOptions());
                starts = List.of(site.url());
                if (!cmd.quiet) {
                    out.println("demo site: " + site.url() + " (" + cmd.demoPages + " pages, latency " + cmd.demoLatency.toMillis() + " ms)");
                }
            }
            try {
                vertx = node.start();
            } catch (Exception e) {
                // most often a port in use or an address that is not this machine's: the user's to fix
                throw new IllegalArgumentException("this node could not join the cluster at " + cmd.clusterHost + ":" + cmd.clusterPort
                        + " (--cluster-host, --cluster-port): " + e.getMessage(), e);
            }
            if (drawn) {
                leaveName(self, clusterName, cmd.quiet ? null : out, err);
            }
            int nodes = waitForNodes(vertx, cmd.clusterWaitNodes);
            if (!cmd.quiet) {
                out.println("cluster node " + name + ": in a cluster of " + nodes + " node(s)");
                out.flush();
            }
            AsyncMap<String, String> setup = vertx.sharedData().<String, String>getAsyncMap(ClusterFrontier.NAME + ".setup")
                    .await(60, TimeUnit.SECONDS);
            if (starts.isEmpty()) {
                starts = startsOfTheCluster(setup);
            } else {
                setup.putIfAbsent("starts", new JsonArray(new ArrayList<>(starts)).encode()).await(60, TimeUnit.SECONDS);
            }
            CrawlConfig config = cmd.config(starts);
            frontier = ClusterFrontier.open(vertx, config, cmd.clusterLease, name);
            ClusterFrontier shared = frontier;
            Crawler crawler = new Crawler(config, null, shared);
            ClusterStats stats = ClusterStats.start(vertx, name, crawler.stats(), frontier);
            try {
                return cmd.run(crawler, stats::progress, mine -> report(cmd, name, mine, stats, config, shared.queue().statistics()));
            } finally {
                stats.close();
            }
        } finally {
            if (drawn) {
                ClusterName.withdraw(ClusterName.directory(), self, clusterName);
            }
            if (frontier != null) {
                frontier.queue().close().get(30, TimeUnit.SECONDS);
            }
            if (vertx != null) {
                vertx.close().await(60, TimeUnit.SECONDS);
            }
            if (site != null) {
                site.close();
            }
        }
    }

    /**
     * The cluster's name: {@code --cluster-name} (or its environment variable); else, for a first node
     * (no {@code --join}), a new one; else the one the node it joins left on this machine (it may still
     * be starting: waited for, bounded).
     */
    private static String clusterName(CrawlCommand cmd) throws InterruptedException {
        if (cmd.clusterName != null) {
            return ClusterName.check(cmd.clusterName);
        }
        if (cmd.join.isEmpty()) {
            return ClusterName.generate();
        }
        String found = ClusterName.find(ClusterName.directory(), cmd.join, NAME_WAIT_MS);
        if (found == null) {
            throw new IllegalArgumentException("no --cluster-name, and no node that --join " + String.join(",", cmd.join)
                    + " names left its cluster's name on this machine (waited " + NAME_WAIT_MS / 1000 + " s): give this node "
                    + "the name the first node printed (--cluster-name or ASYNCIO4J_CLUSTER_NAME)");
        }
        return found;
    }

    /** A first node that drew its cluster's name: says it, and leaves it for the nodes of this machine that join it. */
    private static void leaveName(String self, String clusterName, @Nullable PrintStream out, PrintStream err) {
        try {
            ClusterName.publish(ClusterName.directory(), self, clusterName);
        } catch (java.io.IOException e) {
            err.println("cluster name " + clusterName + " could not be left for the other nodes (" + e.getMessage()
                    + "): give them --cluster-name " + clusterName);
        }
        if (out != null) {
            out.println("cluster name: " + clusterName + " (nodes on this machine that --join " + self + " find it; "
                    + "elsewhere give them --cluster-name " + clusterName + ")");
            out.flush();
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
                throw new IllegalArgumentException("--cluster-wait-nodes " + n + ": the cluster has " + size + " node(s) after "
                        + STARTS_WAIT_MS / 1000 + " s");
            }
            Thread.sleep(100);
        }
    }

    /** A node with --join and no URL: the start URLs a node that has them put in the cluster. */
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
                throw new IllegalArgumentException("no START_URL given and no node of the cluster has one (waited "
                        + STARTS_WAIT_MS / 1000 + " s)");
            }
            Thread.sleep(200);
        }
    }

    private static String report(CrawlCommand cmd, String name, CrawlSummary mine, ClusterStats stats, CrawlConfig config,
            io.asyncio4j.vertx.DistributedWorkQueue.NodeStatistics queueStats) {
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
        b.append("  this node (").append(name).append("): ").append(mine.pages()).append(" pages, ok ").append(mine.ok());
        io.asyncio4j.vertx.DistributedWorkQueue.NodeStatistics q = queueStats;
        b.append(nl).append(String.format(java.util.Locale.ROOT, "  queue (this node): %d messages sent, %d items got, "
                + "get overhead p50 %d us, p99 %d us, put p99 %d us", q.messagesSent(), q.gets(), q.getOverheadP50Micros(),
                q.getOverheadP99Micros(), q.putP99Micros()));
        if (config.output() != null && !cmd.quiet) {
            b.append(nl).append("  records in ").append(config.output())
                    .append(" (merge the nodes' files: crawl --merge FILE... -o all.jsonl)");
        }
        return b.toString();
    }
}
