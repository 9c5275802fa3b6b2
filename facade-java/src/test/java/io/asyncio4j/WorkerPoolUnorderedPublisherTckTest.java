package io.asyncio4j;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK against {@link WorkerPool#imapUnorderedPublisher} on a thread pool: items
 * come back in the order their jobs finish.
 */
public class WorkerPoolUnorderedPublisherTckTest extends FlowPublisherVerification<Long> {
    private final WorkerPool pool = WorkerPool.threads(2);

    public WorkerPoolUnorderedPublisherTckTest() {
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
        return pool.imapUnorderedPublisher((Long i) -> i, items);
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
