package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, daemon processes: {@code son1} (a daemon) prints {@code is alive} every half unit
 * forever; {@code son2} prints {@code in son2} five times, one unit apart; the main code sleeps two
 * units and ends. Python then terminates the daemon and waits for {@code son2}: the output stops
 * showing {@code is alive} after about two units, and {@code in son2} goes on to its fifth line.
 *
 * <p>Java has no daemon flag on a process: a worker JVM always dies with this JVM, and
 * {@link WorkerPool#close()} waits for its jobs. The daemon is a job in a pool of its own whose
 * future is cancelled when the main code ends ({@code cancel(true)} kills that worker JVM, as
 * Python's exit handler terminates daemonic children); the {@code try} block's end then waits for
 * {@code son2}, as Python joins non-daemonic children. Each pool first runs an empty job, so that
 * the JVM's start (slower than a fork) is not counted in the two units. Python's rule that a
 * daemon may not start children has no counterpart.
 *
 * <pre>
 * p = Process(target=son1); p.daemon = True; p.start()
 * p2 = Process(target=son2); p2.start()
 * time.sleep(2)
 * </pre>
 */
public final class DaemonProcess {
    private DaemonProcess() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        try (WorkerPool pool = WorkerPool.processes(1); WorkerPool daemons = WorkerPool.processes(1)) {
            pool.submit(() -> null).join();
            daemons.submit(() -> null).join();
            CompletableFuture<Void> p = daemons.submit(() -> {
                while (true) {
                    System.out.println("is alive");
                    Py.sleep(unit, 0.5);
                }
            });
            pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    System.out.println("in son2");
                    Py.sleep(unit, 1);
                }
                return null;
            });
            Py.sleep(unit, 2);
            p.cancel(true); // the main code ends: the daemon goes
        } // daemons closes (nothing left to run), then pool waits for son2
    }
}
