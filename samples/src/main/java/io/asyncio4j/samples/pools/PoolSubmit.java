package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, {@code ProcessPoolExecutor(5)}: ten jobs that print {@code start <pid>}, sleep 1–3 units,
 * print {@code end <pid>} and return {@code "<i> * <pid>"}; {@code shutdown()} waits for all of them,
 * then the results print in submission order and the main process says its pid. At most five
 * jobs run at once, one per worker process.
 *
 * <pre>
 * p = ProcessPoolExecutor(5)
 * for i in range(10):
 *     ret_l.append(p.submit(func, i))
 * p.shutdown()
 * for ret in ret_l: print('------>', ret.result())
 * print('main', os.getpid())
 * </pre>
 */
public final class PoolSubmit {
    private PoolSubmit() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        WorkerPool p = WorkerPool.processes(5);
        List<CompletableFuture<String>> retL = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            retL.add(p.submit(() -> Py.startSleepEnd(n, unit)));
        }
        p.shutdown(true); // no more jobs; blocks until the submitted ones are done
        for (CompletableFuture<String> ret : retL) {
            System.out.println("------> " + ret.join());
        }
        System.out.println("main " + Py.getpid());
    }
}
