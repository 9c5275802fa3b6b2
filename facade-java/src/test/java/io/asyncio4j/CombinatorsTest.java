package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gather, gatherSettled, wait, asCompleted, shield, firstSuccessful and the future-style task group.
 * Ordering is driven by futures completed in a known order, never by racing timers.
 */
@Timeout(10)
class CombinatorsTest {
    private static final Duration LONG = Duration.ofHours(1);

    /** A task that waits for {@code gate} and returns {@code value}. */
    private static <T> Task<T> after(CompletableFuture<?> gate, T value) {
        return Async.createTask(() -> {
            Async.await(gate);
            return value;
        });
    }

    private static void yieldOnce() {
        Async.await(Async.sleep(Duration.ZERO));
    }

    // ------------------------------------------------------------------ gather

    @Test
    void gather_resultsInArgumentOrderNotCompletionOrder() {
        Async.run(() -> {
            CompletableFuture<Void> g1 = new CompletableFuture<>();
            CompletableFuture<Void> g2 = new CompletableFuture<>();
            CompletableFuture<Void> g3 = new CompletableFuture<>();
            Task<String> a = after(g1, "a");
            Task<String> b = after(g2, "b");
            Task<String> c = after(g3, "c");
            CompletableFuture<List<String>> all = Async.gather(List.of(a, b, c));
            yieldOnce();
            g3.complete(null);
            yieldOnce();
            g2.complete(null);
            yieldOnce();
            assertThat(all).isNotDone();
            g1.complete(null);
            assertThat(Async.await(all)).containsExactly("a", "b", "c");
            return null;
        });
    }

    @Test
    void gather_mixesTasksAndPlainFutures() {
        Async.run(() -> {
            List<Object> r = Async.await(Async.gather(
                    Async.createTask(() -> 1), Async.sleep(Duration.ofMillis(1), "two"), CompletableFuture.completedFuture(3.0)));
            assertThat(r).containsExactly(1, "two", 3.0);
            return null;
        });
    }

    @Test
    void gather_empty() {
        Async.run(() -> {
            assertThat(Async.await(Async.gather(List.<CompletableFuture<String>>of()))).isEmpty();
            assertThat(Async.await(Async.<String>gather())).isEmpty();
            return null;
        });
    }

    @Test
    void gather_failsFastWithTheFirstFailureAndLeavesTheOthersRunning() {
        IllegalStateException boom = new IllegalStateException("boom");
        Async.run(() -> {
            CompletableFuture<Void> never = new CompletableFuture<>();
            Task<String> slow = after(never, "slow");
            Task<String> failing = Async.createTask(() -> {
                throw boom;
            });
            CompletableFuture<List<String>> all = Async.gather(slow, failing);
            assertThatThrownBy(() -> Async.await(all)).isSameAs(boom);
            assertThat(slow.isDone()).as("asyncio's gather does not cancel siblings").isFalse();
            never.complete(null);
            assertThat(Async.await(slow)).isEqualTo("slow");
            return null;
        });
    }

