package io.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.SkipException;

/**
 * The Reactive Streams TCK (for {@code java.util.concurrent.Flow}) against
 * {@link AsyncChannel#asPublisher()}: a buffered channel fed by a sender that stops at
 * {@code elements} and closes it.
 *
 * <p>Skipped: the optional multicast rule 1.11 tests ({@code optional_spec111_multicast_*}), because a
 * channel is unicast by design — subscribers compete for items as consumers of one queue do, so two
 * subscribers never see the same sequence.
 */
public class ChannelPublisherTckTest extends FlowPublisherVerification<Long> {
    public ChannelPublisherTckTest() {
        super(new TestEnvironment(1000, 200));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        AsyncChannel<Long> ch = new AsyncChannel<>(16);
        new Feeder(ch, elements).run();
        return ch.asPublisher();
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        AsyncChannel<Long> ch = new AsyncChannel<>();
        ch.close(new RuntimeException("failed on purpose"));
        return ch.asPublisher();
    }

    @Override
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
        throw new SkipException("AsyncChannel is unicast: subscribers compete for items");
    }

    @Override
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
        throw new SkipException("AsyncChannel is unicast: subscribers compete for items");
    }

    @Override
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
        throw new SkipException("AsyncChannel is unicast: subscribers compete for items");
    }

    /** Sends 0..n-1 without a thread: each send that has to wait continues the loop when it completes. */
    static final class Feeder implements Runnable {
        private final AsyncChannel<Long> ch;
        private final long n;
        private long next;

        Feeder(AsyncChannel<Long> ch, long n) {
            this.ch = ch;
            this.n = n;
        }

        @Override
        public synchronized void run() {
            while (next < n) {
                CompletableFuture<Void> f = ch.send(next++);
                if (!f.isDone()) {
                    f.thenRun(this);
                    return;
                }
            }
            ch.close();
        }
    }
}
