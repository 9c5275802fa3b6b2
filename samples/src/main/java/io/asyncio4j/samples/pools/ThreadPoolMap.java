package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 003, {@code tp.map(func, range(20))} on a {@code ThreadPoolExecutor(20)}: all twenty run at
 * once; the results come back in the order of {@code range(20)} whatever order they finish in
 * ({@code imap} here: Python's {@code executor.map} returns a generator too).
 *
 * <pre>
 * tp = ThreadPoolExecutor(20)
 * ret = tp.map(func, range(20))
 * for i in ret: print(i)
 * </pre>
 */
public final class ThreadPoolMap {
    private ThreadPoolMap() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        try (WorkerPool tp = WorkerPool.threads(20)) {
            List<Integer> range = IntStream.range(0, 20).boxed().toList();
            for (String i : tp.imap((Integer i) -> Py.startSleepEnd(i, unit), range)) {
                System.out.println(i);
            }
        }
    }
}
