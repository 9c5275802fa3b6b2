package io.asyncio4j.benchmarks.workers;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncProcess;
import io.asyncio4j.SubprocessOptions;
import io.asyncio4j.Task;
import io.asyncio4j.WorkerPool;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One measured W7 run in a fresh JVM: {@code W7Child <case> <impl>}; prints
 * {@code RESULT ms=<wall> checksum=<n>} (JVM start-up excluded). See {@link W7}.
 */
public final class W7Child {
    static final String WORKERPOOL_THREADS = "WorkerPool.threads(4)";
    static final String JDK_FIXED = "Executors.newFixedThreadPool(4)";
    static final String WORKERPOOL_PROCESSES = "WorkerPool.processes(2)";
    static final String ASYNC_SUBPROCESS = "Async.subprocess";

    static final int TINY_JOBS = 100_000;
    static final int CPU_JOBS = 1_000;
    static final long CPU_PRIME = 100_000_000_003L;
    static final long CPU_LIGHT_PRIME = 1_000_000_007L;
    static final int PROCESSES = 1_000;
    static final int AT_ONCE = 50;

    private W7Child() {}

    static long expectedChecksum(String caseName) {
        return switch (caseName) {
            case "tiny" -> (long) TINY_JOBS * (TINY_JOBS - 1) / 2;
            case "cpu", "cpu-light" -> CPU_JOBS;
            case "subprocess" -> PROCESSES;
            default -> throw new IllegalArgumentException("unknown case " + caseName);
        };
    }

    /** The seeds' prime test (seed 001), as in w7_peers.py. */
    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n == 2) {
            return true;
        }
        if (n % 2 == 0) {
            return false;
        }
        long sqrt = (long) Math.floor(Math.sqrt(n));
        for (long i = 3; i <= sqrt; i += 2) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) throws Exception {
        String caseName = args[0];
        String impl = args[1];
        long[] result = switch (caseName + "/" + impl) {
            case "tiny/" + WORKERPOOL_THREADS -> tinyWorkerPool();
            case "tiny/" + JDK_FIXED -> tinyFixed();
            case "cpu/" + WORKERPOOL_PROCESSES -> cpuProcesses(CPU_PRIME);
            case "cpu-light/" + WORKERPOOL_PROCESSES -> cpuProcesses(CPU_LIGHT_PRIME);
            case "subprocess/" + ASYNC_SUBPROCESS -> subprocesses();
            default -> throw new IllegalArgumentException("unknown case/impl " + caseName + "/" + impl);
        };
        System.out.printf(Locale.ROOT, "RESULT ms=%.3f checksum=%d%n", result[0] / 1e6, result[1]);
        System.out.flush();
        System.exit(0);
    }

    private static long tinyRound(WorkerPool pool) {
        List<CompletableFuture<Integer>> fs = new ArrayList<>(TINY_JOBS);
        for (int i = 0; i < TINY_JOBS; i++) {
            int n = i;
            fs.add(pool.submit(() -> n));
        }
        long sum = 0;
        for (CompletableFuture<Integer> f : fs) {
            sum += f.join();
        }
        return sum;
    }

    private static long[] tinyWorkerPool() {
        try (WorkerPool pool = WorkerPool.threads(4)) {
            tinyRound(pool); // warm-up
            long t0 = System.nanoTime();
            long sum = tinyRound(pool);
            return new long[] {System.nanoTime() - t0, sum};
        }
    }

    private static long tinyRound(ExecutorService pool) throws Exception {
        List<Future<Integer>> fs = new ArrayList<>(TINY_JOBS);
        for (int i = 0; i < TINY_JOBS; i++) {
            int n = i;
            fs.add(pool.submit(() -> n));
        }
        long sum = 0;
        for (Future<Integer> f : fs) {
            sum += f.get();
        }
        return sum;
    }

    private static long[] tinyFixed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            tinyRound(pool); // warm-up
            long t0 = System.nanoTime();
            long sum = tinyRound(pool);
            return new long[] {System.nanoTime() - t0, sum};
        } finally {
            pool.shutdown();
        }
    }

    private static long[] cpuProcesses(long prime) {
        long t0 = System.nanoTime();
        long count;
        List<Long> items = java.util.Collections.nCopies(CPU_JOBS, prime);
        try (WorkerPool pool = WorkerPool.processes(2)) {
            count = pool.map(W7Child::isPrime, items).stream().filter(b -> b).count();
        }
        return new long[] {System.nanoTime() - t0, count};
    }

    /** 50 blocking-style tasks on one loop, each starting {@code true} and awaiting its exit. */
    private static long[] subprocesses() {
        long t0 = System.nanoTime();
        SubprocessOptions inherit = SubprocessOptions.defaults()
                .stdin(Redirect.INHERIT).stdout(Redirect.INHERIT).stderr(Redirect.INHERIT);
        long ok = Async.run(() -> {
            int[] next = {0};
            int[] zero = {0};
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < AT_ONCE; w++) {
                workers.add(Async.createTask(() -> {
                    while (next[0] < PROCESSES) { // tasks of one loop never run at once: plain ints are safe
                        next[0]++;
                        AsyncProcess p = Async.subprocess(List.of("true"), inherit);
                        if (Async.await(p.waitFor()) == 0) {
                            zero[0]++;
                        }
                    }
                    return null;
                }));
            }
            Async.await(Async.gather(workers));
            return (long) zero[0];
        });
        return new long[] {System.nanoTime() - t0, ok};
    }
}
