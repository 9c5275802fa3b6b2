package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerOptions;
import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, "效率差": start a hundred processes, each computing {@code a + b}, join them and print
 * the seconds taken; then the same with a hundred threads. The point is the cost of starting a
 * process against a thread; both figures are printed, as in Python (they vary from run to run).
 *
 * <p>Each process is a worker JVM of {@code WorkerPool.processes(n)} running one job; the timing
 * includes starting the JVMs and, at the end of the {@code try} block, waiting for them to exit
 * ({@code join}). A JVM costs much more to start than a forked Python process, so the workers get
 * small-footprint options ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx32m}); a hundred of
 * them still take many seconds to start on a small machine. The threads are {@code WorkerPool.threads(n)}.
 *
 * <pre>
 * for i in range(100):
 *     p = Process(target=func, args=(i, i*2)); p.start(); p_l.append(p)
 * for i in p_l: i.join()
 * print(time.time() - start)
 * ... the same with Thread ...
 * </pre>
 */
public final class ProcessVsThreadTiming {
    private ProcessVsThreadTiming() {}

    /** The seed's {@code func(a, b)}: {@code c = a + b}. */
    static int func(int a, int b) {
        return a + b;
    }

    /**
     * Runs the sample.
     *
     * @param args optional: the number of processes and of threads (default 100)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        WorkerOptions small = WorkerOptions.defaults().jvmOptions("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m");

        double start = Py.perfCounter();
        try (WorkerPool processes = WorkerPool.processes(n, small)) {
            runAll(processes, n);
        }
        System.out.println(Py.perfCounter() - start);

        start = Py.perfCounter();
        try (WorkerPool threads = WorkerPool.threads(n)) {
            runAll(threads, n);
        }
        System.out.println(Py.perfCounter() - start);
    }

    private static void runAll(WorkerPool pool, int n) {
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = i;
            started.add(pool.submit(() -> func(a, a * 2)));
        }
        started.forEach(CompletableFuture::join);
    }
}
