package io.asyncio4j.samples.crawler;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;

/**
 * The one place where a Vert.x {@link Future} becomes a {@link CompletableFuture} in the crawler.
 * It uses Vert.x's own {@code toCompletionStage()} today; once the {@code adapters-vertx} module is
 * merged this becomes {@code VertxAsync.toStage(future)}.
 */
final class VertxBridge {
    private VertxBridge() {}

    static <T> CompletableFuture<T> toStage(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture();
    }
}
