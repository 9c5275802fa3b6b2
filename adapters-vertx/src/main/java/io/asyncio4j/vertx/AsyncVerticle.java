package io.asyncio4j.vertx;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.engine.LoopHosts;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A verticle whose start and stop are asyncio4j task bodies on the verticle's own loop
 * ({@link VertxLoops#of}): tasks, queues, locks and timeouts inside it run on its context, one at a
 * time, without locks.
 *
 * <p>Write start and stop in one of two styles:
 * <ul>
 *   <li>blocking style — override {@link #start()} / {@link #stop()} and call {@code Async.await}
 *       in them. They run as tasks "start" and "stop", so deploy the verticle with
 *       {@code ThreadingModel.VIRTUAL_THREAD}; on an event-loop or worker deployment they run as
 *       plain callbacks on the context, where {@code Async.await} throws instead of blocking it.</li>
 *   <li>future style — override {@link #startAsync()} / {@link #stopAsync()} and return a stage.
 *       Works on every deployment.</li>
 * </ul>
 *
 * <p>A failing start fails the deployment with the very exception. Undeploying runs the stop, then
 * cancels every task the verticle's loop still has and waits for them before the undeployment
 * completes: no task outlives its verticle. A failing stop fails the undeployment the same way.
 *
 * {@snippet :
 * public final class Ticker extends AsyncVerticle {
 *     @Override
 *     protected CompletionStage<?> startAsync() {
 *         Async.ensureFuture(tick(0)); // cancelled at undeploy
 *         return CompletableFuture.completedFuture(null);
 *     }
 *
 *     private CompletionStage<Void> tick(int n) {
 *         return Async.sleep(Duration.ofSeconds(1)).thenCompose(v -> {
 *             vertx().eventBus().publish("ticks", n);
 *             return tick(n + 1);
 *         });
 *     }
 * }
 * }
 */
public abstract class AsyncVerticle implements Deployable {
    private @Nullable Context context;
    private @Nullable EventLoop loop;

    /** For subclasses. */
    protected AsyncVerticle() {
    }

    /**
     * The blocking-style start (see the class comment); the default does nothing.
     *
     * @throws Exception to fail the deployment with it
     */
    protected void start() throws Exception {
    }

    /**
     * The future-style start; the default runs {@link #start()}.
     *
     * @return a stage whose failure fails the deployment
     * @throws Exception to fail the deployment with it
     */
    protected CompletionStage<?> startAsync() throws Exception {
        return runStyled("start", this::start);
    }

    /**
     * The blocking-style stop; the default does nothing.
     *
     * @throws Exception to fail the undeployment with it (the verticle's tasks are still cancelled)
     */
    protected void stop() throws Exception {
    }

    /**
     * The future-style stop; the default runs {@link #stop()}.
     *
     * @return a stage whose failure fails the undeployment
     * @throws Exception to fail the undeployment with it
     */
    protected CompletionStage<?> stopAsync() throws Exception {
        return runStyled("stop", this::stop);
    }

    /**
     * The Vert.x instance that deployed this verticle.
     *
     * @return it
     * @throws IllegalStateException before deployment
     */
    protected final Vertx vertx() {
        return context().owner();
    }

    /**
     * The verticle's context.
     *
     * @return it
     * @throws IllegalStateException before deployment
     */
    protected final Context context() {
        Context c = context;
        if (c == null) {
            throw new IllegalStateException("The verticle " + this + " is not deployed");
        }
        return c;
    }

    /**
     * The verticle's event loop: the loop of its context.
     *
     * @return it
     * @throws IllegalStateException before deployment
     */
    protected final EventLoop loop() {
        EventLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("The verticle " + this + " is not deployed");
        }
        return l;
    }

    /**
     * The deployment's configuration.
     *
     * @return it
     */
    protected final JsonObject config() {
        return context().config();
    }

    /** Vert.x calls this: runs the start on the verticle's loop. Not for applications. */
    @Override
    public final Future<?> deploy(Context context) throws Exception {
        this.context = context;
        this.loop = VertxLoops.of(context);
        return VertxAsync.toFuture(call(this::startAsync), context);
    }

    /** Vert.x calls this: runs the stop, then cancels the loop's tasks and waits for them. Not for applications. */
    @Override
    public final Future<?> undeploy(Context context) throws Exception {
        CompletableFuture<Object> stopped = call(this::stopAsync);
        io.asyncio4j.engine.EventLoop core = VertxHost.of((ContextInternal) context).core;
        CompletableFuture<Object> done = stopped.handle((v, e) -> e).thenCompose(e -> LoopHosts.close(core).thenApply(v -> {
            if (e != null) {
                throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
            }
            return null;
        }));
        return VertxAsync.toFuture(done, context);
    }

    private interface Step {
        CompletionStage<?> call() throws Exception;
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Calls a start/stop hook; a synchronous throw becomes the failed stage. */
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> call(Step step) {
        try {
            CompletionStage<?> s = step.call();
            if (s == null) {
                return CompletableFuture.failedFuture(new NullPointerException("startAsync/stopAsync returned null"));
            }
            return (CompletableFuture<Object>) s.toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** start()/stop(): a task on a virtual-thread context; a plain call elsewhere (Async.await there throws). */
    private CompletionStage<?> runStyled(String name, Body body) throws Exception {
        if (context().threadingModel() == ThreadingModel.VIRTUAL_THREAD) {
            return Async.createTask(name, () -> {
                body.run();
                return null;
            });
        }
        body.run();
        return CompletableFuture.completedFuture(null);
    }
}
