package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Async#timeout} (asyncio's {@code async with timeout()}) and {@link Async#waitFor}. */
@Timeout(10)
class TimeoutsTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration SHORT = Duration.ofMillis(10);

    @Test
    void timeout_returnsTheBodysValueWhenInTime() {
        assertThat(Async.run(() -> Async.timeout(LONG, () -> Async.await(Async.sleep(Duration.ofMillis(1), "in time")))))
                .isEqualTo("in time");
    }

    @Test
    void timeout_expirySurfacesAsCompletionExceptionCausedByTimeoutException() {
        AtomicBoolean afterAwait = new AtomicBoolean();
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        Async.run(() -> {
            assertThatThrownBy(() -> Async.timeout(SHORT, () -> {
                Async.await(awaited);
                afterAwait.set(true);
                return null;
            })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            // the scope is gone: awaiting works again
            assertThat(Async.await(Async.sleep(Duration.ofMillis(1), "after"))).isEqualTo("after");
            return null;
        });
        assertThat(afterAwait).isFalse();
        assertThat(awaited.isCancelled()).as("the awaited future is cancelled at the deadline").isTrue();
    }

    /**
     * The deadline is delivered once, as asyncio delivers a cancellation once: a body that swallows it
     * may await again (cleanup after a timeout is normal), and the scope then ends normally, as
     * asyncio's {@code timeout()} does when the CancelledError does not propagate. (Before issue 7 every
     * later await threw at once, so a swallowing loop spun without ever giving the loop up.)
     */
    @Test
    void timeout_deliveredOnce_aBodyThatSwallowsItCanAwaitAgain() {
        Steps s = new Steps();
        String r = Async.run(() -> Async.timeout(SHORT, () -> {
            s.expect(1);
            try {
                Async.await(Async.sleep(LONG));
            } catch (CancellationException swallowed) {
                s.expect(2);
            }
            Async.await(Async.sleep(Duration.ofMillis(1))); // cleanup can await
            s.expect(3);
            return "ended normally";
        }));
        assertThat(r).isEqualTo("ended normally");
        s.finish(4);
    }

    @Test
    void timeout_bodyThatDoesNotAwaitAfterTheDeadlineReturns() {
        String r = Async.run(() -> Async.timeout(Duration.ofMillis(5), () -> {
            Thread.sleep(30); // holds the loop past the deadline, awaits nothing afterwards
            return "returned";
        }));
        assertThat(r).isEqualTo("returned");
    }

    @Test
    void timeout_nestedInnerExpiresOuterContinues() {
        String r = Async.run(() -> Async.timeout(LONG, () -> {
            assertThatThrownBy(() -> Async.timeout(SHORT, () -> Async.await(Async.sleep(LONG))))
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            return Async.await(Async.sleep(Duration.ofMillis(1), "outer goes on"));
        }));
        assertThat(r).isEqualTo("outer goes on");
    }

    @Test
    void timeout_nestedOuterExpiresThroughALongerInner() {
        AtomicBoolean innerReturned = new AtomicBoolean();
        Async.run(() -> {
            Throwable t = null;
            try {
                Async.timeout(SHORT, () -> {
                    Object v = Async.timeout(LONG, () -> Async.await(Async.sleep(LONG)));
                    innerReturned.set(true);
                    return v;
                });
            } catch (Throwable e) {
                t = e;
            }
            assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            return null;
        });
        assertThat(innerReturned).isFalse();
    }

    @Test
    void timeout_passesTheBodysFailureThrough() {
        IllegalStateException boom = new IllegalStateException();
        Async.run(() -> {
            assertThatThrownBy(() -> Async.timeout(LONG, () -> {
                throw boom;
            })).isSameAs(boom);
            return null;
        });
    }

    @Test
    void timeout_cancellingTheTaskIsACancellationNotATimeout() {
        Async.run(() -> {
            Task<Object> t = Async.createTask(() -> Async.timeout(LONG, () -> Async.await(Async.sleep(LONG))));
            Async.await(Async.sleep(Duration.ZERO));
            t.cancel();
            assertThatThrownBy(() -> Async.await(t)).isInstanceOf(CancellationException.class);
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void timeout_worksOnAPlainThread() {
        assertThatThrownBy(() -> Async.timeout(SHORT, () -> Async.await(new CompletableFuture<>())))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void timeout_fromALoopCallbackIsRejected() {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Async.run(() -> {
            Async.getRunningLoop().callSoon(() -> {
                try {
                    Async.timeout(SHORT, () -> 1);
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            return Async.await(seen);
        });
        assertThat(seen.join()).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ waitFor

    @Test
    void waitFor_returnsTheOutcomeInTime() {
        IllegalStateException boom = new IllegalStateException();
        Async.run(() -> {
            assertThat(Async.await(Async.waitFor(Async.sleep(Duration.ofMillis(1), "v"), LONG))).isEqualTo("v");
            assertThatThrownBy(() -> Async.await(Async.waitFor(CompletableFuture.failedFuture(boom), LONG))).isSameAs(boom);
            return null;
        });
    }

    @Test
    void waitFor_timeoutCancelsTheInnerAndFailsWithTimeoutException() {
        AtomicBoolean innerFinally = new AtomicBoolean();
        Async.run(() -> {
            Task<Object> inner = Async.createTask(() -> {
                try {
                    return Async.await(Async.sleep(LONG));
                } finally {
                    innerFinally.set(true);
                }
            });
            CompletableFuture<Object> f = Async.waitFor(inner, SHORT);
            Throwable t = null;
            try {
                Async.await(f);
            } catch (Throwable e) {
                t = e;
            }
            assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThat(inner.isCancelled()).as("wait_for waits for the cancellation to finish").isTrue();
            assertThat(innerFinally).isTrue();
            return null;
        });
    }

    @Test
    void waitFor_cancellingTheResultCancelsTheInner() {
        Async.run(() -> {
            CompletableFuture<Object> inner = new CompletableFuture<>();
            CompletableFuture<Object> f = Async.waitFor(inner, LONG);
            f.cancel(true);
            assertThat(inner.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void waitFor_zeroTimeoutOnADoneFutureReturnsIt() throws Exception {
        assertThat(Async.waitFor(CompletableFuture.completedFuture(1), Duration.ZERO).get(1, TimeUnit.SECONDS)).isEqualTo(1);
        CompletableFuture<Object> never = new CompletableFuture<>();
        assertThatThrownBy(() -> Async.waitFor(never, Duration.ZERO).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(never.isCancelled()).isTrue();
    }
}
