package io.asyncio4j.vertx;

import static io.asyncio4j.vertx.VertxFixture.deployContext;
import static io.asyncio4j.vertx.VertxFixture.onContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamsTest extends WithVertx {
    private static final int ITEMS = 100_000;
    private static final int CAPACITY = 32;

    @Test
    void aHundredThousandItemsIntoAChannel_withASlowConsumer_producerPausedAndMemoryBounded() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        GeneratedStream stream = new GeneratedStream(ctx, ITEMS, null);
        AsyncChannel<Integer> channel = onContext(ctx, () -> CompletableFuture.completedFuture(VertxAsync.toChannel(stream, CAPACITY)));
        stream.start();
        AtomicInteger maxAhead = new AtomicInteger();
        List<Integer> got = Async.run(() -> {
            List<Integer> out = new ArrayList<>(ITEMS);
            while (true) {
                Integer item;
                try {
                    item = Async.await(channel.receive());
                } catch (NoSuchElementException closed) {
                    return out;
                }
                out.add(item);
                maxAhead.accumulateAndGet(stream.produced.get() - out.size(), Math::max);
                if (out.size() % 500 == 0) {
                    Async.await(Async.sleep(Duration.ofMillis(1))); // slow consumer
                }
            }
        });
        assertThat(got).hasSize(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            if (got.get(i) != i) {
                throw new AssertionError("item " + i + " is " + got.get(i));
            }
        }
        assertThat(stream.stops.get()).as("times the producer was stopped").isGreaterThan(0);
        // produced but not yet consumed: the channel, the stream's buffer, one held back, and in-flight
        assertThat(maxAhead.get()).isLessThanOrEqualTo(CAPACITY + 16 + 2);
    }

    @Test
    void theStreamsExceptionClosesTheChannelWithIt_afterTheItemsBefore() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        IOException boom = new IOException("boom");
        GeneratedStream stream = new GeneratedStream(ctx, 100, boom);
        AsyncChannel<Integer> channel = onContext(ctx, () -> CompletableFuture.completedFuture(VertxAsync.toChannel(stream, 8)));
        stream.start();
        List<Integer> got = new ArrayList<>();
        Throwable end = Async.run(() -> {
            while (true) {
                try {
                    got.add(Async.await(channel.receive()));
                } catch (Throwable e) {
                    return e;
                }
            }
        });
        assertThat(got).hasSize(100);
        assertThat(end).cause().isSameAs(boom);
    }

    @Test
    void aPublisherMapsDemandToFetch() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        GeneratedStream stream = new GeneratedStream(ctx, ITEMS, null);
        Flow.Publisher<Integer> publisher = onContext(ctx, () -> CompletableFuture.completedFuture(VertxAsync.toPublisher(stream)));
        stream.start();
        AtomicLong requested = new AtomicLong();
        AtomicInteger maxOutstanding = new AtomicInteger();
        List<Integer> got = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                requested.addAndGet(8);
                s.request(8);
            }

            @Override
            public void onNext(Integer item) {
                got.add(item);
                maxOutstanding.accumulateAndGet((int) (stream.produced.get() - got.size()), Math::max);
                assertThat((long) got.size()).isLessThanOrEqualTo(requested.get());
                if (got.size() % 8 == 0) {
                    requested.addAndGet(8);
                    s.request(8);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(30, TimeUnit.SECONDS);
        assertThat(got).hasSize(ITEMS).startsWith(0, 1, 2).endsWith(ITEMS - 2, ITEMS - 1);
        assertThat(maxOutstanding.get()).isLessThanOrEqualTo(16 + 8 + 1);
        // a second subscriber is refused
        CompletableFuture<Throwable> second = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
            }

            @Override
            public void onNext(Integer item) {
            }

            @Override
            public void onError(Throwable t) {
                second.complete(t);
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }

    /** A write stream that drains slowly (a timer takes a few items per tick) and says when its queue is full. */
    static final class SlowSink implements WriteStream<Integer> {
        final List<Integer> written = new ArrayList<>();
        final int max;
        int queued;
        int maxQueued;
        boolean ended;
        @Nullable Handler<Void> drain;

        SlowSink(Vertx vertx, int max) {
            this.max = max;
            vertx.setPeriodic(1, t -> {
                queued = Math.max(0, queued - 4);
                if (queued <= max / 2 && drain != null) {
                    Handler<Void> d = drain;
                    drain = null;
                    d.handle(null);
                }
            });
        }

        @Override
        public Future<Void> write(Integer data) {
            written.add(data);
            maxQueued = Math.max(maxQueued, ++queued);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            ended = true;
            return Future.succeededFuture();
        }

        @Override
        public boolean writeQueueFull() {
            return queued >= max;
        }

        @Override
        public WriteStream<Integer> drainHandler(@Nullable Handler<Void> handler) {
            drain = handler;
            return this;
        }

        @Override
        public WriteStream<Integer> exceptionHandler(@Nullable Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Integer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

    }

    @Test
    void aChannelPipedIntoAWriteStreamHonoursWriteQueueFull() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        SlowSink sink = onContext(ctx, () -> CompletableFuture.completedFuture(new SlowSink(vertx, 10)));
        AsyncChannel<Integer> channel = new AsyncChannel<>(64);
        CompletableFuture<Void> piped = onContext(ctx, () -> CompletableFuture.completedFuture(VertxAsync.pipe(channel, sink)));
        Async.run(() -> {
            for (int i = 0; i < 2_000; i++) {
                Async.await(channel.send(i));
            }
            channel.close();
        });
        piped.get(30, TimeUnit.SECONDS);
        List<Integer> written = onContext(ctx, () -> CompletableFuture.completedFuture(new ArrayList<>(sink.written)));
        assertThat(written).hasSize(2_000).startsWith(0, 1).endsWith(1_998, 1_999);
        assertThat(sink.ended).isTrue();
        assertThat(sink.maxQueued).isLessThanOrEqualTo(10);
    }

    @Test
    void aFailingPublisherFailsThePipeWithItsError_andDoesNotEndTheStream() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        SlowSink sink = onContext(ctx, () -> CompletableFuture.completedFuture(new SlowSink(vertx, 10)));
        AsyncChannel<Integer> channel = new AsyncChannel<>(4);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Void> piped = onContext(ctx, () -> CompletableFuture.completedFuture(VertxAsync.pipe(channel, sink)));
        channel.trySend(1);
        channel.close(boom);
        assertThat(piped.handle((v, e) -> e).get(10, TimeUnit.SECONDS)).isSameAs(boom);
        assertThat(sink.ended).isFalse();
    }
}
