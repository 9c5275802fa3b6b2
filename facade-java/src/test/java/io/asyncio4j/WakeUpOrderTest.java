package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12: in which loop iteration an awaiting task wakes. asyncio's order is one iteration after
 * the event that completes what it awaits ({@code put_nowait} sets the getter's future; the task's
 * wake-up runs on the next iteration). A blocking-style body must wake there too, the same iteration
 * as a future-style continuation — not one later because its resumption is queued behind the
 * delivery.
 *
 * <p>Iterations are counted by a callback that reschedules itself first thing, so it runs first in
 * every iteration.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WakeUpOrderTest {
    private static final int PUT_AT = 5;

    @Test
    void bodyAwaitingGet_wakesOneIterationAfterPutNowait_likeAFutureStyleContinuation() {
        int[] tick = {0};
        int[] bodyWoke = {-1};
        int[] futureWoke = {-1};
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            AsyncQueue<Integer> q = new AsyncQueue<>();
            CompletableFuture<Integer> futureStyle = q.get();
            futureStyle.thenRun(() -> futureWoke[0] = tick[0]);
            Task<Integer> body = Async.createTask(() -> {
                int v = Async.await(q.get());
                bodyWoke[0] = tick[0];
                return v;
            });
            loop.callSoon(new Runnable() {
                @Override
                public void run() {
                    tick[0]++;
                    if (tick[0] < 20) loop.callSoon(this);
                    if (tick[0] == PUT_AT) {
                        q.putNowait(1); // to the future-style getter, registered first
                        q.putNowait(2); // to the body
                    }
                }
            });
            assertThat(Async.await(body)).isEqualTo(2);
            assertThat(Async.await(futureStyle)).isEqualTo(1);
            return null;
        });
        assertThat(futureWoke[0]).as("future-style continuation").isEqualTo(PUT_AT + 1);
        assertThat(bodyWoke[0]).as("blocking-style body").isEqualTo(PUT_AT + 1);
    }

    @Test
    void bodyAwaitingAnotherBodysEvent_wakesOneIterationAfterSet() {
        int[] tick = {0};
        int[] setAt = {-1};
        int[] woke = {-1};
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            AsyncEvent event = new AsyncEvent();
            loop.callSoon(new Runnable() {
                @Override
                public void run() {
                    tick[0]++;
                    if (tick[0] < 20) loop.callSoon(this);
                }
            });
            Task<Void> waiter = Async.createTask(() -> {
                Async.await(event.await());
                woke[0] = tick[0];
                return null;
            });
            Task<Void> setter = Async.createTask(() -> {
                Async.await(Async.sleep(Duration.ZERO));
                Async.await(Async.sleep(Duration.ZERO));
                setAt[0] = tick[0];
                event.set();
                return null;
            });
            Async.await(Async.gather(waiter, setter));
            return null;
        });
        assertThat(setAt[0]).isPositive();
        assertThat(woke[0]).isEqualTo(setAt[0] + 1);
    }
}
