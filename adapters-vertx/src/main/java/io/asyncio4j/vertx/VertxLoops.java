package io.asyncio4j.vertx;

import io.asyncio4j.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.Objects;

/**
 * asyncio4j event loops that run on Vert.x contexts.
 *
 * <p>{@link #of(Context)} gives the loop of a context: its tasks, callbacks and timers run on that
 * context (event-loop, worker or virtual-thread), so inside a task {@code Vertx.currentContext()} is
 * that context and everything of the verticle still runs one handler at a time, without locks. The
 * loop's own driver threads are never used. Vert.x handlers running on the context see the loop as
 * the running one ({@code Async.getRunningLoop()}, {@code Async.createTask}, {@code Async.sleep}).
 *
 * <p>Task bodies: future style everywhere ({@code Async.ensureFuture}, {@code Async.gather}, ...);
 * blocking style ({@code createTask} with a body that calls {@code Async.await}) only on a
 * virtual-thread context, where the body holds the context while it runs and lets go of it inside
 * {@code Async.await}. On an event-loop or worker context {@code createTask} refuses a blocking-style
 * body with an {@link IllegalStateException}: it would block the context's thread.
 *
 * <p>The loop lives as long as the context: undeploying the verticle (or closing Vert.x) cancels every
 * task still alive, waits for them and closes the loop. {@code close()} on it is refused.
 *
 * {@snippet :
 * vertx.runOnContext(v -> {
 *     EventLoop loop = VertxLoops.of(Vertx.currentContext());
 *     loop.callLater(Duration.ofMillis(10), () -> System.out.println(Vertx.currentContext()));
 * });
 * }
 */
public final class VertxLoops {
    private VertxLoops() {
    }

    /**
     * The event loop of {@code context}, made on first use; the same object every time for the same
     * context (a duplicated context, as Vert.x gives request handlers, shares its original's).
     *
     * @param context a Vert.x context
     * @return its loop
     */
    public static EventLoop of(Context context) {
        Objects.requireNonNull(context, "context");
        return VertxHost.of((ContextInternal) context).loop;
    }
}
