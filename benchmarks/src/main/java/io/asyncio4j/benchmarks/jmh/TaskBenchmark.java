package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
import io.asyncio4j.Task;
import io.asyncio4j.benchmarks.peers.KotlinxBaselines;
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
 * Task spawn and completion: per invocation, one task on a running loop creates {@value #BATCH}
 * tasks that return at once and gathers them; the score is the time per task.
 * <ul>
 *   <li>{@code blockingTask}: {@code Async.createTask(() -> 1)} — a blocking-style body (a virtual
 *       thread and two loop hand-offs each on JDK 21+);</li>
 *   <li>{@code futureTask}: {@code Async.ensureFuture(Async.sleep(Duration.ZERO, 1))} — a task
 *       wrapping a future-style body that yields once;</li>
 *   <li>{@code futureBody}: just the future-style body {@code Async.sleep(Duration.ZERO, 1)}, no task;</li>
 *   <li>{@code kotlinxAsync}: baseline, {@code async { 1 }} in {@code runBlocking}.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TaskBenchmark}
 * (defaults: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement; override with {@code -f -wi -i -w -r}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(TaskBenchmark.BATCH)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskBenchmark extends LoopBenchmark {
    static final int BATCH = 1000;

    @Benchmark
    public long blockingTask() throws Exception {
        return loop.runCoroutineThreadsafe(() -> {
            List<Task<Integer>> ts = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) ts.add(Async.createTask(() -> 1));
            return sum(Async.await(Async.gather(ts)));
        }).get();
    }

    @Benchmark
    public long futureTask() throws Exception {
        return loop.runCoroutineThreadsafe(() -> {
            List<Task<Integer>> ts = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) ts.add(Async.ensureFuture(Async.sleep(Duration.ZERO, 1)));
            return sum(Async.await(Async.gather(ts)));
        }).get();
    }

    @Benchmark
    public long futureBody() throws Exception {
        return loop.runCoroutineThreadsafe(() -> {
            List<CompletableFuture<Integer>> fs = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) fs.add(Async.sleep(Duration.ZERO, 1));
            return sum(Async.await(Async.gather(fs)));
        }).get();
    }

    @Benchmark
    public long kotlinxAsync() {
        return KotlinxBaselines.asyncAll(BATCH);
    }

    static long sum(List<Integer> xs) {
        long s = 0;
        for (Integer x : xs) s += x;
        return s;
    }
}
