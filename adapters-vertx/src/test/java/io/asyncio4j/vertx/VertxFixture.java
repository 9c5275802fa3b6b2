package io.asyncio4j.vertx;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;

/** Real Vert.x contexts for the tests, and a way to run code on them. */
final class VertxFixture {
    private VertxFixture() {
    }

    /** A deployment's context, of the given threading model; the deployment id is {@code deploymentID()}. */
    static Context deployContext(Vertx vertx, ThreadingModel model) throws Exception {
        if (model == ThreadingModel.VIRTUAL_THREAD) {
            assumeVirtualThreads();
        }
        AtomicReference<Context> ctx = new AtomicReference<>();
        vertx.deployVerticle(context -> {
            ctx.set(context);
            return Future.succeededFuture();
        }, new DeploymentOptions().setThreadingModel(model)).await(10, TimeUnit.SECONDS);
        return ctx.get();
    }

    /** Virtual-thread contexts need JDK 21+; on 17 the test is skipped. */
    static void assumeVirtualThreads() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual-thread contexts need JDK 21+");
    }

    /** Runs {@code fn} on {@code ctx} and waits (here, a plain thread) for the stage it returns. */
    static <T> T onContext(Context ctx, Callable<? extends CompletionStage<T>> fn) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                fn.call().whenComplete((r, e) -> {
                    if (e == null) {
                        out.complete(r);
                    } else {
                        out.completeExceptionally(e);
                    }
                });
            } catch (Throwable e) {
                out.completeExceptionally(e);
            }
        });
        return out.get(20, TimeUnit.SECONDS);
    }

    /** True if the current thread runs on {@code ctx} (its original, for a duplicated context). */
    static boolean onIt(Context ctx) {
        Context cur = Vertx.currentContext();
        ContextInternal base = ((ContextInternal) ctx).unwrap();
        return cur != null && ((ContextInternal) cur).unwrap() == base && base.inThread()
                && switch (ctx.threadingModel()) {
                    case EVENT_LOOP -> Context.isOnEventLoopThread();
                    case WORKER -> Context.isOnWorkerThread();
                    case VIRTUAL_THREAD -> isVirtual(Thread.currentThread());
                    default -> false;
                };
    }

    static boolean isVirtual(Thread t) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