    @Test
    void gather_cancellingTheResultCancelsEveryInput() {
        Async.run(() -> {
            CompletableFuture<Void> never = new CompletableFuture<>();
            Task<String> a = after(never, "a");
            CompletableFuture<Object> plain = new CompletableFuture<>();
            CompletableFuture<List<Object>> all = Async.gather(a, plain);
            yieldOnce();
            assertThat(all.cancel(true)).isTrue();
            assertThat(plain.isCancelled()).isTrue();
            assertThat(Async.await(Async.gatherSettled(a)).get(0).isCancelled()).isTrue();
            assertThat(a.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void gather_aCancelledInputFailsItWithCancellation() {
        Async.run(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            CompletableFuture<List<String>> all = Async.gather(f, CompletableFuture.completedFuture("x"));
            f.cancel(false);
            assertThatThrownBy(() -> Async.await(all)).isInstanceOf(CancellationException.class);
            return null;
        });
    }

    @Test
    void gather_cancellingTheTaskAwaitingItCancelsTheInputs() {
        Async.run(() -> {
            CompletableFuture<Void> never = new CompletableFuture<>();
            Task<String> child = after(never, "child");
            Task<List<String>> waiter = Async.createTask(() -> Async.await(Async.gather(child)));
            yieldOnce();
            waiter.cancel();
            Async.await(Async.gatherSettled(waiter, child));
            assertThat(waiter.isCancelled()).isTrue();
            assertThat(child.isCancelled()).as("cancellation propagates through gather").isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ gatherSettled

    @Test
    void gatherSettled_reportsEveryOutcomeInOrderAndNeverFails() {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        Async.run(() -> {
            Task<Integer> ok = Async.createTask(() -> 1);
            Task<Integer> failed = Async.createTask(() -> {
                throw bad;
            });
            CompletableFuture<Integer> cancelled = new CompletableFuture<>();
            cancelled.cancel(false);
            List<Outcome<Integer>> out = Async.await(Async.gatherSettled(List.of(ok, failed, cancelled)));
            assertThat(out).hasSize(3);
            assertThat(out.get(0).isSuccess()).isTrue();
            assertThat(out.get(0).value()).isEqualTo(1);
            assertThat(out.get(1).isSuccess()).isFalse();
            assertThat(out.get(1).error()).isSameAs(bad);
            assertThatThrownBy(() -> out.get(1).value()).isInstanceOf(InvalidStateException.class);
            assertThat(out.get(2).isCancelled()).isTrue();
            assertThat(Async.await(Async.gatherSettled(List.<CompletableFuture<Integer>>of()))).isEmpty();
            return null;
        });
    }

    // ------------------------------------------------------------------ wait

    @Test
    void wait_allCompletedReturnsTheVeryObjectsGiven() {
        Async.run(() -> {
            List<Task<Integer>> tasks = List.of(Async.createTask(() -> 1), Async.createTask(() -> 2));
            WaitResult<Task<Integer>> r = Async.await(Async.wait(tasks));
            assertThat(r.pending()).isEmpty();
            assertThat(r.done()).hasSize(2);
            for (Task<Integer> t : tasks) {
                assertThat(r.done().stream().anyMatch(d -> d == t)).as("identity of %s", t).isTrue();
            }
            return null;
        });
    }

    @Test
    void wait_firstCompletedNeverCancelsThePending() {
        Async.run(() -> {
            CompletableFuture<Void> g1 = new CompletableFuture<>();
            CompletableFuture<Void> g2 = new CompletableFuture<>();
            Task<String> first = after(g1, "first");
            Task<String> second = after(g2, "second");
            CompletableFuture<WaitResult<Task<String>>> w = Async.wait(List.of(first, second), ReturnWhen.FIRST_COMPLETED);
            yieldOnce();
            assertThat(w).isNotDone();
            g1.complete(null);
            WaitResult<Task<String>> r = Async.await(w);
            assertThat(r.done()).containsExactly(first);
            assertThat(r.pending()).containsExactly(second);
            assertThat(second.isDone()).isFalse();
            g2.complete(null);
            assertThat(Async.await(second)).isEqualTo("second");
            return null;
        });
    }

    @Test
    void wait_firstExceptionReturnsOnAFailureOrElseWhenAllAreDone() {
        Async.run(() -> {
            CompletableFuture<Void> never = new CompletableFuture<>();
            Task<String> pending = after(never, "p");
            Task<String> ok = Async.createTask(() -> "ok");
            Task<String> failed = Async.createTask(() -> {
                Async.await(ok);
                throw new IllegalStateException("failed");
            });
            WaitResult<Task<String>> r = Async.await(Async.wait(List.of(pending, ok, failed), ReturnWhen.FIRST_EXCEPTION));
            assertThat(r.done()).containsExactlyInAnyOrder(ok, failed);
            assertThat(r.pending()).containsExactly(pending);
            assertThat(failed.exception()).hasMessage("failed");

            // no failure: FIRST_EXCEPTION waits for all, like ALL_COMPLETED
            CompletableFuture<String> a = Async.sleep(Duration.ofMillis(1), "a");
            CompletableFuture<String> b = Async.sleep(Duration.ofMillis(3), "b");
            WaitResult<CompletableFuture<String>> r2 = Async.await(Async.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION));
            assertThat(r2.done()).containsExactlyInAnyOrder(a, b);
            never.complete(null);
            return null;
        });
    }

    @Test
    void wait_timeoutSplitsWithoutCancellingOrFailing() {
        Async.run(() -> {
            CompletableFuture<String> done = CompletableFuture.completedFuture("done");
            CompletableFuture<String> never = new CompletableFuture<>();
            WaitResult<CompletableFuture<String>> r =
                    Async.await(Async.wait(List.of(done, never), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(10)));
            assertThat(r.done()).containsExactly(done);
            assertThat(r.pending()).containsExactly(never);
            assertThat(never.isDone()).isFalse();
            return null;
        });
    }

    @Test
    void wait_doesNotFailWhenAnInputFails() {
        Async.run(() -> {
            CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException());
            WaitResult<CompletableFuture<String>> r = Async.await(Async.wait(List.of(failed)));
            assertThat(r.done()).containsExactly(failed);
            return null;
        });
    }

    @Test
    void wait_cancellingTheResultOnlyStopsWaiting() {
        Async.run(() -> {
            CompletableFuture<String> never = new CompletableFuture<>();
            CompletableFuture<WaitResult<CompletableFuture<String>>> w = Async.wait(List.of(never));
            w.cancel(true);
            yieldOnce();
            assertThat(never.isDone()).isFalse();
            return null;
        });
    }

    // ------------------------------------------------------------------ asCompleted

    @Test
    void asCompleted_yieldsInCompletionOrder() {
        List<String> seen = new ArrayList<>();
        Async.run(() -> {
            CompletableFuture<Void> g1 = new CompletableFuture<>();
            CompletableFuture<Void> g2 = new CompletableFuture<>();
            CompletableFuture<Void> g3 = new CompletableFuture<>();
            List<Task<String>> tasks = List.of(after(g1, "one"), after(g2, "two"), after(g3, "three"));
            Async.getRunningLoop().callLater(Duration.ofMillis(1), () -> g2.complete(null));
            Async.getRunningLoop().callLater(Duration.ofMillis(3), () -> g3.complete(null));
            Async.getRunningLoop().callLater(Duration.ofMillis(5), () -> g1.complete(null));
            for (CompletableFuture<String> next : Async.asCompleted(tasks)) {
                seen.add(Async.await(next));
            }
            return null;
        });
        assertThat(seen).containsExactly("two", "three", "one");
    }

    @Test
    void asCompleted_deliversFailuresInPlace() {
        IllegalStateException boom = new IllegalStateException();
        Async.run(() -> {
            CompletableFuture<String> ok = new CompletableFuture<>();
            CompletableFuture<String> bad = new CompletableFuture<>();
            List<CompletableFuture<String>> order = new ArrayList<>();
            Async.asCompleted(List.of(ok, bad)).forEach(order::add);
            bad.completeExceptionally(boom);
            ok.complete("ok");
            assertThatThrownBy(() -> Async.await(order.get(0))).isSameAs(boom);
            assertThat(Async.await(order.get(1))).isEqualTo("ok");
            return null;
        });
    }

    @Test
    void asCompleted_timeoutFailsTheRestWithTimeoutException() {
        Async.run(() -> {
            CompletableFuture<String> fast = CompletableFuture.completedFuture("fast");
            CompletableFuture<String> never = new CompletableFuture<>();
            List<CompletableFuture<String>> order = new ArrayList<>();
            Async.asCompleted(List.of(never, fast), Duration.ofMillis(10)).forEach(order::add);
            assertThat(Async.await(order.get(0))).isEqualTo("fast");
            assertThatThrownBy(() -> Async.await(order.get(1)))
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThat(never.isDone()).as("as_completed does not cancel on timeout").isFalse();
            return null;
        });
    }

    @Test
    void asCompleted_empty() {
        assertThat(Async.asCompleted(List.<CompletableFuture<String>>of())).isEmpty();
    }

    // ------------------------------------------------------------------ shield

    @Test
    void shield_cancellingTheShieldLeavesTheInnerRunning() {
        Async.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> inner = after(gate, "inner");
            CompletableFuture<String> shielded = Async.shield(inner);
            assertThat(shielded.cancel(true)).isTrue();
            gate.complete(null);
            assertThat(Async.await(inner)).isEqualTo("inner");
            return null;
        });
    }

    @Test
    void shield_cancellingTheAwaitingTaskLeavesTheInnerRunning() {
        Async.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> inner = after(gate, "inner");
            Task<String> waiter = Async.createTask(() -> Async.await(Async.shield(inner)));
            yieldOnce();
            waiter.cancel();
            assertThatThrownBy(() -> Async.await(waiter)).isInstanceOf(CancellationException.class);
            assertThat(inner.isDone()).isFalse();
            gate.complete(null);
            assertThat(Async.await(inner)).isEqualTo("inner");
            return null;
        });
    }

