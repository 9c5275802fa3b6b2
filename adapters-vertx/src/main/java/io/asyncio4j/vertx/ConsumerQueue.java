package io.asyncio4j.vertx;

import io.asyncio4j.AsyncQueue;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An event-bus consumer feeding a bounded {@link AsyncQueue}: while the queue is full the consumer is
 * paused, and messages sent meanwhile wait in the consumer's buffer (the event bus cannot slow its
 * senders; the buffer has no limit, so nothing is dropped). {@code shutdown} unregisters the consumer.
 */
final class ConsumerQueue<T> extends AsyncQueue<Message<T>> {
    private final MessageConsumer<T> consumer;
    private @Nullable Context context;
    /** Puts waiting for room; the consumer is paused while there is one. Touched on the context only. */
    private int waitingPuts;

    ConsumerQueue(EventBus bus, String address, int capacity) {
        super(capacity);
        // Never discard: while paused, Vert.x holds what arrives (its default drops beyond 1000 messages).
        this.consumer = bus.consumer(new MessageConsumerOptions().setAddress(address).setMaxBufferedMessages(Integer.MAX_VALUE / 2));
        consumer.handler(this::onMessage);
    }

    /** Completes once the consumer's registration has reached the event bus. */
    CompletableFuture<Void> registered() {
        return VertxAsync.toStage(consumer.completion());
    }

    private void onMessage(Message<T> m) {
        context = Vertx.currentContext();
        CompletableFuture<Void> put = put(m);
        if (put.isDone()) {
            return;
        }
        if (waitingPuts++ == 0) {
            consumer.pause();
        }
        put.whenComplete((v, e) -> Contexts.runOn(context, () -> {
            if (--waitingPuts == 0 && e == null) {
                consumer.resume();
            }
        }));
    }

    @Override
    public void shutdown(boolean immediate) {
        consumer.unregister();
        super.shutdown(immediate);
    }

    @Override
    public void shutdown() {
        shutdown(false);
    }
}
