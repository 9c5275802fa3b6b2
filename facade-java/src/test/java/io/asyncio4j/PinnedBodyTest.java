package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12: a body pinned to its carrier (here: waiting inside a class initializer, which pins a
 * virtual thread even on JDK 24+) must not deadlock the loop when the loop schedules its own virtual
 * threads on one carrier: the scheduler starts another carrier for the threads queued behind it. On
 * the default scheduler and on JDK 17 the same program must simply work.
 */
// A separate thread: without the compensation this deadlocks, and the test must fail rather than hang.
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PinnedBodyTest {
    static volatile AsyncEvent event;

    static final class AwaitsInItsInitializer {
        static final String VALUE;

        static {
            Async.await(event.await()); // the setter task must run while this body is pinned
            VALUE = "initialized";
        }
    }

    @Test
    void aBodyPinnedToItsCarrier_stallsTheLoopButDoesNotDeadlockIt() {
        String value = Async.run(() -> {
            event = new AsyncEvent();
            Task<String> pinned = Async.createTask(() -> AwaitsInItsInitializer.VALUE);
            Task<Void> setter = Async.createTask(() -> {
                Async.await(Async.sleep(Duration.ofMillis(1)));
                event.set();
                return null;
            });
            Async.await(setter);
            return Async.await(pinned);
        });
        assertThat(value).isEqualTo("initialized");
    }
}
