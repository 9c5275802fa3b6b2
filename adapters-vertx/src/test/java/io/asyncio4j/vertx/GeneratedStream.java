package io.asyncio4j.vertx;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.impl.InboundBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A producer of {@code 0 .. count-1} as a Vert.x {@link ReadStream}, with Vert.x's own flow control
 * ({@link InboundBuffer}, as its sockets and files use): the producer writes while the buffer accepts,
 * stops when it says so and goes on from its drain handler. Optionally fails instead of ending.
 */
final class GeneratedStream implements ReadStream<Integer> {
    private static final int HIGH_WATER_MARK = 16;
    private final Context context;
    private final InboundBuffer<Integer> buffer;
    private final int count;
    private final @Nullable Throwable failAtEnd;
    private int next;
    private @Nullable Handler<Void> endHandler;
    private @Nullable Handler<Throwable> exceptionHandler;
    /** Items produced so far, and how often the producer had to stop. */
    final AtomicInteger produced = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();

    GeneratedStream(Context context, int count, @Nullable Throwable failAtEnd) {
        this.context = context;
        this.count = count;
        this.failAtEnd = failAtEnd;
        this.buffer = new InboundBuffer<>(context, HIGH_WATER_MARK);
        buffer.drainHandler(v -> produce());
    }

    /** Starts producing (on the context). */
    void start() {
        context.runOnContext(v -> produce());
    }

    private void produce() {
        while (next < count) {
            produced.incrementAndGet();
            if (!buffer.write(next++)) {
                stops.incrementAndGet();
                return; // the drain handler calls us again
            }
        }
        if (next == count) {
            next++;
            // after what is buffered has been delivered
            if (buffer.isEmpty()) {
                finish();
            } else {
                buffer.emptyHandler(v -> finish());
            }
        }
    }

    private void finish() {
        if (failAtEnd != null) {
            if (exceptionHandler != null) {
                exceptionHandler.handle(failAtEnd);
            }
        } else if (endHandler != null) {
            endHandler.handle(null);
        }
    }

    @Override
    public ReadStream<Integer> exceptionHandler(@Nullable Handler<Throwable> handler) {
        exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Integer> handler(@Nullable Handler<Integer> handler) {
        buffer.handler(handler);
        return this;
    }

    @Override
    public ReadStream<Integer> pause() {
        buffer.pause();
        return this;
    }

    @Override
    public ReadStream<Integer> resume() {
        buffer.resume();
        return this;
    }

    @Override
    public ReadStream<Integer> fetch(long amount) {
        buffer.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Integer> endHandler(@Nullable Handler<Void> handler) {
        endHandler = handler;
        return this;
    }
}
