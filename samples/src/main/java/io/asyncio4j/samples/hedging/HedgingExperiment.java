package io.asyncio4j.samples.hedging;

import io.asyncio4j.Async;
import io.asyncio4j.HedgedFuture;
import io.asyncio4j.Task;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Seed 000's unanswered design problem, measured: a client must have an answer within a deadline
 * {@code t} from a server that drops requests and stalls at traffic peaks. Which works better —
 * retrying one attempt after another, sending {@code k} copies at once, or hedging ("The Tail at
 * Scale", Dean and Barroso 2013: send a second copy only when the first has not answered by the
 * 95th-percentile latency)?
 *
 * <p>For each cell of a grid over the drop and stall probabilities, the harness first sends single
 * requests to learn the latency (the p95 of a sliding window, kept up to date during the run by the
 * single attempts: see {@link LatencyWindow}), then runs every strategy for the same number of logical
 * requests, interleaved, {@value #CONCURRENCY} at a time, each bounded by the deadline, and reports: the share
 * answered within the deadline, the time to an answer at p50/p99/p99.9 (a request that got no
 * answer counts as slower than any), and the extra load (requests sent ÷ requests needed).
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar hedging [--full] [--requests N] [--scale S]
 * [--cells drop:stall,...] [--out DIR]}. Without options it is a taste in seconds: one cell (5 % drops, 1 %
 * stalls), 300 requests per strategy, scale 5. {@code --full} is the measured run (about ten minutes):
 * twelve cells, 2000 requests per cell and strategy, scale 20. With {@code --out} it writes
 * {@code hedging-results.md} and {@code hedging.png} there; the other options override either default.
 */
public final class HedgingExperiment {
    static final int CONCURRENCY = 32;
    static final int HEDGE_ATTEMPTS = 3;
    static final double SIGMA = 0.5;
    // Times at scale 1; --scale multiplies them all. The default, 20 (median 80 ms, stalls 6 s, deadline
    // 2 s), keeps a run to about ten minutes while the scheduling delay of a busy machine (tens of ms
    // per request when other builds load it) stays small beside the server's own latency.
    private static final double MEDIAN_MS_1 = 4;
    private static final double STALL_MS_1 = 300;
    private static final double DEADLINE_MS_1 = 100;
    private static final double FULL_SCALE = 20;
    private static final double TASTE_SCALE = 5;
    static double scale = FULL_SCALE;

    static double medianMs() {
        return MEDIAN_MS_1 * scale;
    }

    static double stallMs() {
        return STALL_MS_1 * scale;
    }

    static Duration deadline() {
        return Duration.ofNanos(Math.round(DEADLINE_MS_1 * scale * 1e6));
    }

    private HedgingExperiment() {}

    /** One grid cell: the probabilities of a drop and of a stall per request. */
    record Cell(double pDrop, double pStall) {
        String label() {
            return String.format(Locale.ROOT, "drop %s, stall %s", pct(pDrop), pct(pStall));
        }
    }

    /** What one logical request does; returns normally on success; counts the requests it sent. */
    interface Strategy {
        String name();

        void call(Client client, AtomicInteger sent) throws Exception;
    }

