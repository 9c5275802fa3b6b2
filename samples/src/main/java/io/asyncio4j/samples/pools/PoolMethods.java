package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 001, {@code multiprocessing.Pool(processes=4)}: the same job — sleep 2, return
 * {@code hello <name>, I am <pid>} — through {@code map} (ordered, blocking: ~2 units),
 * {@code map_async} (the same without blocking until {@code get}), {@code imap_unordered} (completion
 * order), {@code apply} (one at a time: ~8 units) and {@code apply_async} (~2 units).
 *
 * <pre>
 * with Pool(processes=4) as pool:
 *     print(pool.map(func=hello, iterable=names))
 *     result = pool.map_async(func=hello, iterable=names); print(result.get())
 *     for r in pool.imap_unordered(func=hello, iterable=names): print(r)
 *     print([pool.apply(func=hello, args=(name,)) for name in names])
 *     for r in [pool.apply_async(func=hello, args=(name,)) for name in names]: print(r.get())
 * </pre>
 */
public final class PoolMethods {
    private PoolMethods() {}

    /** The job, run in a worker process; {@code unit} travels with it (the child has its own statics). */
    static String hello(String name, double unit) {
        Py.sleep(unit, 2);
        return "hello " + name + ", I am " + Py.getpid();
    }

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        List<String> names = List.of("martin", "ana", "liming", "Kev");
        try (WorkerPool pool = WorkerPool.processes(4)) {
            double start = Py.perfCounter();
            System.out.println("print map result");
            System.out.println(Py.repr(pool.map((String n) -> hello(n, unit), names)));
            System.out.println("Used :" + (Py.perfCounter() - start));

            start = Py.perfCounter();
            CompletableFuture<List<String>> result = pool.mapAsync((String n) -> hello(n, unit), names);
            System.out.println("print map_async result");
            System.out.println(Py.repr(result.join()));
            System.out.println("Used :" + (Py.perfCounter() - start));

            start = Py.perfCounter();
            for (String r : pool.imapUnordered((String n) -> hello(n, unit), names)) {
                System.out.println(r);
            }
            System.out.println("Used :" + (Py.perfCounter() - start));

            start = Py.perfCounter();
            System.out.println("print apply");
            List<String> applied = new ArrayList<>();
            for (String name : names) {
                applied.add(pool.apply(() -> hello(name, unit)));
            }
            System.out.println(Py.repr(applied));
            System.out.println("Used :" + (Py.perfCounter() - start));

            start = Py.perfCounter();
            System.out.println("print apply async");
            List<CompletableFuture<String>> async = new ArrayList<>();
            for (String name : names) {
                async.add(pool.applyAsync(() -> hello(name, unit), r -> { }, e -> { }));
            }
            for (CompletableFuture<String> r : async) {
                System.out.println(r.join());
            }
            System.out.println("Used :" + (Py.perfCounter() - start));
        }
    }
}
