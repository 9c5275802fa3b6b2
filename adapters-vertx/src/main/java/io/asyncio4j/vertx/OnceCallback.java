package io.asyncio4j.vertx;

import io.asyncio4j.engine.EventLoop;
import io.asyncio4j.engine.LoopError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Handler<AsyncResult<T>>} given to a callback-style API by {@code awaitResult}: its first
 * call completes the future; any later call is a bug of the API, reported to the exception handler of
 * the loop that made the call (or logged), never a second completion.
 */
final class OnceCallback<T> implements Handler<AsyncResult<T>> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicBoolean called = new AtomicBoolean();
    private final String api;
    private final @Nullable EventLoop loop = EventLoop.current();

    OnceCallback(Object api) {
        this.api = String.valueOf(api);
    }

    @Override
    public void handle(AsyncResult<T> ar) {
        if (!called.compareAndSet(false, true)) {
            String outcome = ar.succeeded() ? "result " + ar.result() : "failure " + ar.cause();
            secondOutcome(new IllegalStateException("The callback of " + api + " was called again (with " + outcome
                    + ") after it had completed; the later outcome is ignored"));
            return;
        }
        if (ar.succeeded()) {
            result.complete(ar.result());
        } else {
            result.completeExceptionally(ar.cause());
        }
    }

    /** The API threw instead of calling back: that is its outcome (or, after a call, an error of its own). */
    void thrown(Throwable e) {
        if (called.compareAndSet(false, true)) {
            result.completeExceptionally(e);
        } else {
            secondOutcome(e);
        }
    }

    private void secondOutcome(Throwable e) {
        EventLoop l = loop != null ? loop : EventLoop.current();
        LoopError error = new LoopError("Callback-style API " + api + " completed more than once", e, null, null);
        if (l != null && !l.isClosed()) {
            l.report(error);
        } else {
            System.getLogger("io.asyncio4j").log(System.Logger.Level.ERROR, error.getMessage(), e);
        }
    }
}
