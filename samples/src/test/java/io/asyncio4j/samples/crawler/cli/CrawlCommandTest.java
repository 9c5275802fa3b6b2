package io.asyncio4j.samples.crawler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.samples.crawler.JsonLinesOutput;
import io.asyncio4j.samples.crawler.PageResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
                "--cluster-failure-timeout", "--cluster-wait-nodes", "--merge", "--demo-sites", "--sitemaps", "--auto-throttle");
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

    @Test
    void cluster_refusesResume(@TempDir Path dir) {
        Result r = run("--cluster", "--resume", "-o", dir.resolve("x.jsonl").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--resume does not work with --cluster");
    }
}
