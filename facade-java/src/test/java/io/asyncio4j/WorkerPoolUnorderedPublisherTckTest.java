package io.asyncio4j;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;

/**
 * The Reactive Streams TCK against {@link WorkerPool#imapUnorderedPublisher} on a thread pool: items
 * come back in the order their jobs finish. The environment, pool and skips are those of
 * {@link WorkerPoolPublisherTckTest}.
 */
public class WorkerPoolUnorderedPublisherTckTest extends WorkerPoolPublisherTckTest {
    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        List<Long> items = LongStream.range(0, elements).boxed().toList();
        return pool.imapUnorderedPublisher((Long i) -> i, items);
    }
}
