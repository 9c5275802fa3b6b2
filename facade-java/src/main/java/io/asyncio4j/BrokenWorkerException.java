package io.asyncio4j;

/**
 * A job's worker died under it: {@code concurrent.futures}' {@code BrokenProcessPool}, but for one
 * job only. The worker process crashed, was killed, ran out of memory, or could not start (then
 * {@link #exitCode()} is -1 and the cause says why). The pool replaces the worker and stays usable;
 * Python's breaks for good.
 *
 * {@snippet :
 * try (WorkerPool pool = WorkerPool.processes(2)) {
 *     try {
 *         Async.await(pool.submit(() -> { Runtime.getRuntime().halt(42); return 0; }));
 *     } catch (BrokenWorkerException e) {
 *         System.out.println(e.exitCode());   // 42; later jobs run on a fresh worker
 *     }
 * }
 * }
 */
public class BrokenWorkerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param message which worker died, and how
     * @param exitCode the worker process's exit code, or -1 if it has none
     * @param cause why the worker could not run the job, if known
     */
    public BrokenWorkerException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * The dead worker process's exit code (137 for SIGKILL, 3 for an {@code OutOfMemoryError}), or -1
     * when there is none (the worker could not start, or its initializer failed).
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }
}
