package io.asyncio4j.benchmarks.peers;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import io.asyncio4j.benchmarks.compare.Peer;
import io.asyncio4j.benchmarks.compare.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * asyncio4j's side of the comparison, written against the public Java API only, in its two styles.
 *
 * <p><b>Future style</b> ({@code blocking == false}): the task bodies are methods that return a
 * {@code CompletableFuture} and cost no thread; only {@code main} is a body.
 * <ul>
 *   <li>W1: {@code Async.run(() -> Async.await(Async.gather(1M × Async.sleep(1 s, 1))))};</li>
 *   <li>W1b: the same with {@code Async.sleep(Duration.ZERO, 1)} (asyncio's {@code sleep(0)}: yields once);</li>
 *   <li>W3: {@code CompletableFuture.supplyAsync(fn, loop).get()} with the {@code EventLoop} as the
 *       {@code Executor} (a {@code callSoonThreadsafe} hand-off, no task).</li>
 * </ul>
 * <p><b>Blocking style</b> ({@code blocking == true}): each task is an {@code Async.createTask} body
 * that waits with {@code Async.await}, as Python's {@code async def} would.
 * <ul>
 *   <li>W1: 1M {@code Async.createTask(() -> { Async.await(Async.sleep(1 s)); return 1; })}, gathered;</li>
 *   <li>W1b: the same with {@code Duration.ZERO};</li>
 *   <li>W3: {@code Async.runCoroutineThreadsafe(() -> x, loop).get()} against a loop from
 *       {@code EventLoop.startInThread("bench")} — the API issue 2's target names.</li>
 * </ul>
 */
public final class Asyncio4jPeer implements Peer {
    private final boolean blocking;

    public Asyncio4jPeer(boolean blocking) {
        this.blocking = blocking;
    }

    @Override
    public long run(Workload w, Workload.Spec s) throws Exception {
        switch (w) {
            case W1: return blocking ? sleepTasks(s.n(), Duration.ofMillis(s.sleepMs())) : sleepFutures(s.n(), Duration.ofMillis(s.sleepMs()));
            case W1B: return blocking ? sleepTasks(s.n(), Duration.ZERO) : sleepFutures(s.n(), Duration.ZERO);
            case W2: throw new NotAvailable("AsyncQueue not merged yet");
            case W3_SEQ: return roundTrips(s.n(), false);
            case W3_PIPE: return roundTrips(s.n(), true);
            case W4: throw new NotAvailable("AsyncLock not merged yet");
            default: throw new AssertionError(w);
        }
    }

    // ------------------------------------------------------------------ W1, W1b

    /** Future style: n sleep futures gathered by the main task. */
    static long sleepFutures(int n, Duration d) {
        return Async.run(() -> {
            List<CompletableFuture<Integer>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) fs.add(Async.sleep(d, 1));
            return sum(Async.await(Async.gather(fs)));
        });
    }

    /** Blocking style: n tasks whose bodies await a sleep, gathered by the main task. */
    static long sleepTasks(int n, Duration d) {
        return Async.run(() -> {
            List<Task<Integer>> ts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ts.add(Async.createTask(() -> {
                    Async.await(Async.sleep(d));
                    return 1;
                }));
            }
            return sum(Async.await(Async.gather(ts)));
        });
    }

    private static long sum(List<Integer> xs) {
        long s = 0;
        for (Integer x : xs) s += x;
        return s;
    }

    // ------------------------------------------------------------------ W3

    private long roundTrips(int n, boolean pipelined) throws Exception {
        EventLoop loop = EventLoop.startInThread("bench");
        try {
            long sum = 0;
            if (!pipelined) {
                for (int i = 0; i < n; i++) sum += submit(loop, i).get();
            } else {
                List<CompletableFuture<Long>> fs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) fs.add(submit(loop, i));
                for (CompletableFuture<Long> f : fs) sum += f.get();
            }
            return sum;
        } finally {
            loop.close();
        }
    }

    private CompletableFuture<Long> submit(EventLoop loop, long x) {
        return blocking ? Async.runCoroutineThreadsafe(() -> x, loop) : CompletableFuture.supplyAsync(() -> x, loop);
    }
}
