package io.asyncio4j.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Writes what a {@link Flow.Publisher} gives into a {@link WriteStream}, one item requested at a time
 * while the stream's write queue has room; when it is full, the next request waits for the stream's
 * drain handler. Completion ends the stream; an error (or a failed write) fails the result and
 * cancels the subscription without ending the stream. Writes happen on the context that started it.
 */
final class StreamWriter<T> implements Flow.Subscriber<T> {
    private final WriteStream<T> stream;
    private final @Nullable Context context;
    final CompletableFuture<Void> result = new CompletableFuture<>();
    private volatile Flow.@Nullable Subscription subscription;

    StreamWriter(WriteStream<T> stream) {
        this.stream = stream;
        this.context = Vertx.currentContext();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null || result.isDone()) {
            s.cancel();
            return;
        }
        subscription = s;
        Contexts.runOn(context, () -> {
            stream.exceptionHandler(this::fail);
            requestWhenWritable();
        });
    }

    @Override
    public void onNext(T item) {
        Contexts.runOn(context, () -> {
            if (result.isDone()) {
                return;
            }
            stream.write(item).onFailure(this::fail);
            requestWhenWritable();
        });
    }

    @Override
    public void onError(Throwable e) {
        Contexts.runOn(context, () -> result.completeExceptionally(e));
    }

    @Override
    public void onComplete() {
        Contexts.runOn(context, () -> stream.end().onComplete((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e);
            }
        }));
    }

    private void requestWhenWritable() {
        Flow.Subscription s = subscription;
        if (s == null || result.isDone()) {
            return;
        }
        if (stream.writeQueueFull()) {
            stream.drainHandler(v -> requestWhenWritable());
        } else {
            s.request(1);
        }
    }

    private void fail(Throwable e) {
        if (result.completeExceptionally(e)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

}
