package io.asyncio4j.vertx;

import static io.asyncio4j.vertx.VertxFixture.deployContext;
import static io.asyncio4j.vertx.VertxFixture.onContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.QueueShutDown;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventBusTest extends WithVertx {
    @BeforeAll
    static void consumers() {
        vertx.eventBus().<String>consumer("upper", m -> m.reply(m.body().toUpperCase()));
        vertx.eventBus().<String>consumer("silent", m -> { });
        vertx.eventBus().<String>consumer("failing", m -> m.fail(42, "no " + m.body()));
    }

    @Test
    void requestGetsTheReply() {
        Message<String> reply = Async.run(() -> Async.await(VertxAsync.<String>request(vertx.eventBus(), "upper", "hi")));
        assertThat(reply.body()).isEqualTo("HI");
    }

    @Test
    void requestTimesOutWithVertxsReplyException() {
        assertThatThrownBy(() -> Async.run(() -> Async.await(VertxAsync.request(vertx.eventBus(), "silent", "x",
                new DeliveryOptions().setSendTimeout(50)))))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.TIMEOUT));
    }

    @Test
    void aFailingConsumersCodeAndMessageArriveInTheReplyException() {
        assertThatThrownBy(() -> Async.run(() -> Async.await(VertxAsync.request(vertx.eventBus(), "failing", "way"))))
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
                    assertThat(e.failureCode()).isEqualTo(42);
                    assertThat(e.getMessage()).isEqualTo("no way");
                });
        assertThatThrownBy(() -> Async.run(() -> Async.await(VertxAsync.request(vertx.eventBus(), "nobody", "x"))))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    }

    @Test
    void consumerQueueUnderABurstBiggerThanItsCapacityLosesNothing() throws Exception {
        int burst = 5_000;
        int capacity = 16;
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        AsyncQueue<Message<Integer>> queue = onContext(ctx, () -> CompletableFuture.completedFuture(
                VertxAsync.<Integer>consumerQueue(vertx.eventBus(), "burst", capacity)));
        ctx.runOnContext(v -> {
            for (int i = 0; i < burst; i++) {
                vertx.eventBus().send("burst", i);
            }
        });
        AtomicInteger maxSize = new AtomicInteger();
        List<Integer> got = Async.run(() -> {
            List<Integer> out = new ArrayList<>();
            while (out.size() < burst) {
                maxSize.accumulateAndGet(queue.qsize(), Math::max);
                out.add(Async.await(queue.get()).body());
                if (out.size() % 100 == 0) {
                    Async.await(Async.sleep(Duration.ofMillis(1))); // a slow consumer
                }
            }
            return out;
        });
        for (int i = 0; i < burst; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
        assertThat(maxSize.get()).isLessThanOrEqualTo(capacity);
        // after shutdown, the next message unregisters the consumer: a request is failed, not left to time out
        queue.shutdown();
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueShutDown.class);
        DeliveryOptions patient = new DeliveryOptions().setSendTimeout(5_000);
        assertThatThrownBy(() -> Async.run(() -> Async.await(VertxAsync.request(vertx.eventBus(), "burst", 1, patient))))
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
                    assertThat(e.getMessage()).contains("shut down");
                });
        assertThatThrownBy(() -> Async.run(() -> Async.await(VertxAsync.request(vertx.eventBus(), "burst", 2, patient))))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    }

    @Test
    void consumerQueueRepliesGoBackToTheSender() throws Exception {
        Context ctx = deployContext(vertx, ThreadingModel.EVENT_LOOP);
        VertxLoops.of(ctx);
        AsyncQueue<Message<String>> queue = onContext(ctx, () -> CompletableFuture.completedFuture(
                VertxAsync.<String>consumerQueue(vertx.eventBus(), "echo")));
        // a future-style server loop on the context: take a message, answer it, again
        onContext(ctx, () -> {
            serve(queue);
            return CompletableFuture.completedFuture(null);
        });
        Message<String> reply = Async.run(() -> Async.await(VertxAsync.<String>request(vertx.eventBus(), "echo", "ping")));
        assertThat(reply.body()).isEqualTo("echo ping");
    }

    private static void serve(AsyncQueue<Message<String>> queue) {
        Async.ensureFuture(queue.get()).thenAccept(m -> {
            m.reply("echo " + m.body());
            serve(queue);
        });
    }
}