    @Test
    void shield_passesTheOutcomeThrough() {
        IllegalStateException boom = new IllegalStateException();
        Async.run(() -> {
            assertThat(Async.await(Async.shield(Async.sleep(Duration.ofMillis(1), "v")))).isEqualTo("v");
            assertThatThrownBy(() -> Async.await(Async.shield(CompletableFuture.failedFuture(boom)))).isSameAs(boom);
            return null;
        });
    }

    // ------------------------------------------------------------------ firstSuccessful

    @Test
    void firstSuccessful_firstSuccessWinsAndTheRestAreCancelled() {
        Async.run(() -> {
            CompletableFuture<String> failsFirst = new CompletableFuture<>();
            CompletableFuture<String> wins = new CompletableFuture<>();
            CompletableFuture<Void> never = new CompletableFuture<>();
            Task<String> loser = after(never, "loser");
            CompletableFuture<String> r = Async.firstSuccessful(List.of(failsFirst, loser, wins));
            yieldOnce();
            failsFirst.completeExceptionally(new IllegalStateException("first failure does not win"));
            assertThat(r).isNotDone();
            wins.complete("winner");
            assertThat(Async.await(r)).isEqualTo("winner");
            Async.await(Async.gatherSettled(loser));
            assertThat(loser.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void firstSuccessful_failsOnlyWhenAllFailKeepingEveryFailure() {
        IllegalStateException e1 = new IllegalStateException("1");
        IllegalArgumentException e2 = new IllegalArgumentException("2");
        Async.run(() -> {
            CompletableFuture<String> a = new CompletableFuture<>();
            CompletableFuture<String> b = new CompletableFuture<>();
            CompletableFuture<String> r = Async.firstSuccessful(List.of(a, b));
            a.completeExceptionally(e1);
            assertThat(r).isNotDone();
            b.completeExceptionally(e2);
            assertThatThrownBy(() -> Async.await(r)).isSameAs(e1);
            assertThat(e1.getSuppressed()).containsExactly(e2);
            return null;
        });
    }

    @Test
    void firstSuccessful_cancellingTheResultCancelsEveryInput() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> r = Async.firstSuccessful(List.of(a, b));
        r.cancel(true);
        assertThat(a.isCancelled()).isTrue();
        assertThat(b.isCancelled()).isTrue();
    }

    // ------------------------------------------------------------------ taskGroup (future style)

    @Test
    void taskGroup_completesWithTheStageValueAfterEveryChild() {
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        String r = Async.run(() -> Async.await(Async.taskGroup(g -> {
            g.createTask(() -> {
                Async.await(Async.sleep(Duration.ofMillis(10)));
                finished.add("slow child");
                return null;
            });
            g.createTask(() -> {
                finished.add("fast child");
                return null;
            });
            return CompletableFuture.completedFuture("value");
        })));
        assertThat(r).isEqualTo("value");
        assertThat(finished).containsExactly("fast child", "slow child");
    }

    @Test
    void taskGroup_aFailingChildCancelsTheOthersAndFailsWithTaskGroupException() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicBoolean siblingFinallyRan = new AtomicBoolean();
        Throwable thrown = Async.run(() -> {
            try {
                Async.await(Async.taskGroup(g -> {
                    g.createTask(() -> {
                        try {
                            return Async.await(Async.sleep(LONG));
                        } finally {
                            siblingFinallyRan.set(true);
                        }
                    });
                    g.createTask(() -> {
                        Async.await(Async.sleep(Duration.ofMillis(1)));
                        throw boom;
                    });
                    return new CompletableFuture<String>(); // the stage itself never completes; the group ends it
                }));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(thrown).isInstanceOf(TaskGroupException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
        assertThat(siblingFinallyRan).isTrue();
    }

    @Test
    void taskGroup_cancellingTheResultCancelsTheChildren() {
        Async.run(() -> {
            List<Task<Object>> children = new ArrayList<>();
            CompletableFuture<Object> r = Async.taskGroup(g -> {
                children.add(g.createTask(() -> Async.await(Async.sleep(LONG))));
                return new CompletableFuture<>();
            });
            yieldOnce();
            r.cancel(true);
            Async.await(Async.gatherSettled(children));
            assertThat(children.get(0).isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void taskGroup_offTheLoopIsRejected() {
        assertThatThrownBy(() -> Async.taskGroup(g -> CompletableFuture.completedFuture(1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
