package io.asyncio4j.samples.pools;

import io.asyncio4j.Async;
import io.asyncio4j.WorkerPool;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, {@code get_context('spawn').Process(target=hello)}: two processes each sleep 1–5 units and
 * print {@code hello martin, I am <pid>}; the main process joins both. A Java child is always
 * "spawned" (a fresh JVM, never a fork). A pool of two worker processes stands in for the two
 * {@code Process} objects: {@code submit} is {@code start}, awaiting the future is {@code join}.
 *
 * <pre>
 * process1 = context.Process(target=hello, args=('martin',))
 * process2 = context.Process(target=hello, args=('martin',))
 * for p in [process1, process2]: p.start()
 * for p in [process1, process2]: p.join()
 * </pre>
 */
public final class ProcessHello {
    private ProcessHello() {}

    static Void hello(String name, double unit) {
        Py.sleep(unit, ThreadLocalRandom.current().nextInt(1, 6));
        System.out.println("hello " + name + ", I am " + Py.getpid());
        return null;
    }

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        try (WorkerPool context = WorkerPool.processes(2)) {
            List<CompletableFuture<Void>> processes = List.of(
                    context.submit(() -> hello("martin", unit)), context.submit(() -> hello("martin", unit)));
            for (CompletableFuture<Void> p : processes) {
                Async.await(p); // join
            }
        }
    }
}
