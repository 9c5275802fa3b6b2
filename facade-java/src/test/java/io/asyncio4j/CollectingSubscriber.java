package io.asyncio4j;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A test subscriber: requests a fixed amount on subscribe, keeps every item, and records how the stream ended. */
final class CollectingSubscriber<T> implements Flow.Subscriber<T> {
    private final long initialRequest;

    /** The items received, in order. */
    final List<T> items = Collections.synchronizedList(new java.util.ArrayList<>());

    /** Completes on onComplete, fails with the very error of onError. */
    final CompletableFuture<Void> done = new CompletableFuture<>();

    /** The subscription, once subscribed. */
    volatile Flow.Subscription subscription;

    CollectingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    /** @return the error the stream ended with (waits for the end) */
    Throwable failure() {
        return done.handle((v, e) -> e).join();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(initialRequest);
    }

    @Override
    public void onNext(T item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }
}
