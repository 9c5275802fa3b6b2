package io.asyncio4j.samples.crawler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.Crawler;
import io.asyncio4j.samples.crawler.JsonLinesOutput;
import io.asyncio4j.samples.crawler.PageResult;
import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crawl --cluster} for real: every node is a JVM of its own ({@code -Xmx256m}), the nodes
 * form a Hazelcast cluster over TCP/IP on 127.0.0.1, and they crawl the demo site served by this
 * JVM. The merged output is compared with what one crawler in this JVM records on the same site
 * (the site is deterministic; redirects are off, so the set of recorded URLs does not depend on
 * timing). Failure detection is set to seconds ({@code --cluster-failure-timeout 4},
 * {@code --cluster-lease 3s}) so that a killed or paused node is noticed quickly.
 */
@Timeout(170)
class ClusterCrawlTest {
    private static final int PAGES = 500;
    private static DemoSite site;
    private static Set<String> expected;
    private final List<Process> processes = new ArrayList<>();
    /** The cluster of the nodes that all know one another (each has a --join): they are given its name. */
    private final String clusterName = ClusterName.generate();

    @TempDir
    Path dir;

    @BeforeAll
    static void site() {
        site = DemoSite.start(DemoSite.Options.defaults().withPages(PAGES).withLatency(Duration.ofMillis(40)).withFailureRate(0)
                .withSlowPages(0, Duration.ZERO).withRedirectRate(0));
        Set<String> urls = new HashSet<>();
        new Crawler(CrawlConfig.builder().startUrl(site.url()).concurrency(16).build(), p -> urls.add(p.url())).crawl();
        expected = urls;
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    /**
     * The README's three-terminal recipe: n1 with no {@code --join} and no {@code --cluster-name} draws
     * the cluster's name and leaves it on this machine (here in the test's temporary directory); n2 and
     * n3 join n1 and find it.
     */
    @Test
    void threeNodesRecordEveryPageExactlyOnce() throws Exception {
        int[] ports = ClusterPorts.free(3);
        String first = "127.0.0.1:" + ports[0];
        Process n1 = node("n1", ports[0], List.of(), null, 3, true);
        Process n2 = node("n2", ports[1], List.of(first), null, 3, false);
        Process n3 = node("n3", ports[2], List.of(first), null, 3, false);
        for (Process p : List.of(n1, n2, n3)) {
            assertExits(p, 0);
        }
        assertThat(log("n1")).containsPattern("cluster name: crawl-[0-9a-f]{16} \\(nodes on this machine that --join " + first);
        List<String> all = new ArrayList<>();
        for (String n : List.of("n1", "n2", "n3")) {
            List<String> mine = urls(n);
            assertThat(mine).as("node %s took part", n).isNotEmpty();
            all.addAll(mine);
        }
        assertThat(all).as("no page recorded twice (no node failed)").doesNotHaveDuplicates();
        assertSameUrls(new HashSet<>(all));
        assertThat(log("n2")).contains("cluster of 3 node(s): crawl finished: " + expected.size() + " pages");
    }

    @Test
    void aKilledNodeLosesNoPage() throws Exception {
        List<Process> nodes = threeNodes();
        Process n1 = nodes.get(0);
        Process n2 = nodes.get(1);
        Process n3 = nodes.get(2);
        // n1 opened the queue first, so it most likely coordinates: killing it also tests the takeover
        waitUntil(() -> lines("n1") >= 40, "n1 recorded 40 pages");
        n1.destroyForcibly();
        n1.waitFor(20, TimeUnit.SECONDS);
        assertExits(n2, 0);
        assertExits(n3, 0);
        Merged m = merge("n1", "n2", "n3");
        assertSameUrls(m.distinct);
        assertThat(m.total - m.distinct.size()).as("pages recorded twice: only those n1 had in flight (3 at most)").isLessThanOrEqualTo(3);
        if (m.total > m.distinct.size()) { // a page recorded twice was recorded again from a URL handed out again
            assertThat(log("n2")).as("the cluster's summary names the pages handed out again").contains("handed out again");
        }
    }

    @Test
    void aNodeThatJoinsMidCrawlTakesWork() throws Exception {
        int[] ports = ClusterPorts.free(3);
        // a politeness pause (cluster-wide) makes the crawl last about 20 s, so that the late node, a JVM
        // that starts and joins in seconds (more on a loaded machine), comes while there is work left
        Process n1 = node("n1", ports, 0, 2, true, "--delay", "25ms");
        Process n2 = node("n2", ports, 1, 2, false, "--delay", "25ms");
        waitUntil(() -> lines("n1") + lines("n2") >= 60, "60 pages recorded");
        Process n3 = node("n3", ports, 2, 1, false, "--delay", "25ms");
        for (Process p : List.of(n1, n2, n3)) {
            assertExits(p, 0);
        }
        assertThat(urls("n3")).as("the late node's records").isNotEmpty();
        Merged m = merge("n1", "n2", "n3");
        assertThat(m.total).as("no page recorded twice; logs:%n%s", allLogs()).isEqualTo(m.distinct.size());
        assertSameUrls(m.distinct);
    }

    /**
     * A node cut off and back: SIGSTOP freezes n3 longer than the failure timeout (4 s) plus its
     * lease (3 s), so the others drop it from the cluster and crawl its pages; SIGCONT wakes it, it
     * finds itself out of the cluster (on its side, with the part of the maps it kept, it coordinates
     * itself), and Hazelcast merges it back (split-brain healing) while the others still crawl:
     * {@code --delay} spaces the hand-outs of the site's one host so that the crawl lasts well past
     * the pause. Nothing is lost; pages it had in flight may be recorded twice (once in the merged
     * output). Before requests went to the coordinator the lease names and join checked the maps,
     * this lost pages: n3 registered as a second coordinator and answered the others' joins.
     */
    @Test
    void aNodePartitionedAwayAndBackLosesNothing() throws Exception {
        List<Process> nodes = threeNodes("--delay", "25ms");
        Process n1 = nodes.get(0);
        Process n2 = nodes.get(1);
        Process n3 = nodes.get(2);
        waitUntil(() -> lines("n3") >= 20, "n3 recorded 20 pages");
        signal(n3, "STOP");
        try {
            Thread.sleep(10_000);
        } finally {
            signal(n3, "CONT");
        }
        assertExits(n1, 0);
        assertExits(n2, 0);
        assertExits(n3, 0);
        Merged m = merge("n1", "n2", "n3");
        assertSameUrls(m.distinct);
    }

    // ------------------------------------------------------------------ nodes

    /** Three nodes that know one another; n1 has the start URL and waits for the other two. */
    private List<Process> threeNodes(String... extra) throws IOException {
        int[] ports = ClusterPorts.free(3);
        return List.of(node("n1", ports, 0, 3, true, extra), node("n2", ports, 1, 3, false, extra),
                node("n3", ports, 2, 3, false, extra));
    }

    private Process node(String name, int[] ports, int index, int waitNodes, boolean withStartUrl, String... extra) throws IOException {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            if (i != index) {
                others.add("127.0.0.1:" + ports[i]);
            }
        }
        return node(name, ports[index], others, clusterName, waitNodes, withStartUrl, extra);
    }

