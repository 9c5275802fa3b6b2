package io.asyncio4j;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK (for {@code java.util.concurrent.Flow}) against
 * {@link WorkerPool#imapPublisher} on a thread pool: items are submitted as demand allows and come
 * back in order.
 *
 * <p>Skipped by the TCK itself: tests that need more elements than {@link #maxElementsFromPublisher()}.
 */
public class WorkerPoolPublisherTckTest extends FlowPublisherVerification<Long> {
    final WorkerPool pool = WorkerPool.threads(2);

    public WorkerPoolPublisherTckTest() {
        super(new TestEnvironment(1000, 200));
    }

    @AfterClass
    public void closePool() {
        pool.close();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1024;
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        List<Long> items = LongStream.range(0, elements).boxed().toList();
        return pool.imapPublisher((Long i) -> i * 2, items);
    }

    /**
     * None: a pool publisher has no error state at subscribe time — a job can only fail once demand
     * has let it be submitted (covered by {@code WorkerPoolTest.imapPublisher_failureEndsTheStream}).
     */
    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return null;
    }
}
