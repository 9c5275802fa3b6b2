package io.asyncio4j.vertx;

import static io.asyncio4j.vertx.VertxFixture.deployContext;
import static io.asyncio4j.vertx.VertxFixture.onContext;
import static io.asyncio4j.vertx.VertxFixture.onIt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncEvent;
import io.asyncio4j.EventLoop;
import io.asyncio4j.ExceptionContext;
import io.asyncio4j.Task;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class VertxLoopsTest extends WithVertx {

    @ParameterizedTest
    @EnumSource(value = ThreadingModel.class, names = {"EVENT_LOOP", "WORKER", "VIRTUAL_THREAD"})
    void sameLoopEveryTime_andItIsTheRunningLoopOnTheContext(ThreadingModel model) throws Exception {
        Context ctx = deployContext(vertx, model);
        EventLoop loop = VertxLoops.of(ctx);
        assertThat(VertxLoops.of(ctx)).isSameAs(loop);
        assertThat(loop.isRunning()).isTrue();
        EventLoop seen = onContext(ctx, () -> CompletableFuture.completedFuture(Async.getRunningLoop()));
        assertThat(seen).isSameAs(loop);
        // another context has another loop
        assertThat(VertxLoops.of(deployContext(vertx, model))).isNotSameAs(loop);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingModel.class, names = {"EVENT_LOOP", "WORKER", "VIRTUAL_THREAD"})
    void callbacksTimersAndTaskStepsRunOnTheContext(ThreadingModel model) throws Exception {
        Context ctx = deployContext(vertx, model);
        EventLoop loop = VertxLoops.of(ctx);
        List<String> where = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> soon = new CompletableFuture<>();
        CompletableFuture<Void> later = new CompletableFuture<>();
        // from a plain thread: callSoon/callLater are thread-safe
        loop.callSoon(() -> {
            where.add("soon " + onIt(ctx));
            soon.complete(null);
        });
        loop.callLater(Duration.ofMillis(5), () -> {
            where.add("later " + onIt(ctx));
            later.complete(null);
        });
        CompletableFuture.allOf(soon, later).get(10, TimeUnit.SECONDS);
        String fromTask = onContext(ctx, () -> {
            Task<String> t = Async.ensureFuture(Async.sleep(Duration.ofMillis(5), "slept"));
            CompletableFuture<String> done = new CompletableFuture<>();
            t.addDoneCallback(x -> done.complete(x.result() + " " + onIt(ctx) + " " + (Async.getRunningLoop() == loop)));
            return done;
        });
        assertThat(where).containsExactlyInAnyOrder("soon true", "later true");
        assertThat(fromTask).isEqualTo("slept true true");
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingModel.class, names = {"EVENT_LOOP", "WORKER"})
    void blockingStyleBodyIsRefusedWhereItWouldBlockTheContext(ThreadingModel model) throws Exception {
        Context ctx = deployContext(vertx, model);
        EventLoop loop = VertxLoops.of(ctx);
        Throwable refused = onContext(ctx, () -> {
            try {
                Async.createTask(() -> Async.await(Async.sleep(Duration.ofMillis(1))));
                return CompletableFuture.completedFuture(null);
            } catch (IllegalStateException e) {
                return CompletableFuture.completedFuture(e);
            }
        });
        assertThat(refused).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(loop.name()).hasMessageContaining("future style").hasMessageContaining("VIRTUAL_THREAD");
        // and Async.await in a handler on the context throws instead of blocking its thread
        Throwable awaited = onContext(ctx, () -> {
            try {
                Async.await(new CompletableFuture<Void>());
                return CompletableFuture.completedFuture(null);
            } catch (IllegalStateException e) {
                return CompletableFuture.completedFuture(e);
            }
        });
        assertThat(awaited).hasMessageContaining("would block event loop '" + loop.name() + "'");
    }

    @Test
    void blockingBodyOnAVirtualThreadContextHoldsTheContextAndLetsGoInAwait() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.VIRTUAL_THREAD);
        EventLoop loop = VertxLoops.of(ctx);
        AtomicBoolean inBody = new AtomicBoolean();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        String result = onContext(ctx, () -> {
            AsyncEvent go = new AsyncEvent();
            Task<String> t = Async.createTask("body", () -> {
                inBody.set(true);
                log.add("start on context " + onIt(ctx) + ", loop " + (Async.getRunningLoop() == loop));
                // a handler queued now must not run while the body holds the context
                ctx.runOnContext(v -> log.add("handler while body runs: " + inBody.get()));
                Thread.sleep(50); // blocking is fine on a virtual thread
                inBody.set(false);
                // while the body waits, the context runs other handlers: this one sets the event
                ctx.runOnContext(v -> go.set());
                Async.await(go.await());
                inBody.set(true);
                log.add("resumed on context " + onIt(ctx));
                Async.await(Async.sleep(Duration.ofMillis(5)));
                inBody.set(false);
                return "done";
            });
            return t;
        });
        assertThat(result).isEqualTo("done");
        assertThat(log).containsExactly("start on context true, loop true", "handler while body runs: false", "resumed on context true");
    }

    @Test
    void cancellingABlockingBodyOnAVirtualThreadContextCancelsItsAwait() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.VIRTUAL_THREAD);
        EventLoop loop = VertxLoops.of(ctx);
        Task<?> t = onContext(ctx, () -> CompletableFuture.completedFuture(
                loop.createTask(() -> Async.await(Async.sleep(Duration.ofHours(1))))));
        Thread.sleep(20);
        t.cancel();
        assertThatThrownBy(() -> t.get(10, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(t.isCancelled()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingModel.class, names = {"EVENT_LOOP", "WORKER"})
    void aFailingCallbackReachesTheLoopsExceptionHandler(ThreadingModel model) throws Exception {
        Context ctx = deployContext(vertx, model);
        EventLoop loop = VertxLoops.of(ctx);
        CompletableFuture<ExceptionContext> reported = new CompletableFuture<>();
        loop.setExceptionHandler((l, c) -> reported.complete(c));
        RuntimeException boom = new RuntimeException("boom");
        loop.callSoon(() -> {
            throw boom;
        });
        assertThat(reported.get(10, TimeUnit.SECONDS).exception()).isSameAs(boom);
    }

    @Test
    void theLoopIsNotRunOrClosedByHand() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        EventLoop loop = VertxLoops.of(ctx);
        assertThatThrownBy(loop::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        assertThatThrownBy(() -> loop.runUntilComplete(CompletableFuture.completedFuture(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Vert.x");
        assertThat(loop.isClosed()).isFalse();
    }

    @Test
    void undeployCancelsTheTasksLeftAndClosesTheLoopWithNoTimerBehind() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        EventLoop loop = VertxLoops.of(ctx);
        VertxHost host = VertxHost.of((io.vertx.core.internal.ContextInternal) ctx);
        Task<?> sleeper = onContext(ctx, () -> CompletableFuture.completedFuture(Async.ensureFuture(Async.sleep(Duration.ofHours(1)))));
        loop.callLater(Duration.ofHours(1), () -> { });
        assertThat(host.timers).hasSize(2);
        vertx.undeploy(ctx.deploymentID()).await(10, TimeUnit.SECONDS);
        assertThat(sleeper.isCancelled()).isTrue();
        assertThat(loop.isClosed()).isTrue();
        assertThat(host.timers).as("Vert.x timers left behind").isEmpty();
    }

    /**
     * Issue 18, item 3: a get left waiting by a loop whose context went away stayed pending for ever, and
     * the next item put went to it (lost). Now undeploying withdraws it and the item stays in the queue.
     */
    @Test
    void undeployWithdrawsTheWaitingCallsItsLoopLeft() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        EventLoop loop = VertxLoops.of(ctx);
        io.asyncio4j.AsyncQueue<String> q = new io.asyncio4j.AsyncQueue<>();
        CompletableFuture<String> get = onContext(ctx, () -> CompletableFuture.completedFuture(q.get()));
        vertx.undeploy(ctx.deploymentID()).await(10, TimeUnit.SECONDS);
        assertThat(loop.isClosed()).isTrue();
        assertThat(get).isDone();
        // JDK 23+ join() wraps a cancellation in a new CancellationException("join") whose cause is ours
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(get::join);
        assertThat(thrown).isInstanceOf(java.util.concurrent.CancellationException.class);
        Throwable withReason = thrown;
        while (withReason.getCause() != null && !String.valueOf(withReason.getMessage()).contains("closed")) {
            withReason = withReason.getCause();
        }
        assertThat(withReason).isInstanceOf(java.util.concurrent.CancellationException.class)
                .hasMessageContaining("closed");
        q.putNowait("x");
        assertThat(q.getNowait()).isEqualTo("x");
    }

    @Test
    void runCoroutineThreadsafeFromAPlainThread() throws Exception {
        Context el = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        CompletableFuture<Integer> refused = VertxLoops.of(el).runCoroutineThreadsafe(() -> 1);
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("VIRTUAL_THREAD");
        Context vt = deployContext(vertx, ThreadingModel.VIRTUAL_THREAD);
        CompletableFuture<Boolean> onVt = VertxLoops.of(vt).runCoroutineThreadsafe(() -> {
            Async.await(Async.sleep(Duration.ofMillis(2)));
            return onIt(vt);
        });
        assertThat(onVt.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
