package io.asyncio4j.benchmarks.soak;

import io.asyncio4j.BrokenWorkerException;
import io.asyncio4j.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Jobs on a {@link WorkerPool#processes} pool of two child JVMs: most compute a value, some throw, and
 * some end their worker JVM ({@code System.exit(7)} or {@code Runtime.halt(9)}). Every job's future
 * must complete within {@link #BOUND} — the value, the job's own exception, or a
 * {@link BrokenWorkerException} with the worker's exit code — and after each round a plain job must
 * still run: the pool replaces dead workers and keeps working.
 */
final class WorkerJobs implements SoakLoad {
    private static final int JOBS_PER_ROUND = 10;
    private static final Duration BOUND = Duration.ofSeconds(120);

    private final SoakCounters counters;
    private final WorkerPool pool = WorkerPool.processes(2);
    private int round;

    WorkerJobs(SoakCounters counters) {
        this.counters = counters;
    }

    @Override
    public LoadKind kind() {
        return LoadKind.WORKERS;
    }

    @Override
    public void round() throws Exception {
        round++;
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < JOBS_PER_ROUND; i++) {
            int kind = ThreadLocalRandom.current().nextInt(100);
            long x = round * 100L + i;
            kinds.add(kind);
            futures.add(pool.submit(() -> job(kind, x)));
            if (kind >= 75) {
                counters.fault(LoadKind.WORKERS, 1);
            }
        }
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (int i = 0; i < futures.size(); i++) {
            int kind = kinds.get(i);
            long x = round * 100L + i;
            try {
                long v = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (kind >= 75 || v != x * x) {
                    counters.violation(LoadKind.WORKERS, "job kind " + kind + " returned " + v);
                }
            } catch (ExecutionException e) {
                check(kind, e.getCause());
            } catch (TimeoutException e) {
                counters.hung(LoadKind.WORKERS, 1, "job kind " + kind + " not done in " + BOUND.toSeconds() + " s");
            }
            counters.op(LoadKind.WORKERS, 1);
        }
        try {
            long v = pool.submit(() -> 6L * 7L).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            if (v != 42L) {
                counters.violation(LoadKind.WORKERS, "check job returned " + v);
            }
        } catch (TimeoutException e) {
            counters.hung(LoadKind.WORKERS, 1, "check job after round " + round + " not done in " + BOUND.toSeconds()
                    + " s");
        }
        counters.op(LoadKind.WORKERS, 1);
        counters.round(LoadKind.WORKERS);
    }

    /** Runs in the worker JVM: kinds 0-74 compute, 75-89 throw, 90-94 exit, 95-99 halt. */
    private static long job(int kind, long x) {
        if (kind < 75) {
            return x * x;
        } else if (kind < 90) {
            throw new IllegalStateException("soak job " + x + " failed on purpose");
        } else if (kind < 95) {
            System.exit(7);
        } else {
            Runtime.getRuntime().halt(9);
        }
        return -1;
    }

    private void check(int kind, Throwable cause) {
        boolean ok;
        if (kind < 75) {
            ok = false;
        } else if (kind < 90) {
            ok = cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).endsWith("on purpose");
        } else {
            ok = cause instanceof BrokenWorkerException b && b.exitCode() == (kind < 95 ? 7 : 9);
        }
        if (!ok) {
            counters.violation(LoadKind.WORKERS, "job kind " + kind + " failed with " + cause);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