    /** A node on Hazelcast port {@code port} that joins {@code join}; with {@code clusterName} null it draws or finds one. */
    private Process node(String name, int port, List<String> join, String clusterName, int waitNodes, boolean withStartUrl,
            String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + dir, // where a first node leaves the cluster's name for the others
                "-cp", System.getProperty("java.class.path"), "io.asyncio4j.samples.Main", "crawl", "--cluster",
                "--cluster-port", Integer.toString(port), "--node-name", name, "--cluster-lease", "3s",
                "--cluster-failure-timeout", "4", "--cluster-wait-nodes", Integer.toString(waitNodes), "-c", "3", "--per-host", "12",
                "--no-progress", "-o", dir.resolve(name + ".jsonl").toString()));
        if (!join.isEmpty()) {
            cmd.add("--join");
            cmd.add(String.join(",", join));
        }
        if (clusterName != null) {
            cmd.add("--cluster-name");
            cmd.add(clusterName);
        }
        cmd.addAll(List.of(extra));
        if (withStartUrl) {
            cmd.add(site.url());
        }
        File log = dir.resolve(name + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        return p;
    }

    private void assertExits(Process p, int code) throws Exception {
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        assertThat(exited).as("node exited within 120 s; logs:%n%s", allLogs()).isTrue();
        assertThat(p.exitValue()).as("exit code; logs:%n%s", allLogs()).isEqualTo(code);
    }

    private static void signal(Process p, String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    // ------------------------------------------------------------------ outputs

    private record Merged(long total, Set<String> distinct) {}

    private Merged merge(String... nodes) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String n : nodes) {
            files.add(dir.resolve(n + ".jsonl"));
        }
        Path merged = dir.resolve("merged.jsonl");
        JsonLinesOutput.Merged m = JsonLinesOutput.merge(files, merged);
        Set<String> distinct = new HashSet<>();
        for (PageResult p : JsonLinesOutput.readForResume(merged)) {
            assertThat(distinct.add(p.url())).as("merged output has %s once", p.url()).isTrue();
        }
        assertThat(m.records()).isEqualTo(distinct.size());
        return new Merged(m.records() + m.duplicates(), distinct);
    }

    /** The URLs recorded are those one crawler in this JVM records; the message names the difference. */
    private void assertSameUrls(Set<String> actual) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new HashSet<>(actual);
        extra.removeAll(expected);
        assertThat(missing).as("pages lost (of %d); logs:%n%s", expected.size(), allLogs()).isEmpty();
        assertThat(extra).as("pages that one crawler does not record").isEmpty();
    }

    private List<String> urls(String node) throws IOException {
        List<String> urls = new ArrayList<>();
        for (PageResult p : JsonLinesOutput.readForResume(dir.resolve(node + ".jsonl"))) {
            urls.add(p.url());
        }
        return urls;
    }

    private long lines(String node) {
        try {
            Path f = dir.resolve(node + ".jsonl");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String log(String node) throws IOException {
        return Files.readString(dir.resolve(node + ".log"));
    }

    private String allLogs() {
        StringBuilder b = new StringBuilder();
        for (String n : List.of("n1", "n2", "n3")) {
            try {
                b.append("--- ").append(n).append('\n').append(log(n));
            } catch (IOException e) {
                b.append("--- ").append(n).append(": no log\n");
            }
        }
        return b.toString();
    }

    private void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 90 s; logs:%n%s", what, allLogs()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
