package io.asyncio4j.samples.pools;

import io.asyncio4j.Async;
import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003's {@code Process} programs, in a row, with worker processes standing in for
 * {@code Process} objects ({@code submit} = {@code start}, awaiting = {@code join},
 * {@code cancel(true)} = {@code terminate}, not done = {@code is_alive}):
 * <ol>
 *   <li>a child prints {@code start}/{@code end} with its pid; the parent joins it, then prints
 *       {@code main} and its own pid;</li>
 *   <li>ten children each "send a mail"; after joining all, the parent prints that they were sent;</li>
 *   <li>data isolation: ten children decrement their own copy of {@code n = 100}; the parent's
 *       {@code n} is still 100;</li>
 *   <li>{@code terminate}: a child prints {@code is alive} every half unit until it is killed. Python
 *       prints {@code True} right after {@code terminate()} because the OS has not acted yet; here
 *       the kill is done when {@code cancel} returns, so it prints {@code False} at once.</li>
 * </ol>
 */
public final class ProcessLifecycle {
    /** Each worker process has its own copy (seed 003's global {@code n}). */
    static int n = 100;

    private ProcessLifecycle() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        try (WorkerPool pool = WorkerPool.processes(2)) {
            CompletableFuture<Void> p = pool.submit(() -> {
                System.out.println("start " + Py.getpid());
                Py.sleep(unit, 1);
                System.out.println("end " + Py.getpid());
                return null;
            });
            Async.await(p); // p.join()
            System.out.println("main " + Py.getpid());

            List<CompletableFuture<Void>> li = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int mail = i;
                li.add(pool.submit(() -> {
                    System.out.println("邮件已发送 " + mail);
                    return null;
                }));
            }
            li.forEach(Async::await);
            System.out.println("100封邮件已发送");

            li.clear();
            for (int i = 0; i < 10; i++) {
                li.add(pool.submit(() -> {
                    n -= 1; // the worker's own n
                    return null;
                }));
            }
            li.forEach(Async::await);
            System.out.println(n);

            CompletableFuture<Void> son1 = pool.submit(() -> {
                while (true) {
                    System.out.println("is alive");
                    Py.sleep(unit, 0.5);
                }
            });
            System.out.println(!son1.isDone()); // p.is_alive()
            Py.sleep(unit, 1);
            son1.cancel(true); // p.terminate(): kills that worker process; the pool starts another
            System.out.println(!son1.isDone());
        }
    }
}
