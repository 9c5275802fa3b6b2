package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncChannel;
import io.asyncio4j.benchmarks.peers.KotlinxMoreBaselines;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
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
 * Channel → {@code Flow.Publisher} throughput: a task on a loop running in its own thread sends
 * {@value #ITEMS} items into a channel of {@value #CAPACITY}; a {@code Flow.Subscriber} on the JMH
 * thread's side requests {@value #BATCH} at a time and counts them; the score is the time per item.
 * <ul>
 *   <li>{@code asyncChannel}: {@code AsyncChannel.asPublisher()};</li>
 *   <li>{@code kotlinxChannel}: baseline, {@code Channel.consumeAsFlow().asPublisher()} (kotlinx-coroutines-jdk9),
 *       producer on {@code Dispatchers.Default};</li>
 *   <li>{@code submissionPublisher}: baseline, the JDK's {@code SubmissionPublisher} with the same buffer.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ChannelPublisherBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChannelPublisherBenchmark.ITEMS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChannelPublisherBenchmark extends LoopBenchmark {
    static final int ITEMS = 100_000;
    static final int CAPACITY = 64;
    static final int BATCH = 64;

    @Benchmark
    public long asyncChannel() throws Exception {
        AsyncChannel<Integer> ch = new AsyncChannel<>(CAPACITY);
        Counting sub = new Counting();
        ch.asPublisher().subscribe(sub);
        loop.runCoroutineThreadsafe(() -> {
            for (int i = 0; i < ITEMS; i++) Async.await(ch.send(i));
            ch.close();
            return null;
        });
        return sub.done.get();
    }

    @Benchmark
    public long kotlinxChannel() throws Exception {
        Counting sub = new Counting();
        KotlinxMoreBaselines.channelPublisher(ITEMS, CAPACITY).subscribe(sub);
        return sub.done.get();
    }

    @Benchmark
    public long submissionPublisher() throws Exception {
        Counting sub = new Counting();
        try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(Runnable::run, CAPACITY)) {
            pub.subscribe(sub);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < ITEMS; i++) pub.submit(i);
                pub.close();
            });
            producer.start();
            long n = sub.done.get();
            producer.join();
            return n;
        }
    }

    /** Requests BATCH items at a time, counts and sums them; completes with the count. */
    static final class Counting implements Flow.Subscriber<Integer> {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private Flow.Subscription s;
        private long count;
        private int outstanding;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            s = subscription;
            outstanding = BATCH;
            s.request(BATCH);
        }

        @Override
        public void onNext(Integer item) {
            count++;
            if (--outstanding == 0) {
                outstanding = BATCH;
                s.request(BATCH);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(count);
        }
    }
}
