package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Async.gather} of {@code n} inputs; the score is the time of one whole gather.
 * <ul>
 *   <li>{@code gatherCompleted}: n futures that are already complete, gathered on this plain thread
 *       (the combinator alone);</li>
 *   <li>{@code allOfCompleted}: baseline, {@code CompletableFuture.allOf} of the same, then the list built;</li>
 *   <li>{@code gatherSleepZeroOnLoop}: a task on a running loop gathers n {@code Async.sleep(ZERO)}
 *       (each completes on a later loop iteration), including one {@code runCoroutineThreadsafe} round trip.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar GatherBenchmark -p n=10,1000,100000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GatherBenchmark extends LoopBenchmark {
    @Param({"10", "1000", "100000"})
    public int n;

    private List<CompletableFuture<Integer>> completed;

    @Setup
    public void setUp() {
        completed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) completed.add(CompletableFuture.completedFuture(i));
    }

    @Benchmark
    public List<Integer> gatherCompleted() {
        return Async.gather(completed).join();
    }

    @Benchmark
    public List<Integer> allOfCompleted() {
        CompletableFuture<?>[] arr = completed.toArray(new CompletableFuture<?>[0]);
        return CompletableFuture.allOf(arr).thenApply(v -> {
            List<Integer> out = new ArrayList<>(arr.length);
            for (CompletableFuture<Integer> f : completed) out.add(f.join());
            return out;
        }).join();
    }

    @Benchmark
    public int gatherSleepZeroOnLoop() throws Exception {
        int size = n;
        return loop.runCoroutineThreadsafe(() -> {
            List<CompletableFuture<Integer>> fs = new ArrayList<>(size);
            for (int i = 0; i < size; i++) fs.add(Async.sleep(Duration.ZERO, i));
            return Async.await(Async.gather(fs)).size();
        }).get();
    }
}
