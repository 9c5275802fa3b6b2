package io.asyncio4j.vertx;

import io.asyncio4j.AsyncChannel;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.engine.Awaits;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Vert.x futures, callbacks, streams and the event bus as asyncio4j awaitables, and back.
 *
 * <p>Every stage returned here completes on the thread Vert.x completes the operation on (the
 * operation's context); a continuation that must run on a particular loop is written as a task of
 * that loop, or awaited ({@code Async.await}) from one. Failures keep their type and identity: the
 * very exception Vert.x failed with, never a wrapper.
 *
 * <p>Cancellation crosses over: {@link #toStage(Future, Runnable)} takes the action that calls the
 * operation off (a stream reset, a timer cancel, a query cancel); {@link #httpRequest} uses it so that
 * cancelling the stage of an HTTP exchange — directly, through {@code Async.waitFor}, a
 * {@code TaskGroup} or {@code firstSuccessful} — resets the request and the server sees the reset.
 *
 * {@snippet :
 * CompletableFuture<Buffer> body = VertxAsync.httpRequest(client, new RequestOptions().setPort(port).setURI("/"),
 *         req -> req.send().compose(HttpClientResponse::body));
 * Buffer b = Async.await(Async.waitFor(body, Duration.ofSeconds(2))); // a timeout resets the request
 * }
 */
public final class VertxAsync {
    /** Capacity of {@link #toChannel(ReadStream)}'s channel and {@link #consumerQueue(EventBus, String)}'s queue. */
    public static final int DEFAULT_CAPACITY = 64;

    private VertxAsync() {
    }

    // ------------------------------------------------------------------ futures

    /**
     * A Vert.x future as a {@link CompletableFuture}: it completes with the future's result, or fails
     * with its very failure. Cancelling the stage does not reach the operation (see
     * {@link #toStage(Future, Runnable)}).
     *
     * @param future the Vert.x future
     * @param <T> the result type
     * @return a stage completed when {@code future} is
     */
    public static <T> CompletableFuture<T> toStage(Future<T> future) {
        Objects.requireNonNull(future, "future");
        CompletableFuture<T> cf = new CompletableFuture<>();
        bind(future, cf);
        return cf;
    }

    /**
     * A Vert.x future whose operation can be called off: cancelling the returned stage runs
     * {@code onCancel} (on the context this method was called on, if any) and completes the stage with
     * {@link CancellationException}; the operation's later outcome is ignored. This is the hook for
     * any cancellable Vert.x operation.
     *
     * {@snippet :
     * long[] id = new long[1];
     * Promise<Void> p = Promise.promise();
     * id[0] = vertx.setTimer(10_000, t -> p.complete());
     * CompletableFuture<Void> tick = VertxAsync.toStage(p.future(), () -> vertx.cancelTimer(id[0]));
     * }
     *
     * @param future the Vert.x future
     * @param onCancel what calls the operation off
     * @param <T> the result type
     * @return a stage completed when {@code future} is, or cancelled
     */
    public static <T> CompletableFuture<T> toStage(Future<T> future, Runnable onCancel) {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(onCancel, "onCancel");
        CompletableFuture<T> cf = new CancellableFuture<>(onCancel, Vertx.currentContext());
        bind(future, cf);
        return cf;
    }

    private static <T> void bind(Future<T> future, CompletableFuture<T> cf) {
        future.onComplete((v, e) -> {
            if (e == null) {
                cf.complete(v);
            } else {
                cf.completeExceptionally(e);
            }
        });
    }

    /**
     * A {@link CompletionStage} as a Vert.x future of {@code context}: its handlers run on that
     * context. A failure arrives unwrapped (the exception inside a {@code CompletionException}), with
     * its identity kept.
     *
     * @param stage the stage, e.g. a task
     * @param context the context the future belongs to
     * @param <T> the result type
     * @return a Vert.x future completed when {@code stage} is
     */
    public static <T> Future<T> toFuture(CompletionStage<T> stage, Context context) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(context, "context");
        PromiseInternal<T> promise = ((ContextInternal) context).promise();
        stage.whenComplete((v, e) -> {
            if (e == null) {
                promise.tryComplete(v);
            } else {
                promise.tryFail(Awaits.unwrap(e));
            }
        });
        return promise.future();
    }

    /**
     * A callback-style API ({@code Handler<AsyncResult<T>>}, as third-party libraries still write them)
     * as a stage: {@code callbackApi} is called at once with the handler to pass on. If the API calls
     * the handler again, that is reported to the running loop's exception handler (logged without one)
     * and changes nothing; if it throws, the stage fails with that exception.
     *
     * {@snippet :
     * String s = Async.await(VertxAsync.<String>awaitResult(h -> legacy.fetch("key", h)));
     * }
     *
     * @param callbackApi calls the API with the given handler
     * @param <T> the result type
     * @return a stage completed by the first call of the handler
     */
    public static <T> CompletableFuture<T> awaitResult(Consumer<Handler<AsyncResult<T>>> callbackApi) {
        Objects.requireNonNull(callbackApi, "callbackApi");
        OnceCallback<T> callback = new OnceCallback<>(callbackApi);
        try {
            callbackApi.accept(callback);
        } catch (RuntimeException | Error e) {
            callback.thrown(e);
        }
        return callback.result;
    }

    // ------------------------------------------------------------------ HTTP

    /**
     * One HTTP exchange on {@code client} whose stage can be cancelled: {@code exchange} is given the
     * request (send it, read the response) and its future is the stage's outcome. Cancelling the stage
     * (directly, by {@code Async.waitFor}, a task group, {@code firstSuccessful}, or a cancelled task
     * awaiting it) resets the request; the server sees the stream (HTTP/2) or connection (HTTP/1.x)
     * reset, and the client's pool stays usable.
     *
     * @param client the client
     * @param options where and what to request
     * @param exchange sends the request and reads the response
     * @param <T> the result type
     * @return the exchange's outcome
     */
    public static <T> CompletableFuture<T> httpRequest(HttpClient client, RequestOptions options,
            Function<HttpClientRequest, Future<T>> exchange) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(exchange, "exchange");
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        AtomicReference<CancellationException> cancelled = new AtomicReference<>();
        Future<T> outcome = client.request(options).compose(req -> {
            request.set(req);
            CancellationException c = cancelled.get();
            if (c != null) { // cancelled while the connection was being obtained
                req.reset(0, c);
                return Future.failedFuture(c);
            }
            return exchange.apply(req);
        });
        return toStage(outcome, () -> {
            CancellationException c = new CancellationException("HTTP request " + options.getMethod() + " " + options.getURI() + " cancelled");
            cancelled.set(c);
            HttpClientRequest req = request.get();
            if (req != null) {
                req.reset(0, c);
            }
        });
    }

    // ------------------------------------------------------------------ streams

    /**
     * A {@link ReadStream} as an {@link AsyncChannel} of {@link #DEFAULT_CAPACITY} items. See
     * {@link #toChannel(ReadStream, int)}.
     *
     * @param stream the stream; call this on its context
     * @param <T> the item type
     * @return the channel
     */
    public static <T> AsyncChannel<T> toChannel(ReadStream<T> stream) {
        return toChannel(stream, DEFAULT_CAPACITY);
    }

    /**
     * A {@link ReadStream} as an {@link AsyncChannel}: the stream is paused while the channel is full
     * and resumed once there is room, so a slow consumer keeps memory bounded. The stream's end closes
     * the channel; its exception closes it with that exception (receivers get it once drained).
     *
     * @param stream the stream; call this on its context
     * @param capacity the channel's capacity, at least 1
     * @param <T> the item type
     * @return the channel
     */
    public static <T> AsyncChannel<T> toChannel(ReadStream<T> stream, int capacity) {
        Objects.requireNonNull(stream, "stream");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        return StreamChannel.start(stream, capacity);
    }

    /**
     * A {@link ReadStream} as a {@link Flow.Publisher} for one subscriber: demand maps to
     * {@code fetch(n)} on the paused stream, cancellation pauses it; end and exception become
     * {@code onComplete} and {@code onError}. Signals come from the stream's context. A second
     * subscriber gets {@code onError(IllegalStateException)}.
     *
     * @param stream the stream; call this on its context
     * @param <T> the item type
     * @return the publisher
     */
    public static <T> Flow.Publisher<T> toPublisher(ReadStream<T> stream) {
        Objects.requireNonNull(stream, "stream");
        return new StreamPublisher<>(stream);
    }

    /**
     * Writes everything {@code publisher} gives to {@code stream}, honouring its
     * {@code writeQueueFull}/{@code drainHandler} (an item is requested only while the write queue has
     * room), and ends the stream when the publisher completes. The result completes once the stream is
     * ended, or fails with the publisher's error or a failed write (the stream is then not ended).
     *
     * @param publisher what to write
     * @param stream where to write; call this on its context
     * @param <T> the item type
     * @return completion of the copy
     */
    public static <T> CompletableFuture<Void> pipe(Flow.Publisher<T> publisher, WriteStream<T> stream) {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(stream, "stream");
        StreamWriter<T> writer = new StreamWriter<>(stream);
        publisher.subscribe(writer);
        return writer.result;
    }

    /**
     * Writes the items of {@code channel} to {@code stream} until the channel is closed, then ends the
     * stream; as {@link #pipe(Flow.Publisher, WriteStream)}. A channel closed with a failure fails the
     * result with it.
     *
     * @param channel what to write
     * @param stream where to write; call this on its context
     * @param <T> the item type
     * @return completion of the copy
     */
    public static <T> CompletableFuture<Void> pipe(AsyncChannel<T> channel, WriteStream<T> stream) {
        Objects.requireNonNull(channel, "channel");
        return pipe(channel.asPublisher(), stream);
    }

    // ------------------------------------------------------------------ event bus

    /**
     * {@link #consumerQueue(EventBus, String, int)} with a capacity of {@link #DEFAULT_CAPACITY}.
     *
     * @param bus the event bus
     * @param address the address to consume
     * @param <T> the body type
     * @return the queue of messages
     */
    public static <T> AsyncQueue<Message<T>> consumerQueue(EventBus bus, String address) {
        return consumerQueue(bus, address, DEFAULT_CAPACITY);
    }

    /**
     * The messages sent to {@code address}, in a bounded queue: its consumer is paused while the
     * queue is full and resumed when there is room; messages sent meanwhile wait in the consumer's own
     * buffer, so a burst bigger than the queue loses nothing. After {@code shutdown()} on the queue,
     * the next message unregisters the consumer (a request among them fails with code 503, "shut
     * down"); undeploying the verticle that made it unregisters it too.
     *
     * @param bus the event bus
     * @param address the address to consume
     * @param capacity the queue's capacity, at least 1
     * @param <T> the body type
     * @return the queue of messages
     */
    public static <T> AsyncQueue<Message<T>> consumerQueue(EventBus bus, String address, int capacity) {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(address, "address");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        return ConsumerQueue.start(bus, address, capacity);
    }

    /**
     * An event-bus request with default delivery options; see
     * {@link #request(EventBus, String, Object, DeliveryOptions)}.
     *
     * @param bus the event bus
     * @param address where to send
     * @param body the message body
     * @param <T> the reply's body type
     * @return the reply
     */
    public static <T> CompletableFuture<Message<T>> request(EventBus bus, String address, Object body) {
        return request(bus, address, body, new DeliveryOptions());
    }

    /**
     * An event-bus request: the stage completes with the reply, or fails with Vert.x's own
     * {@code ReplyException} as is — {@code TIMEOUT} after the options' send timeout, {@code RECIPIENT_FAILURE}
     * with the consumer's code and message when it fails the message, {@code NO_HANDLERS} when nobody
     * listens.
     *
     * @param bus the event bus
     * @param address where to send
     * @param body the message body
     * @param options delivery options (send timeout, headers, codec)
     * @param <T> the reply's body type
     * @return the reply
     */
    public static <T> CompletableFuture<Message<T>> request(EventBus bus, String address, Object body, DeliveryOptions options) {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        return toStage(bus.request(address, body, options));
    }
}
