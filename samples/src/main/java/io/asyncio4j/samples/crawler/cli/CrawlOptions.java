package io.asyncio4j.samples.crawler.cli;

import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.cluster.ClusterCrawl;
import io.asyncio4j.samples.crawler.cluster.ClusterTls;
import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code crawl} command's options, in the sections {@code crawl --help} shows them in (the
 * crawl's own first, the demo site's and the cluster's last), and what they become: a
 * {@link CrawlConfig}, the demo site's {@link DemoSite.Options}, a cluster node's
 * {@link ClusterCrawl.Settings}. Only the command line reads these fields.
 */
final class CrawlOptions {
    @Parameters(arity = "0..*", paramLabel = "START_URL", description = "Where to start (http or https). Their hosts are in scope. "
            + "None: the built-in demo site.")
    List<String> startUrls = new ArrayList<>();

    @ArgGroup(validate = false, heading = "%nWhat to crawl:%n", order = 1)
    Scope scope = new Scope();

    @ArgGroup(validate = false, heading = "%nHow fast, how politely:%n", order = 2)
    Pace pace = new Pace();

    @ArgGroup(validate = false, heading = "%nRequests:%n", order = 3)
    Requests requests = new Requests();

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 4)
    Output output = new Output();

    @ArgGroup(validate = false, heading = "%nOther things to do:%n", order = 5)
    Modes modes = new Modes();

    @ArgGroup(validate = false, heading = "%nThe demo site (crawled when no START_URL is given):%n", order = 6)
    Demo demo = new Demo();

    @ArgGroup(validate = false, heading = "%nCluster (crawl --cluster: one crawl shared by several JVMs):%n", order = 7)
    Cluster cluster = new Cluster();

    static final class Scope {
        @Option(names = {"-n", "--max-pages"}, paramLabel = "N", order = 1, description = "Pages to record at most (default: ${DEFAULT-VALUE}).")
        long maxPages = 10_000;

        @Option(names = {"-d", "--max-depth"}, paramLabel = "N", order = 2,
                description = "Links to follow from a start URL at most (default: ${DEFAULT-VALUE}).")
        int maxDepth = 20;

        @Option(names = "--allow-host", paramLabel = "HOST", order = 3,
                description = "Another host to crawl besides the start URLs' (repeatable; *.example.org for subdomains).")
        List<String> allowHosts = new ArrayList<>();

        @Option(names = "--include", paramLabel = "REGEX", order = 4,
                description = "Follow only URLs in which one of these patterns is found (repeatable).")
        List<String> include = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "REGEX", order = 5,
                description = "Never follow URLs in which one of these patterns is found (repeatable).")
        List<String> exclude = new ArrayList<>();

        @Option(names = "--sitemaps", order = 6, description = "Also queue the pages the start hosts' sitemaps list: those robots.txt "
                + "names (Sitemap: lines), else /sitemap.xml; index files and gzip too. Their pages count as start URLs (depth 0).")
        boolean sitemaps;
    }

    static final class Pace {
        @Option(names = {"-c", "--concurrency"}, paramLabel = "N", order = 1,
                description = "Requests in flight at most, in total (default: ${DEFAULT-VALUE}).")
        int concurrency = 16;

        @Option(names = "--per-host", paramLabel = "N", order = 2, description = "Requests in flight at most per host: each host has "
                + "its own slot, so a slow host never holds up the others (default: ${DEFAULT-VALUE}).")
        int perHost = 8;

        @Option(names = "--delay", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 3,
                description = "Pause between two requests to one host (default: 0; a robots.txt Crawl-delay raises it).")
        Duration delay = Duration.ZERO;

        @Option(names = "--auto-throttle", order = 4, description = "Adapt each host's concurrency (from 1 up to --per-host) and pause "
                + "to its latency; 429, 503 and refused connections slow it down, a Retry-After pauses the host.")
        boolean autoThrottle;

        @Option(names = "--robots", negatable = true, defaultValue = "true", fallbackValue = "true", order = 5,
                description = "Obey robots.txt (default: on; --no-robots to ignore it). One that cannot be read (the host is down, "
                        + "5xx after the retries) is no refusal: the host is crawled as if it had none, as Scrapy does, and the "
                        + "summary names it; 4xx means no rules; redirects are followed.")
        boolean robots = true;

        @Option(names = "--user-agent", paramLabel = "UA", order = 6, description = "User-Agent header (default: ${DEFAULT-VALUE}).")
        String userAgent = CrawlConfig.DEFAULT_USER_AGENT;
    }

    static final class Requests {
        @Option(names = "--timeout", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 1,
                description = "Time one request may take, body included (default: 10s).")
        Duration timeout = Duration.ofSeconds(10);

        @Option(names = "--page-deadline", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 2,
                description = "Time one page may take in all, retries and redirects included (default: 60s).")
        Duration pageDeadline = Duration.ofSeconds(60);

        @Option(names = "--retries", paramLabel = "N", order = 3, description = "Retries of connect errors, 5xx and 429, with "
                + "exponential backoff and jitter, or the server's Retry-After (default: ${DEFAULT-VALUE}).")
        int retries = 2;

        @Option(names = "--backoff", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 4,
                description = "First retry's pause; doubles each time, jittered (default: 250ms).")
        Duration backoff = Duration.ofMillis(250);

        @Option(names = "--max-backoff", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 5,
                description = "Longest pause before a retry, Retry-After included (default: 30s).")
        Duration maxBackoff = Duration.ofSeconds(30);

        @Option(names = "--max-body", paramLabel = "SIZE", converter = CliValues.SizeConverter.class, order = 6,
                description = "Body bytes read at most; the rest is cut and the record marked truncated (default: 5MiB).")
        long maxBody = 5L << 20;

        @Option(names = "--max-redirects", paramLabel = "N", order = 7,
                description = "Redirects followed at most per page; loops are detected (default: ${DEFAULT-VALUE}).")
        int maxRedirects = 5;

        @Option(names = "--client", paramLabel = "jdk|vertx", order = 8,
                description = "HTTP client: jdk (java.net.http) or vertx (Vert.x 5) (default: ${DEFAULT-VALUE}).")
        String client = "jdk";
    }

    static final class Output {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", order = 1, description = "Append one JSON record per page to FILE "
                + "(JSON Lines): url, final_url, status, content_type, title, links, bytes, latency_ms, depth, attempts, error, "
                + "truncated, outlinks, and canonical and meta_robots when the page has them.")
        Path file;

        @Option(names = "--resume", order = 2, description = "Read --output first and go on from there: no recorded URL is fetched again.")
        boolean resume;

        @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true", order = 3,
                description = "Show a progress bar on stderr while crawling (default: on when run in a terminal).")
        boolean progress = true;

        @Option(names = {"-q", "--quiet"}, order = 4, description = "Print only the summary.")
        boolean quiet;
    }

    static final class Modes {
        @Option(names = "--compare", order = 1, description = "Crawl the site four ways - sequential, a thread pool of N, asyncio4j "
                + "blocking style, asyncio4j future style - and print a table of pages/s and latency (uses -c, --max-pages, --client).")
        boolean compare;

        @Option(names = "--serve-demo", order = 2, description = "Only run the demo site (until Ctrl-C), for other crawlers to be "
                + "pointed at it.")
        boolean serveDemo;

        @Option(names = "--merge", arity = "1..*", paramLabel = "FILE", order = 3, description = "Only merge the nodes' JSON Lines "
                + "files of a cluster crawl into -o FILE, each URL once (the first record wins), and exit.")
        List<Path> merge = new ArrayList<>();
    }

    static final class Demo {
        @Option(names = "--demo-pages", paramLabel = "N", order = 1, description = "Pages (default: ${DEFAULT-VALUE}).")
        int pages = 2000;

        @Option(names = "--demo-latency", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 2,
                description = "Latency of every answer (default: 10ms).")
        Duration latency = Duration.ofMillis(10);

        @Option(names = "--demo-failure-rate", paramLabel = "RATE", order = 3,
                description = "Fraction of page requests answered 503 (default: ${DEFAULT-VALUE}).")
        double failureRate = 0.02;

        @Option(names = "--demo-slow-rate", paramLabel = "RATE", order = 4, description = "Fraction of slow pages (default: ${DEFAULT-VALUE}).")
        double slowRate = 0.01;

        @Option(names = "--demo-slow-delay", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 5,
                description = "Extra delay of a slow page (default: 1.5s).")
        Duration slowDelay = Duration.ofMillis(1500);

        @Option(names = "--demo-redirect-rate", paramLabel = "RATE", order = 6,
                description = "Fraction of links that go through a 301 redirect (default: ${DEFAULT-VALUE}).")
        double redirectRate = 0.03;

        @Option(names = "--demo-seed", paramLabel = "N", order = 7, description = "Seed for text and links (default: ${DEFAULT-VALUE}).")
        long seed = 42;

        @Option(names = "--demo-port", paramLabel = "PORT", order = 8, description = "Port on 127.0.0.1 (default: 0, any free port; "
                + "with --resume, the port of the earlier run).")
        int port;

        @Option(names = "--demo-sites", paramLabel = "N", order = 9, description = "With --serve-demo: serve N demo sites, on N ports "
                + "(from --demo-port up, or any free ones), so that a crawl has N hosts (default: ${DEFAULT-VALUE}).")
        int sites = 1;

        /** @throws IllegalArgumentException for a port out of range, or a demo site's setting out of its own */
        DemoSite.Options options() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--demo-port must be in 0..65535 (0: any free port), was " + port);
            }
            return DemoSite.Options.defaults().withPages(pages).withSeed(seed).withLatency(latency).withFailureRate(failureRate)
                    .withSlowPages(slowRate, slowDelay).withRedirectRate(redirectRate).withAddress("127.0.0.1", port);
        }
    }

    static final class Cluster {
        @Option(names = "--cluster", order = 1, description = "Crawl as one node of a cluster (Vert.x clustered event bus on "
                + "Hazelcast, TCP/IP join): the frontier, the seen URLs and the page limit are shared, each host's limits hold "
                + "cluster-wide, a dead node's pages are crawled by the others. Each node writes its own -o file; merge them "
                + "with --merge. A node with no START_URL and no --join serves the demo site; one with --join and no START_URL "
                + "takes part in the crawl the others started.")
        boolean enabled;

        @Option(names = "--join", paramLabel = "HOST:PORT", split = ",", order = 2, description = "Members to join (another node's "
                + "--cluster-host:--cluster-port), comma-separated. None for the first node.")
        List<String> join = new ArrayList<>();

        @Option(names = "--cluster-host", paramLabel = "ADDRESS", order = 3, description = "The address this node binds and others "
                + "reach it at (default: ${DEFAULT-VALUE}; on several machines, this machine's address).")
        String host = "127.0.0.1";

        @Option(names = "--cluster-port", paramLabel = "PORT", order = 4, description = "This node's Hazelcast port (default: ${DEFAULT-VALUE}).")
        int port = 5701;

        @Option(names = "--cluster-bus-port", paramLabel = "PORT", order = 5, description = "This node's event-bus port (default: 0, "
                + "any free one; set it to open it in a firewall).")
        int busPort;

        @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "${env:ASYNCIO4J_CLUSTER_NAME}", order = 6,
                description = "The cluster's name; only nodes that give it are admitted (default: env ASYNCIO4J_CLUSTER_NAME; "
                        + "else a node with no --join draws a new one and leaves it for the nodes of this machine that --join it).")
        String clusterName;

        @Option(names = "--cluster-keystore", paramLabel = "FILE", defaultValue = "${env:ASYNCIO4J_CLUSTER_KEYSTORE}", order = 7,
                description = "This node's key and certificate (PKCS#12; password in env " + ClusterTls.PASSWORD_ENV + "). The "
                        + "event bus then runs over TLS and talks only to nodes with a trusted certificate. Required off 127.0.0.1.")
        Path keystore;

        @Option(names = "--cluster-truststore", paramLabel = "FILE", defaultValue = "${env:ASYNCIO4J_CLUSTER_TRUSTSTORE}", order = 8,
                description = "The certificates of the nodes to trust (PKCS#12, same password; default: the key store's own).")
        Path truststore;

        @Option(names = "--node-name", paramLabel = "NAME", order = 9, description = "This node's name in the summary (default: HOST:PORT).")
        String nodeName;

        @Option(names = "--cluster-lease", paramLabel = "DURATION", converter = CliValues.DurationConverter.class, order = 10,
                description = "How long a dead node's pages stay claimed before others crawl them (default: 10s).")
        Duration lease = Duration.ofSeconds(10);

        @Option(names = "--cluster-failure-timeout", paramLabel = "SECONDS", order = 11,
                description = "A member silent this long is dropped (default: ${DEFAULT-VALUE}).")
        int failureSeconds = 10;

        @Option(names = "--cluster-wait-nodes", paramLabel = "N", order = 12, description = "Wait until the cluster has N nodes before "
                + "crawling (default: ${DEFAULT-VALUE}, start at once; nodes may join at any time).")
        int waitNodes = 1;

        /**
         * The node's settings, checked (ports, members, TLS off 127.0.0.1, the name); the key stores are
         * opened here, their password read from the environment ({@link ClusterTls#PASSWORD_ENV}).
         *
         * @throws IllegalArgumentException naming the option that is wrong
         */
        ClusterCrawl.Settings settings() {
            ClusterTls tls = ClusterTls.of(keystore, truststore, System.getenv(ClusterTls.PASSWORD_ENV));
            return new ClusterCrawl.Settings(host, port, busPort, join, failureSeconds, lease, waitNodes, nodeName, clusterName, tls);
        }
    }

    /**
     * The crawl's configuration from these options.
     *
     * @throws IllegalArgumentException for a value out of range or an unknown client
     */
    CrawlConfig config(List<String> starts) {
        CrawlConfig.Builder b = CrawlConfig.builder().concurrency(pace.concurrency).perHost(pace.perHost).maxPages(scope.maxPages)
                .maxDepth(scope.maxDepth).timeout(requests.timeout).pageDeadline(requests.pageDeadline).retries(requests.retries)
                .backoff(requests.backoff, requests.maxBackoff).delay(pace.delay).obeyRobots(pace.robots).userAgent(pace.userAgent)
                .output(output.file).resume(output.resume).maxBodyBytes(requests.maxBody).maxRedirects(requests.maxRedirects)
                .sitemaps(scope.sitemaps).autoThrottle(pace.autoThrottle).client(switch (requests.client) {
                    case "vertx" -> CrawlConfig.Client.VERTX;
                    case "jdk" -> CrawlConfig.Client.JDK;
                    default -> throw new IllegalArgumentException("--client must be vertx or jdk, was " + requests.client);
                });
        b.startUrls(starts);
        scope.allowHosts.forEach(b::allowHost);
        scope.include.forEach(b::include);
        scope.exclude.forEach(b::exclude);
        return b.build();
    }
}
