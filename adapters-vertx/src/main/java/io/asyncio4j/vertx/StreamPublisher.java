package io.asyncio4j.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReadStream} as a {@link Flow.Publisher} for one subscriber: the stream stays paused and
 * each {@code request(n)} becomes {@code fetch(n)}, so the stream never delivers more than was asked
 * for; {@code cancel} pauses it for good. End and exception become {@code onComplete} / {@code onError}.
 * Signals come from the stream's context, one at a time.
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {
    private final ReadStream<T> stream;
    private final @Nullable Context context;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    StreamPublisher(ReadStream<T> stream) {
        this.stream = stream;
        this.context = Vertx.currentContext();
        stream.pause();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber");
        }
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("A ReadStream publisher takes one subscriber; " + stream + " has one"));
            return;
        }
        Contexts.runOn(context, () -> new Link(subscriber).start());
    }


    private final class Link implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private volatile boolean done;

        Link(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        void start() {
            stream.handler(item -> {
                if (!done) {
                    subscriber.onNext(item);
                }
            });
            stream.endHandler(v -> {
                if (!done) {
                    done = true;
                    subscriber.onComplete();
                }
            });
            stream.exceptionHandler(e -> {
                if (!done) {
                    done = true;
                    subscriber.onError(e);
                }
            });
            subscriber.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                done = true;
                Contexts.runOn(context, stream::pause);
                subscriber.onError(new IllegalArgumentException("n must be > 0 (Reactive Streams rule 3.9), was " + n));
                return;
            }
            Contexts.runOn(context, () -> {
                if (!done) {
                    stream.fetch(n);
                }
            });
        }

        @Override
        public void cancel() {
            done = true;
            Contexts.runOn(context, stream::pause);
        }
    }
}
