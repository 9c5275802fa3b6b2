package io.asyncio4j.samples.crawler.cli;

import io.asyncio4j.samples.crawler.CrawlComparison;
import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.CrawlSummary;
import io.asyncio4j.samples.crawler.Crawler;
import io.asyncio4j.samples.crawler.JsonLinesOutput;
import io.asyncio4j.samples.crawler.PageResult;
import io.asyncio4j.samples.crawler.cluster.ClusterCrawl;
import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code crawl} command: a thin shell around {@link Crawler}, {@link DemoSite} and
 * {@link CrawlComparison}. With no URL it crawls the embedded demo site, offline.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar crawl --help}.
 */
@Command(name = "crawl", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "asyncio4j crawler 0.1",
        description = {"Crawls web pages concurrently with asyncio4j and writes one JSON record per page.",
                "With no START_URL it starts the embedded demo site on 127.0.0.1 and crawls that, offline.",
                "Ctrl-C stops it cleanly: the summary is printed and the output file stays valid (use --resume to go on)."})
public final class CrawlCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "START_URL", description = "Where to start (http or https). Their hosts are in scope.")
    List<String> startUrls = new ArrayList<>();

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Requests in flight at most, in total (default: ${DEFAULT-VALUE}).")
    int concurrency = 16;

    @Option(names = "--per-host", paramLabel = "N", description = "Requests in flight at most per host (default: ${DEFAULT-VALUE}).")
    int perHost = 8;

    @Option(names = {"-n", "--max-pages"}, paramLabel = "N", description = "Pages to record at most (default: ${DEFAULT-VALUE}).")
    long maxPages = 10_000;

    @Option(names = {"-d", "--max-depth"}, paramLabel = "N", description = "Links to follow from a start URL at most (default: ${DEFAULT-VALUE}).")
    int maxDepth = 20;

    @Option(names = "--allow-host", paramLabel = "HOST", description = "Another host to crawl besides the start URLs' (repeatable; *.example.org for subdomains).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Time one request may take, body included (default: 10s).")
    Duration timeout = Duration.ofSeconds(10);

    @Option(names = "--page-deadline", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Time one page may take in all, retries and redirects included (default: 60s).")
    Duration pageDeadline = Duration.ofSeconds(60);

    @Option(names = "--retries", paramLabel = "N", description = "Retries of connect errors, 5xx and 429, with exponential backoff and jitter (default: ${DEFAULT-VALUE}).")
    int retries = 2;

    @Option(names = "--backoff", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "First retry's pause; doubles each time, jittered (default: 250ms).")
    Duration backoff = Duration.ofMillis(250);

    @Option(names = "--max-backoff", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Longest pause before a retry, Retry-After included (default: 30s).")
    Duration maxBackoff = Duration.ofSeconds(30);

    @Option(names = "--delay", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Politeness: pause between two requests to one host (default: 0; a robots.txt Crawl-delay raises it).")
    Duration delay = Duration.ZERO;

    @Option(names = "--robots", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Obey robots.txt (default: on; --no-robots to ignore it).")
    boolean robots = true;

    @Option(names = "--user-agent", paramLabel = "UA", description = "User-Agent header (default: ${DEFAULT-VALUE}).")
    String userAgent = CrawlConfig.DEFAULT_USER_AGENT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Append one JSON record per page to FILE (JSON Lines): url, final_url, status, "
            + "content_type, title, links, bytes, latency_ms, depth, attempts, error, truncated, outlinks.")
    Path output;

    @Option(names = "--resume", description = "Read --output first and go on from there: no recorded URL is fetched again.")
    boolean resume;

    @Option(names = "--include", paramLabel = "REGEX", description = "Follow only URLs in which one of these patterns is found (repeatable).")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Never follow URLs in which one of these patterns is found (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--max-body", paramLabel = "SIZE", converter = CliValues.SizeConverter.class,
            description = "Body bytes read at most; the rest is cut and the record marked truncated (default: 5MiB).")
    long maxBody = 5L << 20;

    @Option(names = "--max-redirects", paramLabel = "N", description = "Redirects followed at most per page; loops are detected (default: ${DEFAULT-VALUE}).")
    int maxRedirects = 5;

    @Option(names = "--client", paramLabel = "jdk|vertx", description = "HTTP client: jdk (java.net.http) or vertx (Vert.x 5) (default: jdk, "
            + "the faster of the two in benchmark W6).")
    String client = "jdk";

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar on stderr while crawling (default: on when run in a terminal).")
    boolean progress = true;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
    boolean quiet;

    @Option(names = "--compare", description = "Crawl the site four ways - sequential, a thread pool of N, asyncio4j blocking style, "
            + "asyncio4j future style - and print a table of pages/s and latency (uses -c, --max-pages, --client).")
    boolean compare;

    @Option(names = "--cluster", description = "Crawl as one node of a cluster (Vert.x clustered event bus on Hazelcast, TCP/IP join): "
            + "the frontier, the seen URLs and the page limit are shared, each host's limits hold cluster-wide, a dead node's pages "
            + "are crawled by the others. Each node writes its own -o file; merge them with --merge. A node with no START_URL "
            + "and no --join serves the demo site; one with --join and no START_URL takes part in the crawl the others started.")
    boolean cluster;

    @Option(names = "--join", paramLabel = "HOST:PORT", split = ",", description = "Cluster: members to join (another node's "
            + "--cluster-host:--cluster-port), comma-separated. None for the first node.")
    List<String> join = new ArrayList<>();

    @Option(names = "--cluster-host", paramLabel = "ADDRESS", description = "Cluster: the address this node binds and others "
            + "reach it at (default: ${DEFAULT-VALUE}; on several machines, this machine's address).")
    String clusterHost = "127.0.0.1";

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Cluster: this node's Hazelcast port (default: ${DEFAULT-VALUE}).")
    int clusterPort = 5701;

    @Option(names = "--cluster-bus-port", paramLabel = "PORT", description = "Cluster: this node's event-bus port (default: 0, "
            + "any free one; set it to open it in a firewall).")
    int clusterBusPort;

    @Option(names = "--node-name", paramLabel = "NAME", description = "Cluster: this node's name in the summary (default: HOST:PORT).")
    String nodeName;

    @Option(names = "--cluster-lease", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Cluster: how long a dead node's pages stay claimed before others crawl them (default: 10s).")
    Duration clusterLease = Duration.ofSeconds(10);

    @Option(names = "--cluster-failure-timeout", paramLabel = "SECONDS", description = "Cluster: a member silent this long "
            + "is dropped (default: ${DEFAULT-VALUE}).")
    int clusterFailureSeconds = 10;

    @Option(names = "--cluster-wait-nodes", paramLabel = "N", description = "Cluster: wait until the cluster has N nodes "
            + "before crawling (default: ${DEFAULT-VALUE}, start at once; nodes may join at any time).")
    int clusterWaitNodes = 1;

    @Option(names = "--merge", arity = "1..*", paramLabel = "FILE", description = "Only merge the nodes' JSON Lines files of a "
            + "cluster crawl into -o FILE, each URL once (the first record wins), and exit.")
    List<Path> merge = new ArrayList<>();

    @Option(names = "--serve-demo", description = "Only run the demo site (until Ctrl-C), for other crawlers to be pointed at it.")
    boolean serveDemo;

    @Option(names = "--demo-sites", paramLabel = "N", description = "With --serve-demo: serve N demo sites, on N ports (from "
            + "--demo-port up, or any free ones), so that a crawl has N hosts (default: ${DEFAULT-VALUE}).")
    int demoSites = 1;

    @Option(names = "--demo-pages", paramLabel = "N", description = "Demo site: pages (default: ${DEFAULT-VALUE}).")
    int demoPages = 2000;

    @Option(names = "--demo-seed", paramLabel = "N", description = "Demo site: seed for text and links (default: ${DEFAULT-VALUE}).")
    long demoSeed = 42;

    @Option(names = "--demo-latency", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Demo site: latency of every answer (default: 10ms).")
    Duration demoLatency = Duration.ofMillis(10);

    @Option(names = "--demo-failure-rate", paramLabel = "RATE", description = "Demo site: fraction of page requests answered 503 (default: ${DEFAULT-VALUE}).")
    double demoFailureRate = 0.02;

    @Option(names = "--demo-slow-rate", paramLabel = "RATE", description = "Demo site: fraction of slow pages (default: ${DEFAULT-VALUE}).")
    double demoSlowRate = 0.01;

    @Option(names = "--demo-slow-delay", paramLabel = "DURATION", converter = CliValues.DurationConverter.class,
            description = "Demo site: extra delay of a slow page (default: 1.5s).")
    Duration demoSlowDelay = Duration.ofMillis(1500);

    @Option(names = "--demo-redirect-rate", paramLabel = "RATE", description = "Demo site: fraction of links that go through a 301 redirect (default: ${DEFAULT-VALUE}).")
    double demoRedirectRate = 0.03;

    @Option(names = "--demo-port", paramLabel = "PORT", description = "Demo site: port on 127.0.0.1 (default: 0, any free port; "
            + "with --resume, the port of the earlier run).")
    int demoPort;

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
     * @return the exit code: 0 done, 1 failed, 2 bad usage, 130 interrupted
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new CrawlCommand(out, err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        // An option value that parses but breaks a rule (--max-pages -5) is a usage error, not a stack trace.
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) {
                throw e;
            }
            cmd.getErr().println("crawl: " + e.getMessage());
            cmd.getErr().println("Try 'crawl --help' for the options.");
            return 2;
        });
        return cl.execute(args);
    }

    DemoSite.Options demoOptions() {
        return DemoSite.Options.defaults().withPages(demoPages).withSeed(demoSeed).withLatency(demoLatency)
                .withFailureRate(demoFailureRate).withSlowPages(demoSlowRate, demoSlowDelay).withRedirectRate(demoRedirectRate)
                .withAddress("127.0.0.1", demoPort);
    }

    /**
     * Resuming a crawl of the demo site needs the demo site at the same address as before (its URLs
     * are the records' names): take the port from the earlier output unless --demo-port says otherwise.
     */
    private void reuseDemoPort() throws java.io.IOException {
        if (!resume || output == null || demoPort != 0 || !java.nio.file.Files.exists(output)) {
            return;
        }
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(output)) {
            String first = r.readLine();
            if (first != null && first.endsWith("}")) {
                java.net.URI u = java.net.URI.create(PageResult.fromJson(first).url());
                if ("127.0.0.1".equals(u.getHost()) && u.getPort() > 0) {
                    demoPort = u.getPort();
                }
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (serveDemo) {
            return serveDemo();
        }
        if (!merge.isEmpty()) {
            return mergeFiles();
        }
        if (cluster) {
            return crawlInCluster();
        }
        DemoSite site = null;
        try {
            List<String> starts = startUrls;
            if (starts.isEmpty()) {
                reuseDemoPort();
                site = DemoSite.start(demoOptions());
                starts = List.of(site.url());
                if (!quiet) {
                    out.println("demo site: " + site.url() + " (" + demoPages + " pages, latency " + demoLatency.toMillis()
                            + " ms, " + Math.round(demoFailureRate * 100) + " % failures)");
                }
            }
            CrawlConfig config = config(starts);
            if (compare) {
                out.println(CrawlComparison.run(config).toTable());
                return 0;
            }
            return crawl(config);
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    CrawlConfig config(List<String> starts) {
        CrawlConfig.Builder b = CrawlConfig.builder().concurrency(concurrency).perHost(perHost).maxPages(maxPages)
                .maxDepth(maxDepth).timeout(timeout).pageDeadline(pageDeadline).retries(retries).backoff(backoff, maxBackoff)
                .delay(delay).obeyRobots(robots).userAgent(userAgent).output(output).resume(resume).maxBodyBytes(maxBody)
                .maxRedirects(maxRedirects).client(switch (client) {
                    case "vertx" -> CrawlConfig.Client.VERTX;
                    case "jdk" -> CrawlConfig.Client.JDK;
                    default -> throw new CommandLine.ParameterException(new CommandLine(this), "--client must be vertx or jdk, was " + client);
                });
        starts.forEach(b::startUrl);
        allowHosts.forEach(b::allowHost);
        include.forEach(b::include);
        exclude.forEach(b::exclude);
        return b.build();
    }

    /** {@code --cluster}: this JVM as one node of a cluster's crawl, with the demo site if it starts the crawl without a URL. */
    private int crawlInCluster() throws Exception {
        if (resume) {
            throw new IllegalArgumentException("--resume does not work with --cluster: the cluster's nodes share the frontier, "
                    + "not one output file");
        }
        if (compare) {
            throw new IllegalArgumentException("--compare does not work with --cluster");
        }
        DemoSite site = null;
        try {
            List<String> starts = startUrls;
            if (starts.isEmpty() && join.isEmpty()) {
                site = DemoSite.start(demoOptions());
                starts = List.of(site.url());
                if (!quiet) {
                    out.println("demo site: " + site.url() + " (" + demoPages + " pages, latency " + demoLatency.toMillis() + " ms)");
                }
            }
            ClusterCrawl.Settings settings = new ClusterCrawl.Settings(clusterHost, clusterPort, clusterBusPort, join,
                    clusterFailureSeconds, clusterLease, clusterWaitNodes, nodeName);
            try (ClusterCrawl node = ClusterCrawl.join(settings, starts, this::config)) {
                if (!quiet) {
                    out.println("cluster node " + node.nodeName() + ": in a cluster of " + node.nodes() + " node(s)");
                    out.flush();
                }
                Path file = node.config().output();
                return run(node.crawler(), node::progress, mine -> node.report(mine) + (file != null && !quiet
                        ? System.lineSeparator() + "  records in " + file + " (merge the nodes' files: crawl --merge FILE... -o all.jsonl)"
                        : ""));
            }
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    private int mergeFiles() throws java.io.IOException {
        if (output == null) {
            throw new IllegalArgumentException("--merge needs -o FILE to write the merged records to");
        }
        JsonLinesOutput.Merged m = JsonLinesOutput.merge(merge, output);
        out.println("merged " + m.records() + " records from " + merge.size() + " files into " + output + " (" + m.duplicates()
                + " duplicates dropped)");
        return 0;
    }

    private int crawl(CrawlConfig config) {
        Crawler crawler = new Crawler(config);
        return run(crawler, crawler::progress, summary -> summary.toText()
                + (config.output() != null && !quiet ? System.lineSeparator() + "  records in " + config.output()
                        + (summary.interrupted() ? " (go on with --resume)" : "") : ""));
    }

    /**
     * Runs {@code crawler} with the progress bar and the Ctrl-C hook (cancel every task, then let the
     * summary be printed before the JVM goes), and prints {@code report} of its summary.
     *
     * @return the exit code: 0 done, 130 interrupted
     */
    int run(Crawler crawler, java.util.function.Supplier<Crawler.Progress> progressSource,
            java.util.function.Function<CrawlSummary, String> report) {
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
            CrawlProgressBar bar = progress && !quiet && System.console() != null ? new CrawlProgressBar(progressSource, err) : null;
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
            return summary.interrupted() ? 130 : 0;
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
        List<DemoSite> sites = new ArrayList<>();
        for (int i = 0; i < demoSites; i++) {
            DemoSite site = DemoSite.start(demoOptions().withAddress("127.0.0.1", demoPort == 0 ? 0 : demoPort + i));
            sites.add(site);
            out.println("demo site: " + site.url() + " (" + demoPages + " pages; robots.txt, sitemap.xml) - Ctrl-C to stop");
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
