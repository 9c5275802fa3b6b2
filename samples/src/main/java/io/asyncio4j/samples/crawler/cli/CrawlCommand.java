package io.asyncio4j.samples.crawler.cli;

import io.asyncio4j.samples.crawler.CrawlComparison;
import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.CrawlSummary;
import io.asyncio4j.samples.crawler.Crawler;
import io.asyncio4j.samples.crawler.IoFailures;
import io.asyncio4j.samples.crawler.JsonLinesOutput;
import io.asyncio4j.samples.crawler.PageResult;
import io.asyncio4j.samples.crawler.cluster.ClusterCrawl;
import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code crawl} command: turns its options ({@link CrawlOptions}) into a configuration and runs
 * the library — {@link Crawler}, {@link DemoSite}, {@link CrawlComparison}, {@link ClusterCrawl} —
 * with a progress bar, a Ctrl-C that leaves a valid file, the summary and an exit code. With no URL
 * it crawls the embedded demo site, offline.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar crawl --help}.
 */
@Command(name = "crawl", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "asyncio4j crawler 0.1", customSynopsis = "crawl [OPTIONS] [START_URL...]",
        description = {"Crawls web pages concurrently with asyncio4j and writes one JSON record per page.",
                "With no START_URL it starts the embedded demo site on 127.0.0.1 and crawls that, offline.",
                "Ctrl-C stops it cleanly: the summary is printed and the output file stays valid (use --resume to go on)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  crawl                                           the built-in demo site, offline; a summary at the end",
                "  crawl https://example.org/ -n 200 --delay 500ms -o pages.jsonl",
                "  crawl https://example.org/ -o pages.jsonl --resume   go on after Ctrl-C: nothing recorded is fetched again",
                "  crawl https://example.org/ --sitemaps --auto-throttle   from the sitemaps too, at the pace the site takes",
                "  crawl https://a.example/ https://b.example/ -c 32 --per-host 4   two hosts, 4 requests each at most",
                "  crawl --compare                                 sequential vs threads vs asyncio4j, as a table",
                "  crawl --serve-demo --demo-port 8080             only the demo site, for other crawlers",
                "  crawl --cluster --cluster-wait-nodes 3 -o n1.jsonl   see README: Cluster",
                "",
                "Exit codes: 0 done, 1 every page failed (nothing could be fetched), 2 bad usage, 130 interrupted.",
                "java -jar runs the crawl in a second JVM sized for it (SerialGC, a small young generation, an AOT",
                "cache on JDK 25, CDS before), made by a training crawl in the background after the first run.",
                "ASYNCIO4J_LAUNCHER=off, or any -X/-XX flag of yours, keeps it in the first JVM; =verbose shows it."})
public final class CrawlCommand implements Callable<Integer> {
    @Mixin
    CrawlOptions options = new CrawlOptions();

    private final PrintStream out;
    private final PrintStream err;
    /** Counted down once the summary is printed; the Ctrl-C hook waits for it. */
    private final CountDownLatch summaryPrinted = new CountDownLatch(1);

    CrawlCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments after {@code crawl}
     * @param out where the summary goes
     * @param err where the progress bar and problems go
     * @return the exit code: 0 done, 1 every page failed, 2 bad usage, 130 interrupted
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new CrawlCommand(out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // An option value that parses but breaks a rule (--max-pages -5) is a usage error, not a stack trace;
        // a file that cannot be written (a full disk, a read-only directory) is one line that names it.
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("crawl: " + e.getMessage());
                cmd.getErr().println("Try 'crawl --help' for the options.");
                return 2;
            }
            IoFailures.FileFailure io = IoFailures.find(e);
            if (io == null) {
                throw e;
            }
            cmd.getErr().println("crawl: " + io.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (options.modes.serveDemo) {
            return serveDemo();
        }
        if (!options.modes.merge.isEmpty()) {
            return mergeFiles();
        }
        if (options.cluster.enabled) {
            return crawlInCluster();
        }
        DemoSite site = null;
        try {
            List<String> starts = options.startUrls;
            if (starts.isEmpty()) {
                reuseDemoPort();
                site = DemoSite.start(options.demo.options());
                starts = List.of(site.url());
                if (!options.output.quiet) {
                    out.println("demo site: " + site.url() + " (" + options.demo.pages + " pages, latency "
                            + options.demo.latency.toMillis() + " ms, " + Math.round(options.demo.failureRate * 100) + " % failures)");
                }
            }
            CrawlConfig config = options.config(starts);
            if (options.modes.compare) {
                out.println(CrawlComparison.run(config).toTable());
                return 0;
            }
            Crawler crawler = new Crawler(config);
            return run(crawler, crawler::progress, summary -> summary.toText() + recordsIn(config.output(), summary.interrupted()
                    ? " (go on with --resume)" : ""));
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    private String recordsIn(Path file, String more) {
        return file != null && !options.output.quiet ? System.lineSeparator() + "  records in " + file + more : "";
    }

    /**
     * Resuming a crawl of the demo site needs the demo site at the same address as before (its URLs
     * are the records' names): take the port from the earlier output unless --demo-port says otherwise.
     */
    private void reuseDemoPort() {
        Path file = options.output.file;
        if (!options.output.resume || file == null || options.demo.port != 0 || !Files.exists(file)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String first = r.readLine();
            if (first != null && first.endsWith("}")) {
                URI u = URI.create(PageResult.fromJson(first).url());
                if ("127.0.0.1".equals(u.getHost()) && u.getPort() > 0) {
                    options.demo.port = u.getPort();
                }
            }
        } catch (IOException e) {
            throw new IoFailures.FileFailure("cannot read " + file, e);
        }
    }

    /** {@code --cluster}: this JVM as one node of a cluster's crawl, with the demo site if it starts the crawl without a URL. */
    private int crawlInCluster() throws Exception {
        if (options.output.resume) {
            throw new IllegalArgumentException("--resume does not work with --cluster: the cluster's nodes share the frontier, "
                    + "not one output file");
        }
        if (options.modes.compare) {
            throw new IllegalArgumentException("--compare does not work with --cluster");
        }
        if (options.scope.sitemaps) {
            throw new IllegalArgumentException("--sitemaps does not work with --cluster (a node's sitemap could queue pages "
                    + "after the cluster's crawl has ended)");
        }
        ClusterCrawl.Settings settings = options.cluster.settings(); // checked before anything starts
        DemoSite site = null;
        try {
            List<String> starts = options.startUrls;
            if (starts.isEmpty() && options.cluster.join.isEmpty()) {
                site = DemoSite.start(options.demo.options());
                starts = List.of(site.url());
                if (!options.output.quiet) {
                    out.println("demo site: " + site.url() + " (" + options.demo.pages + " pages, latency "
                            + options.demo.latency.toMillis() + " ms)");
                }
            }
            Consumer<String> say = line -> {
                if (!options.output.quiet) {
                    out.println(line);
                    out.flush();
                }
            };
            try (ClusterCrawl node = ClusterCrawl.join(settings, starts, options::config, say, err::println)) {
                if (!options.output.quiet) {
                    out.println("cluster node " + node.nodeName() + ": in a cluster of " + node.nodes() + " node(s)");
                    out.flush();
                }
                return run(node.crawler(), node::progress, mine -> node.report(mine)
                        + recordsIn(node.config().output(), " (merge the nodes' files: crawl --merge FILE... -o all.jsonl)"));
            }
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    private int mergeFiles() {
        Path into = options.output.file;
        if (into == null) {
            throw new IllegalArgumentException("--merge needs -o FILE to write the merged records to");
        }
        JsonLinesOutput.Merged m;
        try {
            m = JsonLinesOutput.merge(options.modes.merge, into);
        } catch (IOException e) {
            String node = e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    && !Path.of(f.getFile()).equals(into) ? f.getFile() : null; // a node's file, not the output
            throw new IoFailures.FileFailure("cannot merge into " + into + (node == null ? "" : ", reading " + node), e);
        }
        out.println("merged " + m.records() + " records from " + options.modes.merge.size() + " files into " + into + " ("
                + m.duplicates() + " duplicates dropped)");
        return 0;
    }

    /**
     * Runs {@code crawler} with the progress bar and the Ctrl-C hook (cancel every task, then let the
     * summary be printed before the JVM goes), and prints {@code report} of its summary.
     *
     * @return the exit code: 0 done, 1 every page failed, 130 interrupted
     */
    private int run(Crawler crawler, Supplier<Crawler.Progress> progressSource, Function<CrawlSummary, String> report) {
        Thread hook = new Thread(() -> {
            crawler.cancel();
            try {
                summaryPrinted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "crawl-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            boolean showBar = options.output.progress && !options.output.quiet && System.console() != null;
            CrawlProgressBar bar = showBar ? new CrawlProgressBar(progressSource, err) : null;
            CrawlSummary summary;
            try {
                summary = crawler.crawl();
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            out.println(report.apply(summary));
            out.flush();
            if (summary.interrupted()) {
                return 130;
            }
            return summary.ok() == 0 && summary.failed() > 0 ? 1 : 0;
        } finally {
            summaryPrinted.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it only waits for the summary above
            }
        }
    }

    private int serveDemo() throws InterruptedException {
        int n = options.demo.sites;
        if (n < 1) {
            throw new IllegalArgumentException("--demo-sites must be >= 1, was " + n);
        }
        long last = options.demo.port + (long) n - 1;
        if (options.demo.port != 0 && last > 65535) {
            throw new IllegalArgumentException("--demo-sites " + n + " from --demo-port " + options.demo.port + " needs ports up to "
                    + last + ", past 65535");
        }
        List<DemoSite> sites = new ArrayList<>();
        for (int i = 0; i < options.demo.sites; i++) {
            int port = options.demo.port == 0 ? 0 : options.demo.port + i;
            DemoSite site = DemoSite.start(options.demo.options().withAddress("127.0.0.1", port));
            sites.add(site);
            out.println("demo site: " + site.url() + " (" + options.demo.pages + " pages; robots.txt, sitemap.xml) - Ctrl-C to stop");
        }
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sites.forEach(DemoSite::close);
            stop.countDown();
        }, "demo-site-stop"));
        stop.await();
        return 0;
    }
}
