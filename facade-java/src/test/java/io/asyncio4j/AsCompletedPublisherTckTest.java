package io.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK (for {@code java.util.concurrent.Flow}) against
 * {@code Async.asCompletedPublisher} (implemented by the engine's {@code Publishers.asCompleted}): half of the inputs are already
 * complete, half complete a little later on another thread.
 *
 * <p>Skipped by the TCK itself: tests that need more elements than {@link #maxElementsFromPublisher()}
 * (a finite list of futures cannot be "infinite"), which the TCK reports as skipped.
 */
public class AsCompletedPublisherTckTest extends FlowPublisherVerification<Long> {
    public AsCompletedPublisherTckTest() {
        super(new TestEnvironment(1000, 200));
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1024;
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        List<CompletableFuture<Long>> inputs = new ArrayList<>();
        for (long i = 0; i < elements; i++) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            if (i % 2 == 0) {
                f.complete(i);
            } else {
                f.completeOnTimeout(i, 1 + i % 5, TimeUnit.MILLISECONDS);
            }
            inputs.add(f);
        }
        return Async.asCompletedPublisher(inputs);
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return Async.asCompletedPublisher(List.of(CompletableFuture.<Long>failedFuture(new RuntimeException("failed on purpose"))));
    }
}
