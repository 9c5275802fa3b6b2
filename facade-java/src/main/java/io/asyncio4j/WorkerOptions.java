package io.asyncio4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link WorkerPool} beyond its size: Python's {@code initializer} and
 * {@code maxtasksperchild}, and for worker processes their JVM options and the classes their answers
 * may hold ({@link #allowClasses}). Immutable; each method returns a copy.
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
    private static final WorkerOptions DEFAULTS = new WorkerOptions(null, 0, List.of(), List.of());

    private final @Nullable Runnable initializer;
    private final int maxTasksPerChild;
    private final List<String> jvmOptions;
    private final List<String> allowClasses;

    private WorkerOptions(@Nullable Runnable initializer, int maxTasksPerChild, List<String> jvmOptions, List<String> allowClasses) {
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.jvmOptions = jvmOptions;
        this.allowClasses = allowClasses;
    }

    /**
     * No initializer, workers never replaced, no extra JVM options, no classes let in beyond the defaults.
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
        return new WorkerOptions(initializer, maxTasksPerChild, jvmOptions, allowClasses);
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
        return new WorkerOptions(initializer, maxTasksPerChild, jvmOptions, allowClasses);
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
        return new WorkerOptions(initializer, maxTasksPerChild, Collections.unmodifiableList(list), allowClasses);
    }

    /**
     * Classes that a process pool lets in from its worker processes beyond the defaults. A pool reads
     * what a worker sends back — results and exceptions — with an {@link java.io.ObjectInputFilter}
     * that refuses every class it was not told about, before any code of that class runs (its
     * {@code readObject}, constructor or static initializer): deserializing arbitrary classes is how
     * "gadget" attacks run code. By default it lets in
     * <ul>
     * <li>the JDK's value types: boxed primitives, {@code String}, {@code BigInteger}/{@code BigDecimal},
     *     {@code java.time} values, {@code UUID}, {@code URI}, the {@code java.util} and
     *     {@code java.util.concurrent} collections and maps (also the immutable and unmodifiable ones),
     *     arrays of these and of primitives, and the exceptions and enums of {@code java.base};</li>
     * <li>asyncio4j's own types ({@link ProcessQueue}, {@link SharedDict}, ... and its exceptions);</li>
     * <li>every class the job itself carried to the worker (what its lambda captured, say);</li>
     * <li>every class of the job's own package: for a lambda, the package of the class that wrote it.</li>
     * </ul>
     * So a job returning a record of its own package, or a list of strings, works as is; one returning
     * a class of another package is refused with an {@link java.io.InvalidClassException} naming the
     * class and this method. The worker reads a job under the same list: only what the pool says it sent.
     *
     * <p>Each pattern is a class name ({@code com.example.model.Point}), a package
     * ({@code com.example.model.*}), a package and its subpackages ({@code com.example.**}), a name prefix
     * ({@code com.example.model.P*}), or {@code *}, which lets in every class: only for workers and jobs
     * you trust as much as this JVM. The JVM-wide filter ({@code jdk.serialFilter}) applies as well.
     *
     * {@snippet class=io.asyncio4j.Snippets region=allowClasses}
     *
     * @param patterns class names or patterns, added to the defaults
     * @return a copy with these patterns (replacing those given before)
     * @throws IllegalArgumentException if a pattern is none of the forms above
     */
    public WorkerOptions allowClasses(String... patterns) {
        Checks.notNull(patterns, "patterns");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++) {
            list.add(Checks.classPattern(patterns[i], "patterns[" + i + "]"));
        }
        return new WorkerOptions(initializer, maxTasksPerChild, jvmOptions, Collections.unmodifiableList(list));
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

    List<String> allowClassesValue() {
        return allowClasses;
    }
}
