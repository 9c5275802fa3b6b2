package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input (DESIGN "Errors", API "Details that programs rely on"): every public method of
 * {@link Async}, {@link Task}, {@link TaskGroup} and {@link EventLoop}, found by reflection, rejects a
 * null for each parameter not marked {@code @Nullable} with a {@link NullPointerException} naming
 * that parameter; negative durations are {@link IllegalArgumentException}s naming the parameter and
 * the rule; and a rejected call changes nothing: no callback given alongside runs, no task is added.
 * Methods a JDK interface specifies ({@code CompletionStage}, {@code Future}) keep the JDK's contract.
 */
@Timeout(20)
class ArgumentChecksTest {
    private static final List<Class<?>> API = List.of(Async.class, Task.class, TaskGroup.class, EventLoop.class);

    /** Parameter names API.md uses, for the methods it names them in. */
    private static final Map<String, List<String>> API_MD_NAMES = Map.ofEntries(
            Map.entry("Async.run", List.of("main")),
            Map.entry("Async.await", List.of("x")),
            Map.entry("Async.createTask", List.of("name", "body")),
            Map.entry("Async.ensureFuture", List.of("stage")),
            Map.entry("Async.gather", List.of("aws")),
            Map.entry("Async.gatherSettled", List.of("aws")),
            Map.entry("Async.wait", List.of("aws", "when", "timeout")),
            Map.entry("Async.asCompleted", List.of("aws", "timeout")),
            Map.entry("Async.waitFor", List.of("aw", "timeout")),
            Map.entry("Async.timeout", List.of("delay", "body")),
            Map.entry("Async.shield", List.of("aw")),
            Map.entry("Async.toThread", List.of("fn")),
            Map.entry("Async.runCoroutineThreadsafe", List.of("body", "loop")),
            Map.entry("Async.firstSuccessful", List.of("aws")),
            Map.entry("Async.taskGroup", List.of("body")),
            Map.entry("TaskGroup.createTask", List.of("name", "body")),
            Map.entry("EventLoop.createTask", List.of("name", "body")),
            Map.entry("EventLoop.startInThread", List.of("threadName")));

    /** Counts calls of every callback handed to the API as a valid argument: a rejected call must not run one. */
    private final AtomicInteger sideEffects = new AtomicInteger();

    private Object sample(Class<?> type, EventLoop loop) {
        if (type == Duration.class) {
            return Duration.ofMillis(1);
        } else if (type == AsyncCallable.class) {
            return (AsyncCallable<Object>) () -> sideEffects.incrementAndGet();
        } else if (type == AsyncRunnable.class) {
            return (AsyncRunnable) sideEffects::incrementAndGet;
        } else if (type == Callable.class) {
            return (Callable<Object>) sideEffects::incrementAndGet;
        } else if (type == Runnable.class) {
            return (Runnable) sideEffects::incrementAndGet;
        } else if (type == Consumer.class) {
            return (Consumer<Object>) x -> sideEffects.incrementAndGet();
        } else if (type == BiConsumer.class) {
            return (BiConsumer<Object, Object>) (x, y) -> sideEffects.incrementAndGet();
        } else if (type == Function.class) {
            return (Function<Object, Object>) x -> {
                sideEffects.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            };
        } else if (type == Supplier.class) {
            return (Supplier<Object>) () -> {
                sideEffects.incrementAndGet();
                return new CompletableFuture<>();
            };
        } else if (type == CompletionStage.class || type == CompletableFuture.class) {
            return new CompletableFuture<>();
        } else if (type == CompletionStage[].class) {
            return new CompletionStage<?>[] {new CompletableFuture<>()};
        } else if (type == Collection.class) {
            return List.of(new CompletableFuture<>());
        } else if (type == ReturnWhen.class) {
            return ReturnWhen.ALL_COMPLETED;
        } else if (type == EventLoop.class) {
            return loop;
        } else if (type == String.class) {
            return "a-name";
        } else if (type == TimeUnit.class) {
            return TimeUnit.MILLISECONDS;
        } else if (type == boolean.class) {
            return false;
        } else if (type == long.class) {
            return 1L;
        } else if (type == int.class) {
            return 1;
        } else if (type == Object.class) {
            return "a value";
        }
        throw new AssertionError("no sample for " + type + ": teach ArgumentChecksTest.sample about it");
    }

