package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.benchmarks.peers.KotlinxSingleThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A round trip from a plain thread (JMH's) to a loop running in its own thread and back; the score
 * is the time of one round trip (issue 2's target: {@code runCoroutineThreadsafe} within 2× of
 * {@code cfSingleThread}).
 * <ul>
 *   <li>{@code runCoroutineThreadsafe}: {@code Async.runCoroutineThreadsafe(() -> 1, loop).get()}
 *       against {@code EventLoop.startInThread} — a task with a blocking-style body;</li>
 *   <li>{@code loopExecutor}: {@code CompletableFuture.supplyAsync(() -> 1, loop).get()} — the loop as
 *       an {@code Executor} ({@code callSoonThreadsafe}), no task;</li>
 *   <li>{@code cfSingleThread}: baseline, {@code supplyAsync(fn, Executors.newSingleThreadExecutor()).get()};</li>
 *   <li>{@code kotlinxFuture}: baseline, {@code scope.future { 1 }.get()} on a single-thread dispatcher.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RunCoroutineThreadsafeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RunCoroutineThreadsafeBenchmark extends LoopBenchmark {
    private ExecutorService single;
    private KotlinxSingleThread kotlinx;

    @Setup
    public void start() {
        single = Executors.newSingleThreadExecutor();
        kotlinx = new KotlinxSingleThread();
    }

    @TearDown
    public void stop() {
        single.shutdownNow();
        kotlinx.close();
    }

    @Benchmark
    public Integer runCoroutineThreadsafe() throws Exception {
        return Async.runCoroutineThreadsafe(() -> 1, loop).get();
    }

    @Benchmark
    public Integer loopExecutor() throws Exception {
        return CompletableFuture.supplyAsync(() -> 1, loop).get();
    }

    @Benchmark
    public Integer cfSingleThread() throws Exception {
        return CompletableFuture.supplyAsync(() -> 1, single).get();
    }

    @Benchmark
    public int kotlinxFuture() {
        return kotlinx.roundTrip(1);
    }
}
