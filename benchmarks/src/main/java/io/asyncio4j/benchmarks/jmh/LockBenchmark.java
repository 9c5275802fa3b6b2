package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import io.asyncio4j.AsyncSemaphore;
import io.asyncio4j.Task;
import io.asyncio4j.benchmarks.peers.KotlinxMoreBaselines;
import io.asyncio4j.benchmarks.peers.KotlinxPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lock and semaphore acquire/release under contention: {@value #TASKS} tasks on one loop each
 * {@value #ITERS} times acquire, yield once while holding ({@code Async.sleep(ZERO)}), release; the
 * score is the time per acquire/release.
 * <ul>
 *   <li>{@code lockFuture} / {@code semaphoreFuture}: future-style workers ({@code acquire().whenComplete});</li>
 *   <li>{@code lockBlocking}: blocking-style tasks ({@code Async.await(lock.acquire())});</li>
 *   <li>{@code lockTwoThreads}: two plain threads contending with {@code Async.await(lock.acquire())}
 *       (blocking the thread) and {@code release()} — the cross-thread path;</li>
 *   <li>{@code kotlinxMutex} / {@code kotlinxSemaphore}: baselines with {@code yield()}.</li>
 * </ul>
 * The semaphores have {@value #PERMITS} permits.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar LockBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(LockBenchmark.TASKS * LockBenchmark.ITERS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LockBenchmark {
    static final int TASKS = 100;
    static final int ITERS = 100;
    static final int PERMITS = 4;

    @Benchmark
    public long lockFuture() {
        return Async.run(() -> {
            AsyncLock lock = new AsyncLock();
            return Async.await(workers(() -> lock.acquire(), lock::release));
        });
    }

    @Benchmark
    public long semaphoreFuture() {
        return Async.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(PERMITS);
            return Async.await(workers(() -> sem.acquire(), sem::release));
        });
    }

    @Benchmark
    public long lockBlocking() {
        return Async.run(() -> {
            AsyncLock lock = new AsyncLock();
            long[] ops = {0};
            List<Task<Void>> ts = new ArrayList<>(TASKS);
            for (int t = 0; t < TASKS; t++) {
                ts.add(Async.createTask(() -> {
                    for (int i = 0; i < ITERS; i++) {
                        Async.await(lock.acquire());
                        try {
                            Async.await(Async.sleep(Duration.ZERO));
                            ops[0]++;
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                }));
            }
            Async.await(Async.gather(ts));
            return ops[0];
        });
    }

    @Benchmark
    @OperationsPerInvocation(2 * LockBenchmark.TASKS * LockBenchmark.ITERS)
    public long lockTwoThreads() throws Exception {
        AsyncLock lock = new AsyncLock();
        long[] ops = {0};
        Runnable r = () -> {
            for (int i = 0; i < TASKS * ITERS; i++) {
                Async.await(lock.acquire());
                ops[0]++;
                lock.release();
            }
        };
        Thread other = new Thread(r);
        other.start();
        r.run();
        other.join();
        return ops[0];
    }

    @Benchmark
    public long kotlinxMutex() {
        return KotlinxPeer.mutex(TASKS, ITERS);
    }

    @Benchmark
    public long kotlinxSemaphore() {
        return KotlinxMoreBaselines.semaphore(PERMITS, TASKS, ITERS);
    }

    /** TASKS future-style workers, each ITERS × acquire → sleep(0) → release; completes with the count. */
    private static CompletableFuture<Long> workers(java.util.function.Supplier<CompletableFuture<Void>> acquire, Runnable release) {
        long[] ops = {0};
        List<CompletableFuture<Void>> done = new ArrayList<>(TASKS);
        for (int t = 0; t < TASKS; t++) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            done.add(d);
            step(acquire, release, ITERS, d, ops);
        }
        return Async.gather(done).thenApply(x -> ops[0]);
    }

    private static void step(java.util.function.Supplier<CompletableFuture<Void>> acquire, Runnable release, int left,
                             CompletableFuture<Void> done, long[] ops) {
        if (left == 0) {
            done.complete(null);
            return;
        }
        acquire.get().thenCompose(v -> Async.sleep(Duration.ZERO)).whenComplete((v, e) -> {
            ops[0]++;
            release.run();
            if (e != null) done.completeExceptionally(e);
            else step(acquire, release, left - 1, done, ops);
        });
    }
}
