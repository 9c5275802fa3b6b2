package io.asyncio4j.samples.crawler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.JsonLinesOutput;
import io.asyncio4j.samples.crawler.PageResult;
import io.asyncio4j.samples.crawler.cluster.ClusterTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code crawl} command line, run as a user would (without exiting the JVM). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrawlCommandTest {
    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CrawlCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.print(r.out);
        System.out.print(r.err);
        return r;
    }

    @Test
    void helpDocumentsEveryOption() {
        Result r = run("--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("START_URL", "--concurrency", "--per-host", "--max-pages", "--max-depth", "--allow-host",
                "--timeout", "--page-deadline", "--retries", "--backoff", "--delay", "--[no-]robots", "--user-agent", "--output",
                "--resume", "--include", "--exclude", "--max-body", "--max-redirects", "--client", "--[no-]progress",
                "--compare", "--serve-demo", "--demo-pages", "--demo-latency", "--demo-failure-rate", "--demo-slow-rate", "--demo-redirect-rate",
                "--cluster", "--join", "--cluster-host", "--cluster-port", "--cluster-bus-port", "--node-name", "--cluster-lease",
                "--cluster-failure-timeout", "--cluster-wait-nodes", "--merge", "--demo-sites", "--sitemaps", "--auto-throttle", "--cluster-name",
                "--cluster-keystore", "--cluster-truststore");
    }

    @Test
    void helpShowsTheCrawlsOwnOptionsFirst_thenTheDemoSitesAndTheClusters_thenExamples() {
        String help = run("--help").out;
        int scope = help.indexOf("What to crawl:");
        int pace = help.indexOf("How fast, how politely:");
        int demo = help.indexOf("The demo site");
        int cluster = help.indexOf("Cluster (crawl --cluster");
        int examples = help.indexOf("Examples:");
        assertThat(scope).isPositive().isLessThan(pace);
        assertThat(pace).isLessThan(demo);
        assertThat(demo).isLessThan(cluster);
        assertThat(cluster).isLessThan(examples);
        assertThat(help.substring(0, scope)).as("before the sections: usage, description, START_URL, help, version")
                .doesNotContain("--demo-", "--cluster-");
        assertThat(help).contains("is no refusal", "Exit codes:", "ASYNCIO4J_LAUNCHER=off");
    }

    @Test
    void everyPageFailed_exitsWith1_andTheRecordSaysWhichHostAndWhy(@TempDir Path dir) throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        Path out = dir.resolve("pages.jsonl");
        Result r = run("http://127.0.0.1:" + deadPort + "/", "--retries", "0", "-o", out.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.out).contains("failed 1 (connect 1)");
        assertThat(PageResult.fromJson(Files.readAllLines(out).get(0)).error())
                .isEqualTo("connect: 127.0.0.1:" + deadPort + " refused the connection");
    }

    @Test
    void noUrl_crawlsTheDemoSiteAndPrintsTheSummary(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages.jsonl");
        Result r = run("--demo-pages", "80", "--demo-latency", "0ms", "--demo-failure-rate", "0.1", "--backoff", "1ms",
                "-o", out.toString());
        assertThat(r.code).isZero();
        assertThat(r.out).contains("demo site: http://127.0.0.1:", "crawl finished:", "latency p50", "records in " + out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).isNotEmpty();
        lines.forEach(PageResult::fromJson);
    }

    @Test
    void resumeOfTheDemoSite_reusesItsPort(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pages.jsonl");
        assertThat(run("--demo-pages", "60", "--demo-latency", "0ms", "--max-pages", "10", "-o", out.toString()).code).isZero();
        Result again = run("--demo-pages", "60", "--demo-latency", "0ms", "--max-pages", "30", "-o", out.toString(), "--resume");
        assertThat(again.code).isZero();
        assertThat(again.out).contains("10 more from the earlier run");
        List<PageResult> all = Files.readAllLines(out).stream().map(PageResult::fromJson).toList();
        assertThat(all).hasSize(30);
        assertThat(all).extracting(p -> java.net.URI.create(p.url()).getPort()).containsOnly(java.net.URI.create(all.get(0).url()).getPort());
        assertThat(all).extracting(PageResult::url).doesNotHaveDuplicates();
    }

    @Test
    void compare_printsATableOfTheFourStyles() {
        Result r = run("--compare", "--demo-pages", "60", "--demo-latency", "2ms", "--demo-slow-rate", "0", "-c", "8");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("pages/s", "sequential", "thread pool of 8", "asyncio4j blocking style", "asyncio4j future style");
    }

    @Test
    void badUsageExitsWith2() {
        assertThat(run("--client", "curl", "--demo-pages", "5").code).isEqualTo(2);
        assertThat(run("--concurrency", "zero").code).isEqualTo(2);
        Result negative = run("--max-pages", "-5", "--demo-pages", "5");
        assertThat(negative.code).isEqualTo(2);
        assertThat(negative.err).contains("crawl: maxPages must be >= 1").doesNotContain("\tat ");
    }

    /** A full disk ({@code /dev/full} fails every write with ENOSPC): one line that names the file, exit 1. */
    @Test
    void aFullDisk_isOneLineThatNamesTheFile_andExit1() {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "Linux's /dev/full");
        Result r = run("--demo-pages", "60", "--demo-latency", "0ms", "-q", "-o", "/dev/full");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err.lines()).containsExactly("crawl: cannot write /dev/full: No space left on device");
        assertThat(r.out).isEmpty();
    }

    /** An output that cannot be opened (a file where its directory should be): one line that says why, exit 1. */
    @Test
    void anOutputThatCannotBeOpened_isOneLineThatSaysWhy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("file"), "not a directory");
        Path inTheWay = dir.resolve("file").resolve("pages.jsonl");
        Result r = run("--demo-pages", "20", "--demo-latency", "0ms", "-q", "-o", inTheWay.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err.lines()).containsExactly("crawl: cannot open the output file " + inTheWay + ": " + dir.resolve("file")
                + " is in the way (a file where a directory should be)");
    }

    /** A read-only output directory (not for root, who may write it anyway). */
    @Test
    void aReadOnlyDirectory_isOneLine(@TempDir Path dir) throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        assertThat(readOnly.toFile().setWritable(false, false)).isTrue();
        try {
            Assumptions.assumeFalse(Files.isWritable(readOnly), "root may write a read-only directory");
            Path out = readOnly.resolve("pages.jsonl");
            Result ro = run("--demo-pages", "20", "--demo-latency", "0ms", "-q", "-o", out.toString());
            assertThat(ro.code).isEqualTo(1);
            assertThat(ro.err.lines()).containsExactly("crawl: cannot open the output file " + out + ": Permission denied");
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    /**
     * A disk that fills mid-record: a crawler JVM whose files may not grow past 16 KiB ({@code ulimit -f};
     * the JVM ignores SIGXFSZ, so a write past it fails with EFBIG after writing what fitted). The file
     * ends with the last whole record, the user gets one line, the exit code is 1.
     */
    @Test
    void aDiskThatFillsMidRecord_leavesTheFileWholeUpToTheLastRecord(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash for ulimit");
        Path out = dir.resolve("pages.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("/bin/bash", "-c", "ulimit -f 16 && exec \"$0\" \"$@\"", java, "-XX:-UsePerfData",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.asyncio4j.samples.Main", "crawl",
                "--demo-pages", "100", "--demo-latency", "0ms", "-q", "-o", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes.length).isBetween(1, 16 * 1024 - 1); // records were written; the one that did not fit was cut off
        assertThat(bytes[bytes.length - 1]).as("the file ends with a whole line").isEqualTo((byte) '\n');
        List<String> lines = Files.readAllLines(out);
        lines.forEach(PageResult::fromJson);
        assertThat(lines).extracting(l -> PageResult.fromJson(l).url()).doesNotHaveDuplicates();
        assertThat(p.exitValue()).as(log).isEqualTo(1);
        assertThat(log.lines()).containsExactly("crawl: cannot write " + out + ": File too large");
    }

    /** {@code --merge}: the nodes' files of a cluster crawl become one, each URL once, the first record kept. */
    @Test
    void merge_writesEachUrlOnce(@TempDir Path dir) throws Exception {
        PageResult a = new PageResult("http://h/a", "http://h/a", 200, "text/html", "A", 0, 1, 1, 0, 1, null, false, java.util.List.of());
        PageResult b = new PageResult("http://h/b", "http://h/b", 200, "text/html", "B", 0, 1, 1, 1, 1, null, false, java.util.List.of());
        PageResult aAgain = new PageResult("http://h/a", "http://h/a", 200, "text/html", "A twice", 0, 1, 1, 0, 1, null, false,
                java.util.List.of());
        Path n1 = dir.resolve("n1.jsonl");
        Path n2 = dir.resolve("n2.jsonl");
        java.nio.file.Files.writeString(n1, a.toJson() + "\n" + b.toJson() + "\n");
        java.nio.file.Files.writeString(n2, aAgain.toJson() + "\n" + "{\"url\": \"torn");  // a node killed mid-line
        Path all = dir.resolve("all.jsonl");
        Result r = run("--merge", n1.toString(), n2.toString(), "-o", all.toString());
        assertThat(r.code).isZero();
        assertThat(r.out).contains("merged 2 records from 2 files", "1 duplicates dropped");
        assertThat(JsonLinesOutput.readForResume(all)).containsExactly(a, b);
        Result noOutput = run("--merge", n1.toString());
        assertThat(noOutput.code).isEqualTo(2);
        assertThat(noOutput.err).contains("--merge needs -o FILE");
    }

    /** Every port option is checked, by name, before anything starts (one of them took 99999 and went on). */
    @Test
    void portsOutOfRange_areUsageErrorsThatNameTheOption() {
        String[][] cases = {
            {"--demo-port", "99999"}, {"--demo-port", "-1"},
            {"--serve-demo", "--demo-sites", "3", "--demo-port", "65534"},
            {"--cluster", "--join", "127.0.0.1:99999", "--cluster-name", "t"}, {"--cluster", "--join", "127.0.0.1:0", "--cluster-name", "t"},
            {"--cluster", "--cluster-port", "0"}, {"--cluster", "--cluster-port", "70000"}, {"--cluster", "--cluster-bus-port", "65536"},
        };
        String[] messages = {
            "crawl: --demo-port must be in 0..65535 (0: any free port), was 99999",
            "crawl: --demo-port must be in 0..65535 (0: any free port), was -1",
            "crawl: --demo-sites 3 from --demo-port 65534 needs ports up to 65536, past 65535",
            "crawl: --join takes HOST:PORT,... with PORT in 1..65535, was 127.0.0.1:99999",
            "crawl: --join takes HOST:PORT,... with PORT in 1..65535, was 127.0.0.1:0",
            "crawl: --cluster-port must be in 1..65535, was 0",
            "crawl: --cluster-port must be in 1..65535, was 70000",
            "crawl: --cluster-bus-port must be in 0..65535, was 65536",
        };
        for (int i = 0; i < cases.length; i++) {
            Result r = run(cases[i]);
            assertThat(r.code).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err.lines().findFirst()).as(String.join(" ", cases[i])).contains(messages[i]);
            assertThat(r.out).as("nothing started").isEmpty();
        }
    }

    /** The cluster's security options are checked before the node starts: TLS off 127.0.0.1, the stores, the name. */
    @Test
    void clusterSecurityOptions_areCheckedBeforeTheNodeStarts(@TempDir Path dir) throws Exception {
        Result offMachine = run("--cluster", "--cluster-host", "10.0.0.1", "--cluster-name", "t");
        assertThat(offMachine.code).isEqualTo(2);
        assertThat(offMachine.err).contains("crawl: --cluster-host 10.0.0.1 takes the event bus off this machine: give "
                + "--cluster-keystore");
        Assumptions.assumeTrue(System.getenv(ClusterTls.PASSWORD_ENV) == null, "the password variable is unset here");
        Result noPassword = run("--cluster", "--cluster-keystore", dir.resolve("node.p12").toString());
        assertThat(noPassword.err).contains("crawl: --cluster-keystore needs its password in the environment variable "
                + "ASYNCIO4J_CLUSTER_KEYSTORE_PASSWORD");
        Result trustOnly = run("--cluster", "--cluster-truststore", dir.resolve("members.p12").toString());
        assertThat(trustOnly.err).contains("crawl: --cluster-truststore needs --cluster-keystore");
        Result badName = run("--cluster", "--cluster-name", "my crawl");
        assertThat(badName.code).isEqualTo(2);
        assertThat(badName.err).contains("crawl: --cluster-name must be 1 to 64 letters, digits");
    }

    @Test
    void cluster_refusesResume(@TempDir Path dir) {
        Result r = run("--cluster", "--resume", "-o", dir.resolve("x.jsonl").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--resume does not work with --cluster");
    }
}
