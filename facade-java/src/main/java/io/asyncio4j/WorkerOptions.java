package io.asyncio4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link WorkerPool} beyond its size: Python's {@code initializer} and
 * {@code maxtasksperchild}, and the JVM options of worker processes. Immutable; each method returns a
 * copy.
 *
 * {@snippet :
 * WorkerOptions options = WorkerOptions.defaults()
 *         .initializer((Runnable & Serializable) () -> System.out.println("worker up"))
 *         .maxTasksPerChild(100)
 *         .jvmOptions("-Xmx256m");
 * try (WorkerPool pool = WorkerPool.processes(2, options)) {
 *     // ...
 * }
 * }
 */
public final class WorkerOptions {
    private static final WorkerOptions DEFAULTS = new WorkerOptions(null, 0, List.of());

    private final @Nullable Runnable initializer;
    private final int maxTasksPerChild;
    private final List<String> jvmOptions;

    private WorkerOptions(@Nullable Runnable initializer, int maxTasksPerChild, List<String> jvmOptions) {
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.jvmOptions = jvmOptions;
    }

    /**
     * No initializer, workers never replaced, no extra JVM options.
     *
     * @return the default options
     */
    public static WorkerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Code each worker runs once before its first job (on its thread, or in its process). For a
     * process pool it must be {@link java.io.Serializable}, e.g. {@code (Runnable & Serializable) () -> ...};
     * if it fails, every job given to that worker fails with {@link BrokenWorkerException}.
     *
     * @param initializer the code to run
     * @return a copy with the initializer set
     */
    public WorkerOptions initializer(Runnable initializer) {
        Checks.notNull(initializer, "initializer");
        return new WorkerOptions(initializer, maxTasksPerChild, jvmOptions);
    }

    /**
     * After this many jobs a worker is replaced by a fresh one (a new thread, or a new process); 0,
     * the default, keeps workers for the pool's life.
     *
     * @param maxTasksPerChild jobs per worker, or 0 for no limit
     * @return a copy with the limit set
     */
    public WorkerOptions maxTasksPerChild(int maxTasksPerChild) {
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild must be >= 0, was " + maxTasksPerChild);
        }
        return new WorkerOptions(initializer, maxTasksPerChild, jvmOptions);
    }

    /**
     * JVM options for worker processes, after the defaults ({@code -XX:+UseSerialGC -Xshare:auto
     * -XX:+ExitOnOutOfMemoryError}); ignored by thread pools.
     *
     * @param options such as {@code -Xmx256m}
     * @return a copy with these options
     */
    public WorkerOptions jvmOptions(String... options) {
        Checks.notNull(options, "options");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            list.add(Checks.notNull(options[i], "options[" + i + "]"));
        }
        return new WorkerOptions(initializer, maxTasksPerChild, Collections.unmodifiableList(list));
    }

    @Nullable Runnable initializer() {
        return initializer;
    }

    int maxTasksPerChildValue() {
        return maxTasksPerChild;
    }

    List<String> jvmOptionsValue() {
        return jvmOptions;
    }
}
