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

/**
 * Seed 000's unanswered design problem, measured: a client must have an answer within a deadline
 * {@code t} from a server that drops requests and stalls at traffic peaks. Which works better —
 * retrying one attempt after another, sending {@code k} copies at once, or hedging ("The Tail at
 * Scale", Dean and Barroso 2013: send a second copy only when the first has not answered by the
 * 95th-percentile latency)?
 *
 * <p>For each cell of a grid over the drop and stall probabilities, the harness first sends single
 * requests to learn the latency (p95), then runs every strategy for the same number of logical
 * requests, {@value #CONCURRENCY} at a time, each bounded by the deadline, and reports: the share
 * answered within the deadline, the time to an answer at p50/p99/p99.9 (a request that got no
 * answer counts as slower than any), and the extra load (requests sent ÷ requests needed).
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar hedging [--requests N] [--scale S] [--out DIR]}
 * (defaults: 2000 requests per cell and strategy, scale 5; with {@code --out} it writes
 * {@code hedging-results.md} and {@code hedging.png} there). {@code --cells drop:stall,...} picks cells.
 */
public final class HedgingExperiment {
    static final int CONCURRENCY = 16;
    static final int HEDGE_ATTEMPTS = 3;
    static final double SIGMA = 0.5;
    // Times at scale 1; --scale multiplies them all (default 5: median 20 ms, stalls 1.5 s, deadline
    // 500 ms), which keeps a run to minutes while scheduling noise on a busy machine stays small beside them.
    private static final double MEDIAN_MS_1 = 4;
    private static final double STALL_MS_1 = 300;
    private static final double DEADLINE_MS_1 = 100;
    static double scale = 5;

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

    /** One attempt, no retry: the baseline. */
    static Strategy single() {
        return named("single attempt", (c, sent) -> {
            sent.incrementAndGet();
            Async.await(c.send());
        });
    }

    /** Seed 000's "顺序重试": one attempt at a time, each with its own timeout, until one succeeds. */
    static Strategy sequential(Duration perAttempt) {
        return named("sequential retries (timeout " + ms(perAttempt.toNanos()) + " ms)", (c, sent) -> {
            while (true) {
                sent.incrementAndGet();
                try {
                    Async.await(Async.waitFor(c.send(), perAttempt));
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
    static Strategy hedged(Duration delay) {
        return named("hedged after p95 (" + ms(delay.toNanos()) + " ms), up to " + HEDGE_ATTEMPTS, (c, sent) -> {
            HedgedFuture<String> h = Async.hedgeAsync(delay, HEDGE_ATTEMPTS, c::send);
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
        long[] nanos = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Async.run(() -> {
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                workers.add(Async.createTask(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        Task<Void> request = Async.createTask(() -> {
                            strategy.call(client, sent);
                            return null;
                        });
                        try {
                            Async.await(Async.waitFor(request, deadline())); // the client's deadline t
                            nanos[i] = System.nanoTime() - start;
                        } catch (RuntimeException failed) { // every attempt failed, or the deadline passed
                            nanos[i] = Long.MAX_VALUE; // no answer within the deadline
                        }
                    }
                    return null;
                }));
            }
            Async.await(Async.gather(workers));
        });
        return new Result(strategy.name(), nanos, sent.get());
    }

    /**
     * Runs the grid and prints the table; writes the table and the chart with {@code --out DIR}.
     *
     * @param args {@code [--requests N] [--calibration N] [--scale S] [--cells drop:stall,...] [--out DIR]}
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int requests = 2000;
        int calibration = 500;
        Path out = null;
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
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
            measure(client, single(), 200); // warm-up: connections, JIT
            System.out.printf("deadline %d ms; server: log-normal body (median %.0f ms, sigma %.1f), stalls of %.0f ms, drops;"
                    + " %d logical requests per strategy and cell, %d at a time%n%s%n%n",
                    deadline().toMillis(), medianMs(), SIGMA, stallMs(), requests, CONCURRENCY, machine);
            table.append(Report.header());
            for (Cell cell : cells) {
                server.setModel(model(cell));
                Result probe = measure(client, single(), calibration);
                long p95 = successQuantile(probe, 0.95);
                Duration hedgeDelay = Duration.ofNanos(p95);
                Duration perAttempt = Duration.ofNanos(2 * p95);
                List<Result> results = new ArrayList<>();
                for (Strategy s : List.of(single(), sequential(perAttempt), copies(2), copies(3), hedged(hedgeDelay))) {
                    results.add(measure(client, s, requests));
                }
                CellResults cr = new CellResults(cell, p95, results);
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

    /** One cell's measured p95 (the hedge delay) and the strategies' results. */
    record CellResults(Cell cell, long p95Nanos, List<Result> results) {}

    static LatencyServer.Model model(Cell cell) {
        return new LatencyServer.Model(medianMs(), SIGMA, cell.pStall(), stallMs(), cell.pDrop());
    }

    /** A quantile of the successful requests only (what a client measures to choose its hedge delay). */
    static long successQuantile(Result r, double q) {
        long[] ok = Arrays.stream(r.nanos()).filter(n -> n != Long.MAX_VALUE).sorted().toArray();
        if (ok.length == 0) {
            return deadline().toNanos();
        }
        return ok[Math.max(0, (int) Math.ceil(q * ok.length) - 1)];
    }

    static String pct(double p) {
        return (p * 100 == Math.rint(p * 100) ? String.valueOf((int) Math.rint(p * 100)) : String.valueOf(p * 100)) + "%";
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
