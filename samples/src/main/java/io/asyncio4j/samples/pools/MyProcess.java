package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, a subclass of {@code Process}: {@code MyProcess(1, 2)} keeps its arguments in fields
 * and its {@code run()} prints them with its pid, then {@code in myprocess}, in an endless loop.
 * The parent starts it, sleeps one unit, terminates it and prints {@code is_alive()} twice.
 *
 * <p>Java cannot subclass a process that runs its own {@code run()} in a forked child. The pattern
 * here: {@code ProcessJob}, a {@link java.io.Serializable} job whose {@code run()} the worker JVM
 * calls; its fields travel to the worker with it ({@code super().__init__()} has nothing to do).
 * {@code start()} is {@code pool.submit(job)}, {@code terminate()} is {@code cancel(true)}, which
 * kills the worker JVM and returns once it is dead, so both {@code is_alive()} lines print
 * {@code False} (Python's first one prints {@code True}: its {@code terminate()} only sends the
 * signal). As in Python, a line or two that the child wrote just before it died may still appear
 * after the first {@code False}: the pool forwards what the worker had already written to its pipe.
 * The pool first runs an empty job, so that the JVM's start is not counted in the unit.
 *
 * <pre>
 * class MyProcess(Process):
 *     def __init__(self, x, y):
 *         self.x = x; self.y = y
 *         super().__init__()
 *     def run(self):
 *         while True:
 *             print(self.x, self.y, os.getpid())
 *             print('in myprocess')
 * mp = MyProcess(1, 2); mp.daemon = True; mp.start()
 * time.sleep(1); mp.terminate()
 * print(mp.is_alive()); time.sleep(0.01); print(mp.is_alive())
 * </pre>
 */
public final class MyProcess extends ProcessJob {
    private static final long serialVersionUID = 1L;

    private final int x;
    private final int y;

    MyProcess(int x, int y) {
        this.x = x;
        this.y = y;
    }

    @Override
    void run() {
        while (true) {
            System.out.println(x + " " + y + " " + Py.getpid());
            System.out.println("in myprocess");
        }
    }

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        try (WorkerPool pool = WorkerPool.processes(1)) {
            pool.submit(() -> null).join();
            CompletableFuture<Void> mp = pool.submit(new MyProcess(1, 2)); // mp.start()
            Py.sleep(unit, 1);
            mp.cancel(true); // mp.terminate()
            System.out.println(Py.repr(!mp.isDone()));
            Py.sleep(unit, 0.01);
            System.out.println(Py.repr(!mp.isDone()));
        }
    }
}
