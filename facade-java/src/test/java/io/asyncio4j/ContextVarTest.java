package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ContextVar}: Python's contextvars semantics across tasks, callbacks, threads and loops. */
@Timeout(10)
class ContextVarTest {
    @Test
    void getDefaultFallbackAndMissing() {
        ContextVar<String> noDefault = ContextVar.of("noDefault");
        ContextVar<String> withDefault = ContextVar.of("withDefault", "d");
        assertThatThrownBy(noDefault::get).isInstanceOf(NoSuchElementException.class).hasMessageContaining("noDefault");
        assertThat(noDefault.get("fb")).isEqualTo("fb");
        assertThat(withDefault.get()).isEqualTo("d");
        assertThat(withDefault.get("fb")).isEqualTo("fb"); // Python: the argument wins over the default
        ContextVar.Token<String> t = withDefault.set("v");
        assertThat(t.hadOldValue()).isFalse();
        assertThat(withDefault.get()).isEqualTo("v");
        ContextVar.Token<String> t2 = withDefault.set("w");
        assertThat(t2.hadOldValue()).isTrue();
        assertThat(t2.oldValue()).isEqualTo("v");
        assertThat(t2.var()).isSameAs(withDefault);
        withDefault.reset(t2);
        assertThat(withDefault.get()).isEqualTo("v");
        withDefault.reset(t);
        assertThat(withDefault.get()).isEqualTo("d");
        assertThatThrownBy(() -> ContextVar.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> withDefault.reset(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("token");
    }

    @Test
    void taskInheritsItsCreatorsContextAndItsSetsStayInside() {
        ContextVar<String> v = ContextVar.of("v");
        List<String> seen = Async.run(() -> {
            v.set("parent");
            Task<String> child = Async.createTask(() -> {
                String inherited = v.get();
                v.set("child");
                Async.await(Async.sleep(Duration.ZERO)); // the parent runs meanwhile; the child keeps its value
                return inherited + "/" + v.get();
            });
            v.set("parent-later"); // after the child was created: the child's copy does not change
            String fromChild = Async.await(child);
            return List.of(fromChild, v.get());
        });
        assertThat(seen).containsExactly("parent/child", "parent-later");
    }

    @Test
    void siblingsAreIsolatedWhileTheyInterleave() {
        ContextVar<Integer> id = ContextVar.of("id", -1);
        Steps steps = new Steps();
        List<String> out = new CopyOnWriteArrayList<>();
        Async.run(() -> {
            AsyncEvent aSet = new AsyncEvent();
            AsyncEvent bSet = new AsyncEvent();
            Task<Void> a = Async.createTask(() -> {
                steps.expect(1);
                id.set(1);
                aSet.set();
                Async.await(bSet.await());
                steps.expect(3);
                out.add("a=" + id.get());
                return null;
            });
            Task<Void> b = Async.createTask(() -> {
                Async.await(aSet.await());
                steps.expect(2);
                out.add("b before set=" + id.get()); // a's set is not visible here
                id.set(2);
                bSet.set();
                Async.await(Async.sleep(Duration.ZERO));
                out.add("b=" + id.get());
                return null;
            });
            Async.await(Async.gather(a, b));
            out.add("main=" + id.get());
        });
        steps.finish(4);
        assertThat(out).containsExactlyInAnyOrder("b before set=-1", "a=1", "b=2", "main=-1");
    }

    @Test
    void resetWithATokenFromAnotherContextFails() {
        ContextVar<String> v = ContextVar.of("v");
        ContextVar<String> other = ContextVar.of("other");
        Async.run(() -> {
            ContextVar.Token<String> childToken = Async.await(Async.createTask(() -> v.set("child")));
            assertThatThrownBy(() -> v.reset(childToken))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different Context");
            ContextVar.Token<String> mine = v.set("main");
            @SuppressWarnings({"unchecked", "rawtypes"})
            ContextVar.Token<String> foreign = (ContextVar.Token) other.set("x");
            assertThatThrownBy(() -> v.reset(foreign))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different ContextVar");
            v.reset(mine);
            assertThatThrownBy(() -> v.reset(mine))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already been used");
            assertThatThrownBy(v::get).isInstanceOf(NoSuchElementException.class); // the failed resets changed nothing
        });
    }

    @Test
    void toThreadRunsInACopyOfTheCallersContext() {
        ContextVar<String> v = ContextVar.of("v", "none");
        List<String> seen = Async.run(() -> {
            v.set("caller");
            String inWorker = Async.await(Async.toThread(() -> {
                String before = v.get();
                v.set("worker"); // stays in the worker's copy
                return before + "@" + (Thread.currentThread().getName());
            }));
            return List.of(inWorker.substring(0, inWorker.indexOf('@')), v.get());
        });
        assertThat(seen).containsExactly("caller", "caller");
    }

    @Test
    void runCoroutineThreadsafeCarriesTheSubmittingThreadsContext() throws Exception {
        ContextVar<String> v = ContextVar.of("v", "none");
        try (EventLoop loop = EventLoop.startInThread("ctx-loop")) {
            ContextVar.Token<String> t = v.set("submitter");
            try {
                CompletableFuture<String> f = Async.runCoroutineThreadsafe(() -> {
                    String before = v.get();
                    v.set("task");
                    return before;
                }, loop);
                assertThat(f.get()).isEqualTo("submitter");
                assertThat(v.get()).isEqualTo("submitter");
                // a callback from this thread runs in a copy of this thread's context too
                CompletableFuture<String> viaCallback = new CompletableFuture<>();
                loop.callSoonThreadsafe(() -> viaCallback.complete(v.get()));
                assertThat(viaCallback.get()).isEqualTo("submitter");
            } finally {
                v.reset(t);
            }
            assertThat(v.get()).isEqualTo("none");
        }
    }

    @Test
    void callbacksRunInTheContextTheyWereScheduledFrom() {
        ContextVar<String> v = ContextVar.of("v", "none");
        List<String> out = new CopyOnWriteArrayList<>();
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            v.set("scheduler");
            CompletableFuture<Void> soon = new CompletableFuture<>();
            CompletableFuture<Void> later = new CompletableFuture<>();
            loop.callSoon(() -> {
                out.add("soon=" + v.get());
                v.set("changed-in-callback"); // only the callback's copy
                soon.complete(null);
            });
            loop.callLater(Duration.ofMillis(1), () -> {
                out.add("later=" + v.get());
                later.complete(null);
            });
            v.set("scheduler-after"); // callbacks took their copy when scheduled
            Async.await(Async.gather(soon, later));
            out.add("task=" + v.get());

            Task<Void> t = Async.createTask(() -> null);
            CompletableFuture<Void> done = new CompletableFuture<>();
            v.set("adder");
            t.addDoneCallback(task -> {
                out.add("done=" + v.get());
                done.complete(null);
            });
            Async.await(done);
        });
        assertThat(out).containsExactly("soon=scheduler", "later=scheduler", "task=scheduler-after", "done=adder");
    }

    @Test
    void noContextLeaksOutOfALoopIntoTheCallingThread() {
        ContextVar<String> v = ContextVar.of("v", "none");
        AtomicReference<String> inside = new AtomicReference<>();
        ContextVar.Token<String> t = v.set("outer");
        try {
            Async.run(() -> {
                inside.set(v.get());
                v.set("inner");
                return null;
            });
            assertThat(inside.get()).isEqualTo("outer"); // main copies the calling thread's context
            assertThat(v.get()).isEqualTo("outer");      // and its sets stay inside
        } finally {
            v.reset(t);
        }
    }
}
