package io.asyncio4j;

import io.asyncio4j.engine.Publishers;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** {@link Flow} bridges behind {@link Async}: {@code asCompletedPublisher}. */
final class Flows {
    private Flows() {}

    /**
     * asyncio's {@code as_completed} as a publisher: the values of {@code aws} in completion order, as
     * requested; fails with the first failure (unwrapped). Each subscriber sees the whole sequence.
     * Cancelling a subscription does not cancel the inputs.
     */
    static <T> Flow.Publisher<T> asCompletedPublisher(Collection<? extends CompletionStage<? extends T>> aws) {
        return Publishers.asCompleted(Checks.futures(aws, "aws"), -1);
    }

    /** As {@link #asCompletedPublisher(Collection)}, failing with {@code TimeoutException} after {@code timeout}. */
    static <T> Flow.Publisher<T> asCompletedPublisher(Collection<? extends CompletionStage<? extends T>> aws, Duration timeout) {
        long nanos = Checks.nanos(timeout, "timeout");
        return Publishers.asCompleted(Checks.futures(aws, "aws"), nanos);
    }
}
