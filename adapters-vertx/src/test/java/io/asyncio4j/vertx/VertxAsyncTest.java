package io.asyncio4j.vertx;

import static io.asyncio4j.vertx.VertxFixture.deployContext;
import static io.asyncio4j.vertx.VertxFixture.onContext;
import static io.asyncio4j.vertx.VertxFixture.onIt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.ExceptionContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VertxAsyncTest extends WithVertx {

    @Test
    void toStage_keepsTheResultAndTheFailuresIdentity() throws Exception {
        assertThat(VertxAsync.toStage(Future.succeededFuture("x")).get(1, TimeUnit.SECONDS)).isEqualTo("x");
        IOException checked = new IOException("checked");
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        assertThatThrownBy(() -> VertxAsync.toStage(Future.failedFuture(checked)).get()).isInstanceOf(ExecutionException.class).cause().isSameAs(checked);
        // Async.await: unchecked as is, checked in a CompletionException (the project's rule)
        assertThatThrownBy(() -> Async.await(VertxAsync.toStage(Future.failedFuture(unchecked)))).isSameAs(unchecked);
        assertThatThrownBy(() -> Async.await(VertxAsync.toStage(Future.failedFuture(checked))))
                .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
        Promise<String> later = Promise.promise();
        CompletableFuture<String> stage = VertxAsync.toStage(later.future());
        assertThat(stage).isNotDone();
        vertx.setTimer(5, t -> later.complete("later"));
        assertThat(stage.get(5, TimeUnit.SECONDS)).isEqualTo("later");
    }

    @Test
    void toStageWithCancel_runsTheCancelActionOnTheOperationsContext() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        CompletableFuture<Boolean> cancelledOnContext = new CompletableFuture<>();
        Promise<Void> never = Promise.promise();
        CompletableFuture<Void> stage = onContext(ctx, () -> CompletableFuture.completedFuture(
                VertxAsync.toStage(never.future(), () -> cancelledOnContext.complete(onIt(ctx)))));
        assertThat(stage.cancel(false)).isTrue();
        assertThat(cancelledOnContext.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stage).isCancelled();
        never.complete(); // a late outcome changes nothing
        assertThat(stage).isCancelled();
    }

    @Test
    void toFuture_completesOnTheGivenContextWithTheFailuresIdentity() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        CompletableFuture<String> stage = new CompletableFuture<>();
        Future<String> f = VertxAsync.toFuture(stage, ctx);
        CompletableFuture<Boolean> handledOnContext = new CompletableFuture<>();
        f.onComplete((v, e) -> handledOnContext.complete(onIt(ctx)));
        stage.complete("v"); // from this plain thread
        assertThat(handledOnContext.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.result()).isEqualTo("v");

        IOException checked = new IOException("checked");
        CompletableFuture<String> failing = new CompletableFuture<>();
        Future<String> g = VertxAsync.toFuture(failing.thenApply(s -> s), ctx); // the JDK wraps it in a CompletionException
        failing.completeExceptionally(checked);
        assertThatThrownBy(() -> g.await(5, TimeUnit.SECONDS)).isSameAs(checked);
    }

    @Test
    void toFuture_ofATaskOnTheContextsLoop() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        VertxLoops.of(ctx);
        String v = onContext(ctx, () -> VertxAsync.toStage(VertxAsync.toFuture(
                Async.ensureFuture(Async.sleep(Duration.ofMillis(5), "slept")), Vertx.currentContext())));
        assertThat(v).isEqualTo("slept");
    }

    /** A callback-style API as third-party libraries write it; {@code calls} times its handler. */
    private static void legacy(String key, int calls, Handler<AsyncResult<String>> handler) {
        for (int i = 0; i < calls; i++) {
            handler.handle(Future.succeededFuture(key + i));
        }
    }

    @Test
    void awaitResult_completesWithTheFirstCall_andReportsASecondToTheLoop() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        EventLoop loop = VertxLoops.of(ctx);
        CompletableFuture<ExceptionContext> reported = new CompletableFuture<>();
        loop.setExceptionHandler((l, c) -> reported.complete(c));
        String v = onContext(ctx, () -> VertxAsync.<String>awaitResult(h -> legacy("k", 2, h)));
        assertThat(v).isEqualTo("k0");
        ExceptionContext c = reported.get(5, TimeUnit.SECONDS);
        assertThat(c.exception()).isInstanceOf(IllegalStateException.class).hasMessageContaining("called again").hasMessageContaining("k1");
    }

    @Test
    void awaitResult_failureAndThrowKeepTheirIdentity() {
        IOException io = new IOException("io");
        assertThatThrownBy(() -> VertxAsync.<String>awaitResult(h -> h.handle(Future.failedFuture(io))).get())
                .cause().isSameAs(io);
        IllegalArgumentException thrown = new IllegalArgumentException("bad key");
        assertThatThrownBy(() -> Async.await(VertxAsync.<String>awaitResult(h -> {
            throw thrown;
        }))).isSameAs(thrown);
    }

    @Test
    void awaitResult_fromABlockingBodyOnAVirtualThreadContext() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.VIRTUAL_THREAD);
        EventLoop loop = VertxLoops.of(ctx);
        AtomicBoolean onContextAfter = new AtomicBoolean();
        String v = onContext(ctx, () -> loop.createTask(() -> {
            String r = Async.await(VertxAsync.<String>awaitResult(h -> vertx.setTimer(5, t -> legacy("t", 1, h))));
            onContextAfter.set(onIt(ctx));
            return r;
        }));
        assertThat(v).isEqualTo("t0");
        assertThat(onContextAfter).isTrue();
    }

    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> VertxAsync.toStage(null)).isInstanceOf(NullPointerException.class).hasMessage("future");
        assertThatThrownBy(() -> VertxAsync.toFuture(new CompletableFuture<>(), null)).hasMessage("context");
        assertThatThrownBy(() -> VertxAsync.awaitResult(null)).hasMessage("callbackApi");
        assertThatThrownBy(() -> VertxLoops.of(null)).hasMessage("context");
        assertThatThrownBy(() -> VertxAsync.consumerQueue(vertx.eventBus(), "a", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity must be >= 1");
    }
}
