package io.asyncio4j.vertx;

import io.asyncio4j.AsyncChannel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a {@link ReadStream} into an {@link AsyncChannel}: the stream is paused while the channel is
 * full and resumed once the items held back have gone in, so memory stays bounded by the channel's
 * capacity plus what Vert.x had in flight when it was paused. End closes the channel, an exception
 * closes it with that exception. Runs on the stream's context.
 */
final class StreamChannel<T> {
    private final ReadStream<T> stream;
    private final AsyncChannel<T> channel;
    /** Items that arrived while the channel was full; the head one is being sent. Touched on the context only. */
    private final ArrayDeque<T> heldBack = new ArrayDeque<>();
    private boolean ended;
    private @Nullable Throwable failure;
    private @Nullable Context context;

    private StreamChannel(ReadStream<T> stream, AsyncChannel<T> channel) {
        this.stream = stream;
        this.channel = channel;
    }

    static <T> AsyncChannel<T> start(ReadStream<T> stream, int capacity) {
        AsyncChannel<T> channel = new AsyncChannel<>(capacity);
        StreamChannel<T> s = new StreamChannel<>(stream, channel);
        stream.exceptionHandler(s::onException);
        stream.endHandler(v -> s.onEnd());
        stream.handler(s::onItem);
        return channel;
    }

    private void onItem(T item) {
        context = Vertx.currentContext();
        if (channel.isClosedForSend()) {
            stream.pause(); // nobody takes items any more
            return;
        }
        if (heldBack.isEmpty() && channel.trySend(item)) {
            return;
        }
        heldBack.addLast(item);
        if (heldBack.size() == 1) {
            stream.pause();
            sendHead();
        }
    }

    private void sendHead() {
        CompletableFuture<Void> sent = channel.send(heldBack.peekFirst());
        sent.whenComplete((v, e) -> Contexts.runOn(context, () -> afterSend(e)));
    }

    private void afterSend(@Nullable Throwable e) {
        heldBack.pollFirst();
        if (e != null) { // the channel was closed by its consumer: stop reading
            heldBack.clear();
            return;
        }
        while (!heldBack.isEmpty() && channel.trySend(heldBack.peekFirst())) {
            heldBack.pollFirst();
        }
        if (!heldBack.isEmpty()) {
            sendHead();
        } else if (ended || failure != null) {
            closeChannel();
        } else {
            stream.resume();
        }
    }

    private void onEnd() {
        ended = true;
        if (heldBack.isEmpty()) {
            closeChannel();
        }
    }

    private void onException(Throwable e) {
        failure = e;
        if (heldBack.isEmpty()) {
            closeChannel();
        }
    }

    private void closeChannel() {
        Throwable f = failure;
        if (f == null) {
            channel.close();
        } else {
            channel.close(f);
        }
    }

}
