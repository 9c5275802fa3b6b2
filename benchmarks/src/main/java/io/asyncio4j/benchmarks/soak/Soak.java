package io.asyncio4j.benchmarks.soak;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar benchmarks.jar soak [--minutes 10 | --seconds N] [--out FILE]}: five kinds of load at
 * once against the public API for the given time — a cancellation storm on queues, locks and
 * semaphores; {@code runCoroutineThreadsafe} racing the close of short-lived loops; echo clients that
 * drop connections and send garbage; subprocesses, some killed; worker-process jobs, some of which
 * crash their JVM. A one-line progress every minute, a report at the end. Exit code 0 only if no item
 * was lost or duplicated, no call hung, no other check failed, and threads, descriptors and heap at the
 * end are within {@link ResourceTolerance} of the start. Not part of {@code mvn verify} except a
 * ten-second run (SoakSmokeTest).
 *
 * <p>The first tenth of the time (1 to 60 s) is a warm-up with the same load, so the start figures are
 * taken with the pools already at their working size; start and end are both taken with the loads
 * paused between rounds and the long-lived server and worker pool still open.
 */
public final class Soak {
    private static final int MAX_ROUNDS = 1_000_000;
    private static final Duration JOIN_SLACK = Duration.ofMinutes(3);
    private static final Duration SETTLE_MAX = Duration.ofSeconds(45);

    private Soak() {}

    public static void main(String[] args) throws Exception {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out));
    }

    /** Runs the soak, prints progress and the report to {@code out}; returns the exit code. */
    static int run(SoakOptions options, PrintStream out) throws Exception {
        long total = options.duration().toMillis();
        long warmUp = Math.max(1_000, Math.min(60_000, total / 10));
        long t0 = System.nanoTime();
        String loadStart = loadAverage();
        out.printf(Locale.ROOT, "soak: %d s (%d s warm-up, then %d s measured), JDK %s, %d cores, load average %s%n",
                total / 1000, warmUp / 1000, (total - warmUp) / 1000, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), loadStart);
        out.printf("before any load: %s%n", ResourceSnapshot.take().line());
        SoakCounters counters = new SoakCounters();
        List<SoakLoad> loads = new ArrayList<>();
        loads.add(new CancellationStorm(counters));
        loads.add(new ThreadsafeCalls(counters));
        loads.add(new EchoClients(counters));
        loads.add(new Subprocesses(counters));
        loads.add(new WorkerJobs(counters));

        runPhase(loads, counters, warmUp);
        ResourceSnapshot start = ResourceSnapshot.take();
        out.printf("start (after warm-up): %s%n", start.line());
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(() -> out.println(progressLine(counters, t0)), 60, 60, TimeUnit.SECONDS);
        try {
            runPhase(loads, counters, total - warmUp);
        } finally {
            progress.shutdownNow();
            progress.awaitTermination(10, TimeUnit.SECONDS);
        }
        // Idle pooled threads end some time after their last use (JDK 17's body threads after 30 s):
        // the end figures are taken again each second until they are back within the tolerance, or
        // SETTLE_MAX has passed; a leak stays beyond it.
        long stopped = System.nanoTime();
        ResourceSnapshot end = ResourceSnapshot.take();
        List<String> exceeded = ResourceTolerance.exceeded(start, end);
        while (!exceeded.isEmpty() && System.nanoTime() - stopped < SETTLE_MAX.toNanos()) {
            Thread.sleep(1_000);
            end = ResourceSnapshot.take();
            exceeded = ResourceTolerance.exceeded(start, end);
        }
        out.printf(Locale.ROOT, "end measured %.1f s after the loads stopped (at most %d s allowed to settle)%n",
                (System.nanoTime() - stopped) / 1e9, SETTLE_MAX.toSeconds());
        for (SoakLoad load : loads) {
            try {
                load.close();
            } catch (Exception e) {
                counters.violation(load.kind(), "close failed: " + e);
            }
        }
        ResourceSnapshot closed = ResourceSnapshot.take();
        String report = SoakReport.text(counters, start, end, closed, exceeded,
                (System.nanoTime() - t0) / 1_000_000_000.0, loadStart, loadAverage());
        out.print(report);
        if (options.out() != null) {
            Path file = options.out();
            Files.writeString(file, report);
        }
        return counters.clean() && exceeded.isEmpty() ? 0 : 1;
    }

    /** Every load on a thread of its own, round after round, until the time is up; then joins them. */
    private static void runPhase(List<SoakLoad> loads, SoakCounters counters, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (SoakLoad load : loads) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < MAX_ROUNDS && System.nanoTime() < deadline; i++) {
                    try {
                        load.round();
                    } catch (Throwable e) {
                        counters.violation(load.kind(), "round failed: " + e);
                    }
                }
            }, "soak-" + load.kind().name().toLowerCase(Locale.ROOT));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + JOIN_SLACK.toMillis()));
            if (t.isAlive()) {
                counters.hung(loads.get(i).kind(), 1, "a round still running " + JOIN_SLACK.toMinutes()
                        + " min after the time was up");
            }
        }
    }

    private static String progressLine(SoakCounters c, long t0) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[%4.0f s]",
                (System.nanoTime() - t0) / 1e9));
        for (LoadKind k : LoadKind.values()) {
            sb.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(c.ops(k))
                    .append('/').append(c.faults(k));
        }
        sb.append(" (ops/faults); lost ").append(c.lost.get()).append(", dup ").append(c.duplicated.get())
                .append(", hung ").append(c.hung.get()).append(", violations ").append(c.violations.get())
                .append("; ").append(ResourceSnapshot.take().line()).append("; load ").append(loadAverage());
        return sb.toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
