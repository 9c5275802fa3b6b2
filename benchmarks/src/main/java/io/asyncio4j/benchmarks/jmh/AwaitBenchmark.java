package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
import io.asyncio4j.benchmarks.peers.KotlinxBaselines;
import java.time.Duration;
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
 * {@code Async.await} inside a blocking-style body: one body awaits {@value #AWAITS} times per
 * invocation; the score is the time per await.
 * <ul>
 *   <li>{@code awaitYield}: {@code Async.await(Async.sleep(Duration.ZERO))} while a second body does
 *       the same — every await hands the loop back and gets it again (the virtual-thread hand-off);</li>
 *   <li>{@code awaitCompleted}: {@code Async.await} of a future that is already complete (the fast path);</li>
 *   <li>{@code kotlinxYield}: baseline, {@code yield()} in two coroutines of one {@code runBlocking}.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar AwaitBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(AwaitBenchmark.AWAITS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AwaitBenchmark extends LoopBenchmark {
    static final int AWAITS = 1000;
    private static final CompletableFuture<Integer> DONE = CompletableFuture.completedFuture(1);

    @Benchmark
    public long awaitYield() throws Exception {
        return loop.runCoroutineThreadsafe(() -> {
            var other = Async.createTask(() -> {
                for (int i = 0; i < AWAITS; i++) Async.await(Async.sleep(Duration.ZERO));
                return 0L;
            });
            long n = 0;
            for (int i = 0; i < AWAITS; i++) {
                Async.await(Async.sleep(Duration.ZERO));
                n++;
            }
            return n + Async.await(other);
        }).get();
    }

    @Benchmark
    public long awaitCompleted() throws Exception {
        return loop.runCoroutineThreadsafe(() -> {
            long n = 0;
            for (int i = 0; i < AWAITS; i++) n += Async.await(DONE);
            return n;
        }).get();
    }

    @Benchmark
    public long kotlinxYield() {
        return KotlinxBaselines.yieldTimes(AWAITS);
    }
}
