package io.asyncio4j.vertx;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The stage of a Vert.x operation that can be called off: cancelling it (directly, or through
 * {@code Async.waitFor}, a task group, {@code firstSuccessful}, a cancelled task awaiting it) runs
 * the operation's cancel action on the context the operation was started on.
 */
final class CancellableFuture<T> extends CompletableFuture<T> {
    private final Runnable onCancel;
    private final @Nullable Context context;

    CancellableFuture(Runnable onCancel, @Nullable Context context) {
        this.onCancel = onCancel;
        this.context = context;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            Contexts.runOn(context, onCancel);
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
