package io.asyncio4j.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jspecify.annotations.Nullable;

/** Running adapter code on the context it belongs to. */
final class Contexts {
    private Contexts() {
    }

    /** Runs {@code r} now if this thread runs on {@code context} (or there is none), else on it. */
    static void runOn(@Nullable Context context, Runnable r) {
        if (context == null || Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}