    private static boolean specifiedByAJdkInterface(Method m) {
        for (Class<?> jdk : List.of(CompletionStage.class, Future.class, Object.class, AutoCloseable.class)) {
            try {
                jdk.getMethod(m.getName(), m.getParameterTypes());
                return true;
            } catch (NoSuchMethodException ignored) {
                // ours
            }
        }
        return false;
    }

    private static List<Method> publicMethods(Class<?> c) {
        List<Method> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && !specifiedByAJdkInterface(m)) {
                out.add(m);
            }
        }
        out.sort((a, b) -> a.toGenericString().compareTo(b.toGenericString()));
        return out;
    }

    private static boolean nullable(Method m, int i) {
        return m.getAnnotatedParameterTypes()[i].isAnnotationPresent(Nullable.class);
    }

    private Throwable invoke(Method m, Object receiver, Object[] args) {
        try {
            m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyNonNullableParameterIsCheckedAndNamedAndTheRejectedCallChangesNothing() {
        EventLoop idle = EventLoop.newEventLoop();
        List<String> problems = new ArrayList<>();
        AtomicInteger checked = new AtomicInteger();
        try {
            Async.run(() -> {
                CompletableFuture<Void> gate = new CompletableFuture<>();
                Task<Object> task = Async.createTask(() -> Async.await(gate));
                TaskGroup group = TaskGroup.open();
                Set<Task<?>> tasksBefore = Async.allTasks();
                int effectsBefore = sideEffects.get();
                Map<Class<?>, Object> receivers = Map.of(Task.class, task, TaskGroup.class, group, EventLoop.class, idle);
                for (Class<?> c : API) {
                    for (Method m : publicMethods(c)) {
                        Parameter[] ps = m.getParameters();
                        for (int i = 0; i < ps.length; i++) {
                            if (ps[i].getType().isPrimitive() || nullable(m, i)) {
                                continue;
                            }
                            assertThat(ps[i].isNamePresent()).as("compiled with -parameters").isTrue();
                            Object[] args = new Object[ps.length];
                            for (int j = 0; j < ps.length; j++) {
                                args[j] = j == i ? null : sample(ps[j].getType(), idle);
                            }
                            Throwable t = invoke(m, receivers.get(c), args);
                            String where = c.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes()) + " with null " + ps[i].getName();
                            checked.incrementAndGet();
                            if (!(t instanceof NullPointerException)) {
                                problems.add(where + ": expected NullPointerException, got " + t);
                            } else if (t.getMessage() == null || !t.getMessage().startsWith(ps[i].getName() + " ")) {
                                problems.add(where + ": message does not name the parameter: " + t.getMessage());
                            }
                        }
                    }
                }
                Async.await(Async.sleep(Duration.ofMillis(5))); // let anything wrongly scheduled run
                assertThat(sideEffects.get()).as("callbacks run by rejected calls").isEqualTo(effectsBefore);
                assertThat(Async.allTasks()).as("tasks added by rejected calls").isEqualTo(tasksBefore);
                gate.complete(null);
                group.close();
                return null;
            });
            assertThat(idle.runUntilComplete(Async.sleep(Duration.ofMillis(5)))).isNull();
            assertThat(sideEffects).as("nothing was left scheduled on the idle loop").hasValue(0);
        } finally {
            idle.close();
        }
        assertThat(problems).isEmpty();
        assertThat(checked.get()).isGreaterThan(40);
    }

    @Test
    void parameterNamesAreTheOnesApiMdUses() {
        for (Map.Entry<String, List<String>> e : API_MD_NAMES.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Class<?> c = API.stream().filter(k -> k.getSimpleName().equals(parts[0])).findFirst().orElseThrow();
            List<Method> overloads = publicMethods(c).stream().filter(m -> m.getName().equals(parts[1])).toList();
            assertThat(overloads).as(e.getKey()).isNotEmpty();
            for (Method m : overloads) {
                for (Parameter p : m.getParameters()) {
                    if (!p.getType().isPrimitive() && p.getType() != Object.class) {
                        assertThat(e.getValue()).as("%s parameter of %s", p.getName(), m).contains(p.getName());
                    }
                }
            }
        }
    }

    @Test
    void nullElementsOfCollectionsAreRejectedNamingTheParameter() {
        List<CompletionStage<Object>> withNull = Arrays.asList(new CompletableFuture<>(), null);
        CompletableFuture<Object> first = (CompletableFuture<Object>) withNull.get(0);
        assertThatThrownBy(() -> Async.gather(withNull)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("aws ");
        assertThatThrownBy(() -> Async.gather(new CompletableFuture<>(), null)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("aws ");
        assertThatThrownBy(() -> Async.gatherSettled(withNull)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("aws ");
        assertThatThrownBy(() -> Async.asCompleted(withNull)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("aws ");
        assertThatThrownBy(() -> Async.firstSuccessful(withNull)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("aws ");
        List<CompletableFuture<Object>> fs = Arrays.asList(first, null);
        assertThatThrownBy(() -> Async.wait(fs)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("aws ");
        // nothing was attached to the valid element: cancelling it is not observed by anyone
        assertThat(first.getNumberOfDependents()).isZero();
    }

    @Test
    void negativeDurationsAreRejectedNamingTheParameterAndChangeNothing() {
        Duration negative = Duration.ofMillis(-1);
        CompletableFuture<Object> f = new CompletableFuture<>();
        assertThatThrownBy(() -> Async.sleep(negative)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay must be >= 0");
        assertThatThrownBy(() -> Async.sleep(negative, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> Async.timeout(negative, () -> sideEffects.incrementAndGet()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay must be >= 0");
        assertThatThrownBy(() -> Async.waitFor(f, negative)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be >= 0");
        assertThatThrownBy(() -> Async.wait(List.of(f), ReturnWhen.ALL_COMPLETED, negative))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be >= 0");
        assertThatThrownBy(() -> Async.asCompleted(List.of(f), negative))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be >= 0");
        assertThat(f.getNumberOfDependents()).as("nothing attached to the input").isZero();
        assertThat(f.isDone()).isFalse();
        try (EventLoop loop = EventLoop.newEventLoop()) {
            assertThatThrownBy(() -> loop.callLater(negative, sideEffects::incrementAndGet))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay must be >= 0");
            assertThatThrownBy(() -> loop.setSlowCallbackDuration(negative))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold must be >= 0");
            loop.runUntilComplete(Async.sleep(Duration.ofMillis(2)));
        }
        assertThat(sideEffects).hasValue(0);
    }

    @Test
    void emptyCollectionsWhereAnInputIsRequired() {
        assertThatThrownBy(() -> Async.wait(List.<CompletableFuture<Object>>of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws");
        assertThatThrownBy(() -> Async.firstSuccessful(List.<CompletableFuture<Object>>of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws");
    }

    @Test
    void aClosedLoopRejectsWithIllegalStateExceptionAndRunsNothing() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.close();
        for (Method m : publicMethods(EventLoop.class)) {
            if (Modifier.isStatic(m.getModifiers()) || Set.of("close", "stop", "isRunning", "isClosed", "name", "time",
                    "setExceptionHandler", "getExceptionHandler", "setDebug", "isDebug", "setSlowCallbackDuration", "dumpTasks", "allTasks").contains(m.getName())) {
                continue;
            }
            Object[] args = Arrays.stream(m.getParameterTypes()).map(t -> sample(t, loop)).toArray();
            Throwable t = invoke(m, loop, args);
            assertThat(t).as("%s on a closed loop", m).isInstanceOf(IllegalStateException.class);
            assertThat(t.getMessage()).as("%s", m).contains("closed");
        }
        assertThat(sideEffects).hasValue(0);
    }
}
