package io.asyncio4j.vertx;

import io.asyncio4j.AsyncQueue;
import io.asyncio4j.QueueShutDown;
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
 * senders; the buffer has no limit, so nothing is dropped). Once the queue is shut down, the next
 * message unregisters the consumer; a request among them is failed ("queue shut down") rather than
 * left to time out.
 */
final class ConsumerQueue<T> {
    static final int SHUT_DOWN_FAILURE_CODE = 503;

    private final AsyncQueue<Message<T>> queue;
    private final MessageConsumer<T> consumer;
    private @Nullable Context context;
    /** Puts waiting for room; the consumer is paused while there is one. Touched on the context only. */
    private int waitingPuts;

    private ConsumerQueue(EventBus bus, String address, int capacity) {
        this.queue = new AsyncQueue<>(capacity);
        // Never discard: while paused, Vert.x holds what arrives (its default drops beyond 1000 messages).
        this.consumer = bus.consumer(new MessageConsumerOptions().setAddress(address).setMaxBufferedMessages(Integer.MAX_VALUE / 2));
        consumer.handler(this::onMessage);
    }

    static <T> AsyncQueue<Message<T>> start(EventBus bus, String address, int capacity) {
        return new ConsumerQueue<T>(bus, address, capacity).queue;
    }

    private void onMessage(Message<T> m) {
        context = Vertx.currentContext();
        CompletableFuture<Void> put;
        try {
            put = queue.put(m);
        } catch (QueueShutDown e) {
            shutDown(m);
            return;
        }
        if (put.isDone()) {
            if (put.isCompletedExceptionally()) {
                shutDown(m);
            }
            return;
        }
        if (waitingPuts++ == 0) {
            consumer.pause();
        }
        put.whenComplete((v, e) -> Contexts.runOn(context, () -> {
            if (e != null) {
                shutDown(m);
            }
            if (--waitingPuts == 0 && e == null) {
                consumer.resume();
            }
        }));
    }

    private void shutDown(Message<T> m) {
        consumer.unregister();
        if (m.replyAddress() != null) {
            m.fail(SHUT_DOWN_FAILURE_CODE, "The queue of consumer " + consumer.address() + " is shut down");
        }
    }
}
