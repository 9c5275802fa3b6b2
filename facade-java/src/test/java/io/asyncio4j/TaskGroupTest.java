package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TaskGroup}: asyncio's {@code async with TaskGroup() as tg}. Future style is in {@link CombinatorsTest}. */
@Timeout(10)
class TaskGroupTest {
    private static final Duration LONG = Duration.ofHours(1);

    private static void yieldOnce() {
        Async.await(Async.sleep(Duration.ZERO));
    }

    @Test
    void close_waitsForEveryChild() {
        Steps s = new Steps();
        Async.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> a;
            Task<String> b;
            try (TaskGroup tg = TaskGroup.open()) {
                s.expect(1);
                a = tg.createTask("a", () -> {
                    s.expect(3);
                    Async.await(gate);
                    s.expect(5);
                    return "a";
                });
                b = tg.createTask("b", () -> {
                    s.expect(4);
                    gate.complete(null);
                    return "b";
                });
                s.expect(2);
            }
            s.expect(6);
            assertThat(a.result()).isEqualTo("a");
            assertThat(b.result()).isEqualTo("b");
            assertThat(a.name()).isEqualTo("a");
            return null;
        });
        s.finish(7);
    }

    @Test
    void aFailingChildCancelsSiblingsAndInterruptsTheBodysAwait() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Task<Object>> sibling = new AtomicReference<>();
        Throwable thrown = Async.run(() -> {
            try (TaskGroup tg = TaskGroup.open()) {
                sibling.set(tg.createTask(() -> {
                    try {
                        return Async.await(Async.sleep(LONG));
                    } finally {
                        trace.add("sibling unwound");
                    }
                }));
                tg.createTask(() -> {
                    Async.await(Async.sleep(Duration.ofMillis(1)));
                    throw boom;
                });
                Async.await(Async.sleep(LONG)); // interrupted by the group's failure
                trace.add("body went on");
            } catch (TaskGroupException e) {
                trace.add("body caught");
                return e;
            }
            return null;
        });
        assertThat(thrown).isInstanceOf(TaskGroupException.class).hasCauseReference(boom);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
        assertThat(trace).containsExactly("sibling unwound", "body caught");
        assertThat(sibling.get().isCancelled()).isTrue();
    }

    @Test
    void everyFailureIsListed() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second, while being cancelled");
        Throwable thrown = Async.run(() -> {
            try (TaskGroup tg = TaskGroup.open()) {
                tg.createTask(() -> {
                    try {
                        return Async.await(Async.sleep(LONG));
                    } finally {
                        throw second; // fails while unwinding from the group's cancellation
                    }
                });
                tg.createTask(() -> {
                    Async.await(Async.sleep(Duration.ofMillis(1)));
                    throw first;
                });
            } catch (TaskGroupException e) {
                return e;
            }
            return null;
        });
        assertThat(thrown).isInstanceOf(TaskGroupException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(first, second);
        assertThat(thrown.getMessage()).contains("2 tasks");
    }

    @Test
    void closeThrowsWhenTheBodyWasNotAwaiting() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = Async.run(() -> {
            try {
                try (TaskGroup tg = TaskGroup.open()) {
                    tg.createTask(() -> {
                        throw boom;
                    });
                }
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(thrown).isInstanceOf(TaskGroupException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
    }

    @Test
    void theBodysOwnExceptionPropagatesAfterChildrenFinish() {
        // Documented: close() cannot see the try block's exception, so it waits for the children as usual.
        IllegalStateException bodyFailure = new IllegalStateException("body");
        AtomicReference<Task<String>> child = new AtomicReference<>();
        Throwable thrown = Async.run(() -> {
            try (TaskGroup tg = TaskGroup.open()) {
                child.set(tg.createTask(() -> Async.await(Async.sleep(Duration.ofMillis(5), "child done"))));
                throw bodyFailure;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(thrown).isSameAs(bodyFailure);
        assertThat(child.get().result()).isEqualTo("child done");
    }

    @Test
    void cancellingTheParentCancelsTheChildren() {
        Async.run(() -> {
            List<Task<Object>> children = new ArrayList<>();
            AtomicBoolean bodyAfterClose = new AtomicBoolean();
            Task<Object> parent = Async.createTask(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    children.add(tg.createTask(() -> Async.await(Async.sleep(LONG))));
                    children.add(tg.createTask(() -> Async.await(Async.sleep(LONG))));
                }
                bodyAfterClose.set(true);
                return null;
            });
            yieldOnce();
            yieldOnce();
            parent.cancel();
            Async.await(Async.gatherSettled(parent));
            assertThat(parent.isCancelled()).isTrue();
            assertThat(children).hasSize(2).allMatch(Task::isCancelled);
            assertThat(bodyAfterClose).isFalse();
            return null;
        });
    }

    @Test
    void cancellingTheParentInterruptsABlockingChild() throws Exception {
        CountDownLatch childStarted = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Task<Object>> child = new AtomicReference<>();
        Async.run(() -> {
            Task<Object> parent = Async.createTask(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    // holds the loop: nothing else of this loop runs
                    child.set(tg.createTask(Interruptible.sleepUntilInterrupted(childStarted, () -> interrupted.set(true))));
                }
                return null;
            });
            // the child holds the loop, so the cancel comes from a plain thread (Task.cancel is thread-safe)
            Thread canceller = Interruptible.cancelWhen(childStarted, parent::cancel);
            Async.await(Async.gatherSettled(parent));
            canceller.join();
            assertThat(parent.isCancelled()).isTrue();
            return null;
        });
        assertThat(interrupted).isTrue();
        assertThat(child.get().isCancelled()).isTrue();
    }

    @Test
    void createTaskAfterCloseIsRejected() {
        Async.run(() -> {
            TaskGroup tg = TaskGroup.open();
            tg.createTask(() -> 1);
            tg.close();
            assertThatThrownBy(() -> tg.createTask(() -> 2)).isInstanceOf(IllegalStateException.class);
            tg.close(); // idempotent
            return null;
        });
    }

    @Test
    void createTaskAfterAFailureIsRejected() {
        Async.run(() -> {
            Throwable rejected = null;
            try (TaskGroup tg = TaskGroup.open()) {
                tg.createTask(() -> {
                    throw new IllegalStateException("boom");
                });
                try {
                    Async.await(Async.sleep(LONG));
                } catch (TaskGroupException e) {
                    try {
                        tg.createTask(() -> 2);
                    } catch (IllegalStateException expected) {
                        rejected = expected;
                    }
                }
            } catch (TaskGroupException ignored) {
                // close() rethrows only if the failure was not already delivered
            }
            assertThat(rejected).isNotNull();
            return null;
        });
    }

    @Test
    void openOutsideATaskIsRejected() {
        assertThatThrownBy(TaskGroup::open).isInstanceOf(IllegalStateException.class);
        EventLoop loop = EventLoop.newEventLoop();
        try {
            CompletableFuture<Throwable> fromCallback = new CompletableFuture<>();
            loop.callSoon(() -> {
                try {
                    TaskGroup.open();
                    fromCallback.complete(null);
                } catch (Throwable t) {
                    fromCallback.complete(t);
                }
            });
            loop.runUntilComplete(fromCallback);
            assertThat(fromCallback.join()).isInstanceOf(IllegalStateException.class);
        } finally {
            loop.close();
        }
    }

    @Test
    void nestedGroups() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        Async.run(() -> {
            try (TaskGroup outer = TaskGroup.open()) {
                outer.createTask(() -> {
                    try (TaskGroup inner = TaskGroup.open()) {
                        inner.createTask(() -> {
                            Async.await(Async.sleep(Duration.ofMillis(2)));
                            done.add("inner child");
                            return null;
                        });
                    }
                    done.add("outer child");
                    return null;
                });
            }
            done.add("main");
            return null;
        });
        assertThat(done).containsExactly("inner child", "outer child", "main");
    }

    @Test
    void childFailuresAreNotReportedAsUnretrieved() {
        List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
        Async.run(() -> {
            Async.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            try (TaskGroup tg = TaskGroup.open()) {
                tg.createTask(() -> {
                    throw new IllegalStateException("carried by the group");
                });
            } catch (TaskGroupException expected) {
                // the group carries it
            }
            return null;
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void cancellationOfTheOwnerSurfacesAsCancellationNotTaskGroupException() {
        Async.run(() -> {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Task<Object> owner = Async.createTask(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    tg.createTask(() -> Async.await(Async.sleep(LONG)));
                    Async.await(Async.sleep(LONG));
                } catch (Throwable t) {
                    seen.set(t);
                    throw t;
                }
                return null;
            });
            yieldOnce();
            owner.cancel();
            Async.await(Async.gatherSettled(owner));
            assertThat(seen.get()).isInstanceOf(CancellationException.class);
            assertThat(owner.isCancelled()).isTrue();
            return null;
        });
    }
}