    /** The HTTP client side: one GET, a failure unless 200. */
    record Client(HttpClient http, HttpRequest request) {
        CompletableFuture<String> send() {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode());
                }
                return r.body();
            });
        }
    }

    /** One attempt, no retry: the baseline. Its successes feed the client's latency window, if any. */
    static Strategy single(LatencyWindow window) {
        return named("single attempt", (c, sent) -> {
            sent.incrementAndGet();
            long start = System.nanoTime();
            Async.await(c.send());
            if (window != null) {
                window.add(System.nanoTime() - start);
            }
        });
    }

    /** Seed 000's "顺序重试": one attempt at a time, each with its own timeout, until one succeeds. */
    static Strategy sequential(Supplier<Duration> perAttempt) {
        return named("sequential retries (timeout 2 x p95)", (c, sent) -> {
            while (true) {
                sent.incrementAndGet();
                try {
                    Async.await(Async.waitFor(c.send(), perAttempt.get()));
                    return;
                } catch (CancellationException deadlinePassed) {
                    throw deadlinePassed; // the caller's deadline cancelled us: stop retrying
                } catch (CompletionException | IllegalStateException failedOrTimedOut) {
                    // dropped, or slower than the per-attempt timeout: try again (the deadline stops us)
                }
            }
        });
    }

    /** Seed 000's "同时干": k copies at once, the first success wins ({@code Async.firstSuccessful}). */
    static Strategy copies(int k) {
        return named(k + " concurrent copies", (c, sent) -> {
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                sent.incrementAndGet();
                all.add(c.send());
            }
            Async.await(Async.firstSuccessful(all));
        });
    }

    /** The Tail at Scale: a second copy only after the p95 delay (or at once after a failure). */
    static Strategy hedged(Supplier<Duration> delay) {
        return named("hedged after p95, up to " + HEDGE_ATTEMPTS, (c, sent) -> {
            HedgedFuture<String> h = Async.hedgeAsync(delay.get(), HEDGE_ATTEMPTS, c::send);
            try {
                Async.await(h);
            } finally {
                sent.addAndGet(h.attemptsSent());
            }
        });
    }

    private static Strategy named(String name, Body body) {
        return new Strategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void call(Client client, AtomicInteger sent) throws Exception {
                body.call(client, sent);
            }
        };
    }

    @FunctionalInterface
    private interface Body {
        void call(Client client, AtomicInteger sent) throws Exception;
    }

    /** Every logical request's time to an answer (Long.MAX_VALUE: none within the deadline) and the requests sent. */
    record Result(String strategy, long[] nanos, long sent) {
        double successRate() {
            return Arrays.stream(nanos).filter(n -> n != Long.MAX_VALUE).count() / (double) nanos.length;
        }

        /** The q-quantile of the time to an answer; Long.MAX_VALUE if it falls among the failures. */
        long quantile(double q) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        double extraLoad() {
            return sent / (double) nanos.length;
        }
    }

    /** Runs {@code n} logical requests with {@code strategy}, CONCURRENCY at a time, each within the deadline. */
    static Result measure(Client client, Strategy strategy, int n) {
        return measure(client, List.of(strategy), n).get(0);
    }

    /**
     * Runs {@code n} logical requests per strategy, the strategies interleaved (request i uses strategy
     * i mod k), CONCURRENCY at a time, each within the deadline. Interleaving gives every strategy the
     * same share of whatever else the machine is doing meanwhile; run one after another, a strategy
     * that happened to run while a neighbour compiled would look worse for no reason of its own.
     */
    static List<Result> measure(Client client, List<Strategy> strategies, int n) {
        int k = strategies.size();
        long[][] nanos = new long[k][n];
        AtomicInteger[] sent = new AtomicInteger[k];
        Arrays.setAll(sent, i -> new AtomicInteger());
        AtomicInteger next = new AtomicInteger();
        Async.run(() -> {
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                workers.add(Async.createTask(() -> {
                    for (int i = next.getAndIncrement(); i < n * k; i = next.getAndIncrement()) {
                        int s = i % k;
                        long start = System.nanoTime();
                        Task<Void> request = Async.createTask(() -> {
                            strategies.get(s).call(client, sent[s]);
                            return null;
                        });
                        long took;
                        try {
                            Async.await(Async.waitFor(request, deadline())); // the client's deadline t
                            took = System.nanoTime() - start;
                        } catch (RuntimeException failed) { // every attempt failed, or the deadline passed
                            took = Long.MAX_VALUE; // no answer within the deadline
                        }
                        nanos[s][i / k] = took;
                    }
                    return null;
                }));
            }
            Async.await(Async.gather(workers));
        });
        List<Result> results = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            results.add(new Result(strategies.get(s).name(), nanos[s], sent[s].get()));
        }
        return results;
    }

    /**
     * Runs the grid and prints the table; writes the table and the chart with {@code --out DIR}.
     *
     * @param args {@code [--full] [--requests N] [--calibration N] [--scale S] [--cells drop:stall,...] [--out DIR]}
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        boolean full = List.of(args).contains("--full");
        int requests = full ? 2000 : 300;
        int calibration = 500;
        scale = full ? FULL_SCALE : TASTE_SCALE;
        Path out = null;
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> { }
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--calibration" -> calibration = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--cells" -> {
                    for (String c : args[++i].split(",")) {
                        String[] p = c.split(":");
                        cells.add(new Cell(Double.parseDouble(p[0]), Double.parseDouble(p[1])));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cells.isEmpty() && !full) {
            cells.add(new Cell(0.05, 0.01));
        }
        if (cells.isEmpty()) {
            for (double stall : new double[] {0, 0.01, 0.03}) {
                for (double drop : new double[] {0, 0.01, 0.05, 0.10}) {
                    cells.add(new Cell(drop, stall));
                }
            }
        }
        long began = System.nanoTime();
        String machine = Machine.describe();
        StringBuilder table = new StringBuilder();
        List<CellResults> all = new ArrayList<>();
        try (LatencyServer server = new LatencyServer(model(cells.get(0)))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            Client client = new Client(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .timeout(Duration.ofSeconds(5))
                    // POST, not GET: the JDK client silently retries an idempotent GET once when the connection
                    // drops, which would hide the drops from the strategies being compared
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            measure(client, single(null), 200); // warm-up: connections, JIT
            System.out.printf("deadline %d ms; server: log-normal body (median %.0f ms, sigma %.1f), stalls of %.0f ms, drops;"
                    + " %d logical requests per strategy and cell, %d at a time%n%s%n%n",
                    deadline().toMillis(), medianMs(), SIGMA, stallMs(), requests, CONCURRENCY, machine);
            table.append(Report.header());
            System.out.print(Report.header());
            for (Cell cell : cells) {
                server.setModel(model(cell));
                // the client learns the latency from single attempts first, then keeps learning from the
                // single attempts interleaved with the other strategies
                LatencyWindow window = new LatencyWindow();
                measure(client, single(window), calibration);
                Duration calibrated = window.p95(deadline());
                Supplier<Duration> p95 = () -> window.p95(calibrated);
                List<Result> results = measure(client, List.of(single(window),
                        sequential(() -> p95.get().multipliedBy(2)), copies(2), copies(3), hedged(p95)), requests);
                long p95Nanos = p95.get().toNanos();
                CellResults cr = new CellResults(cell, calibrated.toNanos(), p95Nanos, results);
                all.add(cr);
                String rows = Report.rows(cr);
                table.append(rows);
                System.out.print(rows);
                System.out.flush();
            }
        }
        double minutes = (System.nanoTime() - began) / 60e9;
        System.out.printf("%ntook %.1f min%n", minutes);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("hedging-results.md"), "<!-- generated by HedgingExperiment; " + machine
                    + String.format(Locale.ROOT, "; %.1f min -->%n", minutes) + table);
            HedgingChart.write(all, out.resolve("hedging.png"));
            System.out.println("wrote " + out.resolve("hedging-results.md") + " and " + out.resolve("hedging.png"));
        }
    }

    /** One cell's p95 of a single attempt (after calibration, and at the end) and the strategies' results. */
    record CellResults(Cell cell, long calibratedP95Nanos, long finalP95Nanos, List<Result> results) {}

    static LatencyServer.Model model(Cell cell) {
        return new LatencyServer.Model(medianMs(), SIGMA, cell.pStall(), stallMs(), cell.pDrop());
    }

    static String pct(double p) {
        return (p * 100 == Math.rint(p * 100) ? String.valueOf((int) Math.rint(p * 100)) : String.valueOf(p * 100)) + "%";
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
