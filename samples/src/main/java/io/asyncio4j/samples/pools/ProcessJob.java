package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerCallable;

/**
 * Python's {@code Process} subclass as a job: a {@link java.io.Serializable} object whose fields
 * travel to a worker JVM and whose {@link #run()} runs there when it is submitted to
 * {@code WorkerPool.processes(n)}. See {@link MyProcess}.
 */
abstract class ProcessJob implements WorkerCallable<Void> {
    private static final long serialVersionUID = 1L;

    /** The child's work, as {@code Process.run}. */
    abstract void run();

    @Override
    public final Void call() {
        run();
        return null;
    }
}
