package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Async#hedge} and {@link Async#hedgeAsync}: attempts sent, winner, cancellation, failures. */
@Timeout(10)
class HedgingTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration SHORT = Duration.ofMillis(1);

    @Test
    void firstAttemptThatSucceedsBeforeTheDelaySendsNoOther() {
        AtomicInteger calls = new AtomicInteger();
        HedgedFuture<String> f = Async.run(() -> {
            HedgedFuture<String> h = Async.hedge(LONG, 3, () -> "attempt " + calls.incrementAndGet());
            assertThat(Async.await(h)).isEqualTo("attempt 1");
            return h;
        });
        assertThat(f.attemptsSent()).isEqualTo(1);
        assertThat(f.winner()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aSlowAttemptIsHedgedAfterTheDelayAndCancelledWhenTheHedgeWins() {
        Steps steps = new Steps();
        AtomicInteger calls = new AtomicInteger();
        List<String> cancelled = new CopyOnWriteArrayList<>();
        HedgedFuture<String> f = Async.run(() -> {
            AsyncEvent never = new AsyncEvent();
            HedgedFuture<String> h = Async.hedge(SHORT, 2, () -> {
                int n = calls.incrementAndGet();
                if (n == 1) {
                    steps.expect(1); // the first attempt hangs
                    try {
                        Async.await(never.await());
                    } catch (CancellationException e) {
                        steps.expect(3); // cancelled as the hedge wins, before the winner is published
                        cancelled.add("attempt 1");
                        throw e;
                    }
                }
                steps.expect(2); // sent after the delay, while the first still runs
                return "attempt " + n;
            });
            String v = Async.await(h);
            steps.expect(4);
            Async.await(Async.sleep(Duration.ZERO)); // let the loser unwind
            Async.await(Async.sleep(Duration.ZERO));
            return v.equals("attempt 2") ? h : null;
        });
        steps.finish(5);
        assertThat(f).isNotNull();
        assertThat(f.attemptsSent()).isEqualTo(2);
        assertThat(f.winner()).isEqualTo(2);
        assertThat(cancelled).containsExactly("attempt 1");
    }

    @Test
    void aFailedAttemptIsRetriedAtOnceWithoutWaitingForTheDelay() {
        AtomicInteger calls = new AtomicInteger();
        HedgedFuture<String> f = Async.run(() -> {
            HedgedFuture<String> h = Async.hedge(LONG, 5, () -> {
                if (calls.incrementAndGet() < 3) {
                    throw new IOException("dropped");
                }
                return "ok";
            });
            Async.await(h); // with a one-hour delay this returns only because failures trigger the next attempt
            return h;
        });
        assertThat(f.attemptsSent()).isEqualTo(3);
        assertThat(f.winner()).isEqualTo(3);
    }

    @Test
    void failsOnlyWhenEveryAttemptFailedWithTheFirstFailureAndTheRestSuppressed() {
        AtomicInteger calls = new AtomicInteger();
        List<IllegalStateException> thrown = new CopyOnWriteArrayList<>();
        Async.run(() -> {
            HedgedFuture<String> h = Async.hedge(LONG, 3, () -> {
                IllegalStateException e = new IllegalStateException("attempt " + calls.incrementAndGet());
                thrown.add(e);
                throw e;
            });
            assertThatThrownBy(() -> Async.await(h)).isSameAs(thrown.get(0))
                    .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(thrown.get(1), thrown.get(2)));
            assertThat(h.attemptsSent()).isEqualTo(3);
            assertThat(h.winner()).isZero();
        });
    }

    @Test
    void cancellingTheHedgeCancelsRunningAttemptsAndSendsNoMore() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger cancelledAttempts = new AtomicInteger();
        Async.run(() -> {
            AsyncEvent never = new AsyncEvent();
            AsyncEvent started = new AsyncEvent();
            HedgedFuture<String> h = Async.hedge(LONG, 3, () -> {
                calls.incrementAndGet();
                started.set();
                try {
                    return Async.await(never.await()) + "";
                } catch (CancellationException e) {
                    cancelledAttempts.incrementAndGet();
                    throw e;
                }
            });
            Async.await(started.await());
            assertThat(h.cancel(true)).isTrue();
            assertThatThrownBy(() -> Async.await(h)).isInstanceOf(CancellationException.class);
            Async.await(Async.sleep(Duration.ofMillis(5)));
        });
        assertThat(calls).hasValue(1);
        assertThat(cancelledAttempts).hasValue(1);
    }

    @Test
    void futureStyleAttemptsFromAPlainThread() throws Exception {
        CompletableFuture<String> slow = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        HedgedFuture<String> h = Async.hedgeAsync(SHORT, 3, () -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                return slow; // never completes by itself
            }
            if (n == 2) {
                throw new IllegalStateException("cannot even send"); // counts as a failed attempt
            }
            return CompletableFuture.completedFuture("attempt " + n);
        });
        assertThat(h.get()).isEqualTo("attempt 3");
        assertThat(h.attemptsSent()).isEqualTo(3);
        assertThat(h.winner()).isEqualTo(3);
        assertThat(slow).isCancelled();
    }

    @Test
    void zeroDelaySendsEveryCopyAtOnce() throws Exception {
        List<CompletableFuture<String>> sent = new CopyOnWriteArrayList<>();
        HedgedFuture<String> h = Async.hedgeAsync(Duration.ZERO, 3, () -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            sent.add(f);
            return f;
        });
        while (sent.size() < 3) {
            Thread.onSpinWait(); // the timer thread sends the 2nd and 3rd
        }
        sent.get(2).complete("third");
        assertThat(h.get()).isEqualTo("third");
        assertThat(h.attemptsSent()).isEqualTo(3);
        assertThat(sent.get(0)).isCancelled();
        assertThat(sent.get(1)).isCancelled();
    }

    @Test
    void everyAttemptRunsInACopyOfTheCallersContext_blockingStyle() {
        ContextVar<String> v = ContextVar.of("request");
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        String callerAfter = Async.run(() -> {
            v.set("caller");
            AsyncEvent never = new AsyncEvent();
            HedgedFuture<String> h = Async.hedge(SHORT, 3, () -> {
                int n = calls.incrementAndGet();
                seen.add(v.get("none"));
                v.set("attempt " + n); // stays in this attempt's copy
                if (n < 3) {
                    Async.await(never.await()); // attempts 2 and 3 are started by the hedge's timer
                }
                return v.get();
            });
            assertThat(Async.await(h)).isEqualTo("attempt 3");
            return v.get();
        });
        assertThat(seen).containsExactly("caller", "caller", "caller");
        assertThat(callerAfter).isEqualTo("caller");
    }

    @Test
    void everyAttemptRunsInACopyOfTheCallersContext_futureStyle_onALoopAndOnAPlainThread() throws Exception {
        ContextVar<String> v = ContextVar.of("request");
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.function.Supplier<CompletableFuture<String>> attempt = () -> {
            seen.add(v.get("none"));
            v.set("changed by attempt " + seen.size());
            return seen.size() % 3 == 0 ? CompletableFuture.completedFuture("won") : new CompletableFuture<>();
        };
        String onLoop = Async.run(() -> {
            v.set("loop caller");
            assertThat(Async.await(Async.hedgeAsync(SHORT, 3, attempt))).isEqualTo("won");
            return v.get();
        });
        assertThat(onLoop).isEqualTo("loop caller");
        CompletableFuture<String> plain = new CompletableFuture<>();
        Thread t = new Thread(() -> { // a thread of its own: its context ends with it
            try {
                v.set("thread caller");
                assertThat(Async.hedgeAsync(SHORT, 3, attempt).get()).isEqualTo("won"); // 2 and 3: the timer thread
                plain.complete(v.get());
            } catch (Throwable e) {
                plain.completeExceptionally(e);
            }
        });
        t.start();
        assertThat(plain.get()).isEqualTo("thread caller");
        assertThat(seen).containsExactly("loop caller", "loop caller", "loop caller",
                "thread caller", "thread caller", "thread caller");
    }

    @Test
    void argumentChecks() {
        assertThatThrownBy(() -> Async.hedgeAsync(null, 1, () -> null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> Async.hedgeAsync(Duration.ofMillis(-1), 1, () -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> Async.hedgeAsync(SHORT, 0, () -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts must be >= 1");
        assertThatThrownBy(() -> Async.hedgeAsync(SHORT, 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("attempt");
        assertThatThrownBy(() -> Async.hedge(SHORT, 1, () -> "x"))
                .isInstanceOf(IllegalStateException.class); // no running loop
        ExecutionException nullStage = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> Async.hedgeAsync(SHORT, 1, () -> null).get());
        assertThat(nullStage.getCause()).isInstanceOf(NullPointerException.class);
    }
}
