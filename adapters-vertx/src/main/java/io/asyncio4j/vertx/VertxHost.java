package io.asyncio4j.vertx;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.engine.Cancellable;
import io.asyncio4j.engine.LoopHost;
import io.asyncio4j.engine.LoopHosts;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.internal.ContextInternal;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link LoopHost} for one Vert.x context: the loop's callbacks, task steps and timers
 * run on that context, so Vert.x's own rule (one context runs one handler at a time) is the loop's
 * rule 1. Blocking-style bodies run only on a virtual-thread context, where Vert.x's
 * {@code Future.await} lets go of the context while the body waits.
 */
final class VertxHost implements LoopHost {
    private static final AtomicInteger IDS = new AtomicInteger();

    static {
        // Vert.x handlers on a context that has a loop see that loop as the running one.
        LoopHosts.addAmbientLoop(VertxHost::ambientLoop);
    }

    final ContextInternal context;
    final io.asyncio4j.engine.EventLoop core;
    final EventLoop loop;
    /** Ids of the Vert.x timers set and not yet fired or cancelled: closing the loop cancels them. */
    final Set<Long> timers = ConcurrentHashMap.newKeySet();

    private VertxHost(ContextInternal context) {
        this.context = context;
        String kind = context.threadingModel().name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.core = new io.asyncio4j.engine.EventLoop("vertx-" + kind + "-" + IDS.incrementAndGet(), this);
        this.loop = LoopHosts.callAsCurrent(core, Async::getRunningLoop);
        // Undeploy (or Vert.x closing) cancels the loop's tasks and waits for them before the context goes.
        context.addCloseHook(completion -> LoopHosts.close(core).whenComplete((v, e) -> {
            cancelTimers(); // plain callLater callbacks: a closed loop runs nothing more
            completion.succeed();
        }));
    }

    /** The host of {@code context}'s loop, made on first use; a duplicated context shares its original's. */
    static VertxHost of(ContextInternal context) {
        ContextInternal base = context.unwrap();
        return (VertxHost) base.contextData().computeIfAbsent(VertxHost.class, k -> new VertxHost(base));
    }

    /** The host of the current Vert.x context, if it has a loop. */
    static @Nullable VertxHost current() {
        ContextInternal cur = ContextInternal.current();
        if (cur == null || !cur.inThread()) {
            return null;
        }
        return (VertxHost) cur.unwrap().contextData().get(VertxHost.class);
    }

    private static io.asyncio4j.engine.@Nullable EventLoop ambientLoop() {
        VertxHost h = current();
        return h == null ? null : h.core;
    }

    @Override
    public void execute(Runnable action) {
        context.runOnContext(v -> LoopHosts.runOnLoop(core, action));
    }

    @Override
    public boolean isCurrent() {
        ContextInternal cur = ContextInternal.current();
        return cur != null && cur.unwrap() == context && cur.inThread();
    }

    @Override
    public Cancellable setTimer(long delayNanos, Runnable action) {
        if (delayNanos <= 0) {
            execute(action); // the action is the loop's timer handle: it checks its own cancellation
            return () -> { };
        }
        long ms = Math.max(1, (delayNanos + 999_999) / 1_000_000); // Vert.x timers have millisecond steps
        long id = context.setTimer(ms, t -> {
            timers.remove(t);
            LoopHosts.runOnLoop(core, action);
        });
        timers.add(id);
        return () -> {
            timers.remove(id);
            context.owner().cancelTimer(id);
        };
    }

    private void cancelTimers() {
        for (Long id : timers) {
            timers.remove(id);
            context.owner().cancelTimer(id);
        }
    }

    @Override
    public @Nullable String blockingRefusal(io.asyncio4j.engine.EventLoop l) {
        ThreadingModel model = context.threadingModel();
        if (model == ThreadingModel.VIRTUAL_THREAD) {
            return null;
        }
        return "A blocking-style task body cannot run on event loop '" + l.getName() + "': it runs on a Vert.x "
                + model.name().toLowerCase(Locale.ROOT).replace('_', '-') + " context, whose thread Async.await would block. "
                + "Use future style (compose CompletionStages; Async.ensureFuture, AsyncVerticle.startAsync) "
                + "or deploy the verticle with ThreadingModel.VIRTUAL_THREAD";
    }

    @Override
    public void startBody(Runnable body) {
        context.runOnContext(v -> body.run());
    }

    @Override
    public void awaitDone(CompletableFuture<?> future) {
        Promise<Void> done = Promise.promise();
        future.whenComplete((v, e) -> done.tryComplete());
        // An interrupt sent to cancel the body while it ran is delivered by the engine, not by this wait.
        Thread.interrupted();
        try {
            done.future().await(); // Vert.x parks this virtual thread and lets the context run other handlers
        } catch (Throwable e) {
            if (e instanceof InterruptedException) { // Vert.x interrupts suspended tasks when the context closes
                CancellationException c = new CancellationException("Vert.x context closed while a task body awaited " + future);
                c.initCause(e);
                throw c;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Vert.x " + context.threadingModel() + " context " + context;
    }
}
