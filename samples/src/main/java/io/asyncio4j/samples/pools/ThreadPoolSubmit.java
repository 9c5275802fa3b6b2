package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, {@code ThreadPoolExecutor(20)}: a hundred jobs (the seed submits {@code func(1)} each
 * time, and so do we), results taken in submission order with {@code result()}, then
 * {@code shutdown()}. Every job prints the same pid: threads share the process.
 *
 * <pre>
 * tp = ThreadPoolExecutor(20)
 * for i in range(100):
 *     ret_l.append(tp.submit(func, 1))
 * for ret in ret_l: print('------->', ret.result())
 * tp.shutdown()
 * print('main')
 * </pre>
 */
public final class ThreadPoolSubmit {
    private ThreadPoolSubmit() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        WorkerPool tp = WorkerPool.threads(20);
        List<CompletableFuture<String>> retL = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            retL.add(tp.submit(() -> Py.startSleepEnd(1, unit)));
        }
        for (CompletableFuture<String> ret : retL) {
            System.out.println("-------> " + ret.join());
        }
        tp.shutdown(true);
        System.out.println("main");
    }
}
