package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncEventTest {
    @Test
    void setWakesEveryWaiter_andLaterWaitsPassAtOnce() {
        AsyncEvent ev = new AsyncEvent();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waits.add(ev.await());
        }
        assertThat(waits).allSatisfy(f -> assertThat(f).isNotDone());
        ev.set();
        assertThat(waits).allSatisfy(f -> assertThat(f).isDone());
        assertThat(ev.isSet()).isTrue();
        assertThat(ev.await()).isDone();
        ev.clear();
        assertThat(ev.isSet()).isFalse();
        assertThat(ev.await()).isNotDone();
    }

    @Test
    void tasksWaitForTheEvent() {
        String r = Async.run(() -> {
            AsyncEvent ev = new AsyncEvent();
            Task<String> t = Async.createTask(() -> {
                Async.await(ev.await());
                return "woken";
            });
            Async.createTask(() -> {
                ev.set();
                return null;
            });
            return Async.await(t);
        });
        assertThat(r).isEqualTo("woken");
    }

    @Test
    void cancellingOneWaitLeavesTheOthers() {
        AsyncEvent ev = new AsyncEvent();
        CompletableFuture<Void> a = ev.await();
        CompletableFuture<Void> b = ev.await();
        a.cancel(false);
        ev.set();
        assertThat(a).isCancelled();
        assertThat(b).isDone().isNotCancelled();
    }
}
