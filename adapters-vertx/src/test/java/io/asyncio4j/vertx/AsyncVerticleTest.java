package io.asyncio4j.vertx;

import static io.asyncio4j.vertx.VertxFixture.onIt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.ExceptionContext;
import io.asyncio4j.Task;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AsyncVerticleTest extends WithVertx {
    private static final Duration LONG = Duration.ofHours(1);

    private static String deploy(AsyncVerticle v, ThreadingModel model) throws Exception {
        return vertx.deployVerticle(v, new DeploymentOptions().setThreadingModel(model)).await(10, TimeUnit.SECONDS);
    }

    /** Future style: tasks and a timer made by start; undeploy cancels and waits for them. */
    static final class Sleepers extends AsyncVerticle {
        final List<Task<?>> tasks = new ArrayList<>();
        final CompletableFuture<ExceptionContext> reported = new CompletableFuture<>();
        volatile boolean startedOnContext;

        @Override
        protected CompletionStage<?> startAsync() {
            startedOnContext = onIt(context()) && Async.getRunningLoop() == loop();
            loop().setExceptionHandler((l, c) -> reported.complete(c));
            tasks.add(Async.ensureFuture(Async.sleep(LONG)));
            tasks.add(Async.ensureFuture(Async.sleep(LONG).thenCompose(v -> Async.sleep(LONG))));
            // a task that fails and nobody looks at: reported, not swallowed
            tasks.add(Async.ensureFuture(CompletableFuture.failedFuture(new IllegalStateException("lost failure"))));
            loop().callLater(LONG, () -> { });
            return Async.sleep(Duration.ofMillis(5));
        }
    }

    @Test
    void futureStyle_undeployCancelsEveryTaskAndTimer_andUnretrievedFailuresAreReported() throws Exception {
        Sleepers v = new Sleepers();
        String id = deploy(v, ThreadingModel.EVENT_LOOP);
        assertThat(v.startedOnContext).isTrue();
        EventLoop loop = v.loop();
        VertxHost host = VertxHost.of((ContextInternal) v.context());
        assertThat(host.timers).isNotEmpty();
        vertx.undeploy(id).await(10, TimeUnit.SECONDS);
        assertThat(v.tasks).allMatch(Task::isDone);
        assertThat(v.tasks.subList(0, 2)).allMatch(Task::isCancelled);
        assertThat(loop.isClosed()).isTrue();
        assertThat(host.timers).isEmpty();
        assertThat(v.reported.get(5, TimeUnit.SECONDS).exception()).hasMessage("lost failure");
    }

    @Test
    void aFailingStartFailsTheDeploymentWithTheVeryException() {
        IllegalStateException thrown = new IllegalStateException("thrown");
        assertThatThrownBy(() -> deploy(new AsyncVerticle() {
            @Override
            protected void start() {
                throw thrown;
            }
        }, ThreadingModel.EVENT_LOOP)).isSameAs(thrown);
        java.io.IOException failed = new java.io.IOException("failed stage");
        assertThatThrownBy(() -> deploy(new AsyncVerticle() {
            @Override
            protected CompletionStage<?> startAsync() {
                return Async.sleep(Duration.ofMillis(1)).thenCompose(x -> CompletableFuture.failedFuture(failed));
            }
        }, ThreadingModel.EVENT_LOOP)).isSameAs(failed);
    }

    @Test
    void blockingStartOnAnEventLoopDeploymentCannotAwait() {
        assertThatThrownBy(() -> deploy(new AsyncVerticle() {
            @Override
            protected void start() {
                Async.await(Async.sleep(Duration.ofMillis(1)));
            }
        }, ThreadingModel.EVENT_LOOP)).isInstanceOf(IllegalStateException.class).hasMessageContaining("would block");
    }

    /** Blocking style on a virtual-thread deployment: start and stop await; a child task is cancelled and waited for. */
    static final class Blocking extends AsyncVerticle {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        volatile Task<?> child;

        @Override
        protected void start() {
            Async.await(Async.sleep(Duration.ofMillis(5)));
            log.add("start on context " + onIt(context()));
            child = Async.createTask("child", () -> {
                try {
                    Async.await(Async.sleep(LONG));
                    return null;
                } finally {
                    log.add("child unwound on context " + onIt(context()));
                }
            });
        }

        @Override
        protected void stop() {
            Async.await(Async.sleep(Duration.ofMillis(5)));
            log.add("stop; child done: " + child.isDone());
        }
    }

    @Test
    void blockingStyleOnAVirtualThreadDeployment_noTaskOutlivesItsVerticle() throws Exception {
        VertxFixture.assumeVirtualThreads();
        Blocking v = new Blocking();
        String id = deploy(v, ThreadingModel.VIRTUAL_THREAD);
        vertx.undeploy(id).await(10, TimeUnit.SECONDS);
        assertThat(v.child.isCancelled()).isTrue();
        assertThat(v.log).containsExactly("start on context true", "stop; child done: false", "child unwound on context true");
        assertThat(v.loop().isClosed()).isTrue();
    }

    @Test
    void aFailingStopFailsTheUndeploymentWithTheVeryException_andStillCancelsTheTasks() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("stop failed");
        List<Task<?>> tasks = new ArrayList<>();
        AsyncVerticle v = new AsyncVerticle() {
            @Override
            protected CompletionStage<?> startAsync() {
                tasks.add(Async.ensureFuture(Async.sleep(LONG)));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            protected CompletionStage<?> stopAsync() {
                return CompletableFuture.failedFuture(thrown);
            }
        };
        String id = deploy(v, ThreadingModel.EVENT_LOOP);
        assertThatThrownBy(() -> vertx.undeploy(id).await(10, TimeUnit.SECONDS)).isSameAs(thrown);
        assertThat(tasks.get(0).isCancelled()).isTrue();
    }

    @Test
    void contextAndLoopBeforeDeploymentAreRefused() {
        AsyncVerticle v = new AsyncVerticle() { };
        assertThatThrownBy(v::loop).isInstanceOf(IllegalStateException.class).hasMessageContaining("not deployed");
    }
}
