package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.Task;
import io.asyncio4j.benchmarks.peers.Asyncio4jPeer;
import io.asyncio4j.benchmarks.peers.KotlinxPeer;
import java.util.concurrent.ArrayBlockingQueue;
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
 * Queue put/get: per invocation {@value #ITEMS} items go from one producer to one consumer through a
 * queue of {@value #CAPACITY}; the score is the time per item (put + get).
 * <ul>
 *   <li>{@code futureStyle}: {@code AsyncQueue} with producer and consumer as callbacks on the
 *       {@code put}/{@code get} futures, in one {@code Async.run} (the comparison's W2, future style);</li>
 *   <li>{@code blockingStyle}: two tasks, {@code Async.await(q.put(i))} / {@code Async.await(q.get())};</li>
 *   <li>{@code nowaitPair}: {@code putNowait} then {@code getNowait} on a plain thread, uncontended;</li>
 *   <li>{@code blockingThreads}: {@code putBlocking}/{@code getBlocking} from two plain threads;</li>
 *   <li>{@code kotlinxChannel} and {@code arrayBlockingQueue}: baselines.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar QueueBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(QueueBenchmark.ITEMS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QueueBenchmark {
    static final int ITEMS = 100_000;
    static final int CAPACITY = 1024;

    private final AsyncQueue<Integer> uncontended = new AsyncQueue<>(CAPACITY);

    @Benchmark
    public long futureStyle() throws Exception {
        return new Asyncio4jPeer(false).run(io.asyncio4j.benchmarks.compare.Workload.W2,
                new io.asyncio4j.benchmarks.compare.Workload.Spec(ITEMS, 0, CAPACITY, 0, 0));
    }

    @Benchmark
    public long blockingStyle() {
        return Async.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(CAPACITY);
            Task<Long> consumer = Async.createTask(() -> {
                long sum = 0;
                for (int i = 0; i < ITEMS; i++) sum += Async.await(q.get());
                return sum;
            });
            for (int i = 0; i < ITEMS; i++) Async.await(q.put(i));
            return Async.await(consumer);
        });
    }

    @Benchmark
    public long nowaitPair() {
        long sum = 0;
        for (int i = 0; i < ITEMS; i++) {
            uncontended.putNowait(i);
            sum += uncontended.getNowait();
        }
        return sum;
    }

    @Benchmark
    public long blockingThreads() throws Exception {
        AsyncQueue<Integer> q = new AsyncQueue<>(CAPACITY);
        long[] sum = {0};
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) sum[0] += q.getBlocking();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < ITEMS; i++) q.putBlocking(i);
        consumer.join();
        return sum[0];
    }

    @Benchmark
    public long kotlinxChannel() {
        return KotlinxPeer.channel(ITEMS, CAPACITY);
    }

    @Benchmark
    public long arrayBlockingQueue() throws Exception {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        long[] sum = {0};
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) sum[0] += q.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < ITEMS; i++) q.put(i);
        consumer.join();
        return sum[0];
    }
}
