package io.asyncio4j;

import io.asyncio4j.engine.WorkerErrors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code concurrent.futures} executors and {@code multiprocessing.Pool} in one type: a fixed
 * number of workers — platform threads, virtual threads, or child JVMs — that take jobs from one FIFO
 * queue. {@code try (var pool = ...)} waits for the submitted jobs at the end of the block, as
 * Python's {@code with} does.
 *
 * <p><b>Results.</b> Every method that returns a future may be awaited from a task
 * ({@link Async#await}: the task suspends) and from a plain thread ({@code get}/{@code join}, or
 * {@code Async.await}, which blocks). Submitted from a task, a job's future completes on that task's
 * loop, so continuations run there; submitted from a plain thread, it completes on the worker's
 * thread, as Python's futures do. The blocking methods ({@link #map}, {@link #apply}, iterating
 * {@link #imap}) wait the same way.
 *
 * <p><b>Cancellation.</b> Cancelling the future of a queued job removes it (it never runs);
 * cancelling a running thread job interrupts its thread; cancelling a running process job kills that
 * worker process and starts a new one.
 *
 * <p><b>Processes.</b> {@link #processes} starts child JVMs with this JVM's {@code java}; jobs and
 * results travel as Java-serialized objects over a channel of their own (a Unix-domain socket in a
 * directory only this user can enter), so a job must be {@link java.io.Serializable} — the
 * {@link WorkerCallable}/{@link WorkerFunction} parameter types make lambdas so — and a job that cannot
 * be serialized is refused at {@code submit} with an {@link IllegalArgumentException}. A worker's
 * stdin is empty (a job that reads {@code System.in} sees its end) and what it writes to stdout and
 * stderr — through {@code System.out}, {@code FileDescriptor.out}, or a process it starts with
 * {@code inheritIO()} — appears on this JVM's {@code System.out}/{@code System.err}, as a Python pool
 * worker's {@code print} does; what a job prints through {@code System.out}/{@code System.err} appears
 * before its result is delivered. A child that crashes, is killed, runs out of memory or cannot start
 * fails its job with {@link BrokenWorkerException} naming the exit code and the child's last words on
 * stderr, and is replaced; the pool stays usable. Children exit when the pool closes and when this JVM
 * dies, even by SIGKILL (they see their channel end and also watch this process).
 *
 * <p><b>Classes.</b> Children get this JVM's class path, and for an application on the module path
 * its module path as a module path (with the same modules resolved and the same
 * {@code --add-opens}/{@code --add-exports}); a job whose classes came from another class loader (a
 * plugin's, a test launcher's) brings the files they were loaded from, and a job holding a class that
 * came from no file is refused at {@code submit}, naming it. A job that cannot be read in the child
 * fails with the child's reason (a missing class, say).
 *
 * <p><b>What comes back.</b> The pool reads results and exceptions under an
 * {@link java.io.ObjectInputFilter}: the JDK's value types and exceptions, asyncio4j's own types, the
 * classes the job carried and the classes of the job's package are let in, and whatever
 * {@link WorkerOptions#allowClasses} adds; anything else is refused before any of its code runs
 * (an {@link java.io.InvalidClassException} naming the class). Each job costs a round trip on the
 * channel and the serialization of its arguments and result: use {@code chunksize} for many small items.
 *
 * {@snippet :
 * try (WorkerPool pool = WorkerPool.processes(3)) {
 *     List<Long> numbers = List.of(112272535095293L, 115280095190773L, 1099726899285419L);
 *     List<Boolean> primes = pool.map(Primes::isPrime, numbers);    // in the items' order
 *     CompletableFuture<Boolean> one = pool.submit(() -> Primes.isPrime(115797848077099L));
 *     System.out.println(primes + " " + Async.await(one));
 * }
 * }
 */
public final class WorkerPool implements AutoCloseable, Executor {
    private static final WorkerErrors BROKEN = BrokenWorkerException::new;

    final io.asyncio4j.engine.WorkerPool core;

    private WorkerPool(io.asyncio4j.engine.WorkerPool core) {
        this.core = core;
    }

    /**
     * {@code ThreadPoolExecutor(n)}: {@code n} platform threads.
     *
     * @param n the number of threads, at least 1
     * @return the pool
     */
    public static WorkerPool threads(int n) {
        return threads(n, WorkerOptions.defaults());
    }

    /**
     * {@code n} platform threads with an initializer or a task limit per thread.
     *
     * @param n the number of threads, at least 1
     * @param options initializer and {@code maxTasksPerChild}
     * @return the pool
     */
    public static WorkerPool threads(int n, WorkerOptions options) {
        return create(n, options, false);
    }

    /**
     * At most {@code n} jobs at once, each worker a virtual thread on JDK 21+ (cheap to block in
     * I/O); on JDK 17 the workers are platform threads.
     *
     * @param n how many jobs may run at once, at least 1
     * @return the pool
     */
    public static WorkerPool virtualThreads(int n) {
        return virtualThreads(n, WorkerOptions.defaults());
    }

    /**
     * As {@link #virtualThreads(int)}, with options.
     *
     * @param n how many jobs may run at once, at least 1
     * @param options initializer and {@code maxTasksPerChild}
     * @return the pool
     */
    public static WorkerPool virtualThreads(int n, WorkerOptions options) {
        return create(n, options, true);
    }

    private static WorkerPool create(int n, WorkerOptions options, boolean virtual) {
        Checks.notNull(options, "options");
        checkSize(n);
        return new WorkerPool(io.asyncio4j.engine.WorkerPool.Factory.threads(
                n, virtual, options.initializer(), options.maxTasksPerChildValue(), BROKEN));
    }

    /**
     * {@code ProcessPoolExecutor(n)} / {@code multiprocessing.Pool(n)}: {@code n} child JVMs.
     *
     * @param n the number of worker processes, at least 1
     * @return the pool
     */
    public static WorkerPool processes(int n) {
        return processes(n, WorkerOptions.defaults());
    }

    /**
     * {@code n} child JVMs with options.
     *
     * @param n the number of worker processes, at least 1
     * @param options a serializable initializer, {@code maxTasksPerChild}, JVM options, classes let in
     * @return the pool
     * @throws IllegalArgumentException if the initializer is not serializable
     * @throws IllegalStateException if asyncio4j itself was loaded from no file a child JVM can load it from
     */
    public static WorkerPool processes(int n, WorkerOptions options) {
        Checks.notNull(options, "options");
        checkSize(n);
        return new WorkerPool(io.asyncio4j.engine.WorkerPool.Factory.processes(n, options.initializer(),
                options.maxTasksPerChildValue(), options.jvmOptionsValue(), options.allowClassesValue(), BROKEN));
    }

    private static void checkSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
    }

    /**
     * The number of workers.
     *
     * @return the pool's size
     */
    public int size() {
        return core.getSize();
    }

    /**
     * {@code executor.submit(fn)}: queues {@code fn}.
     *
     * @param fn the job
     * @param <T> the result type
     * @return the job's outcome; cancelling it removes or stops the job
     * @throws IllegalStateException if the pool is shut down
     * @throws IllegalArgumentException if this is a process pool and {@code fn} cannot be serialized, or holds
     *     a class a worker process cannot load
     */
    public <T> CompletableFuture<T> submit(WorkerCallable<T> fn) {
        Checks.notNull(fn, "fn");
        return core.submit(fn);
    }

    /**
     * Runs {@code command} as a job nobody waits for ({@link Executor}); its failure is lost, as with
     * {@code ThreadPoolExecutor.execute}. For a process pool it must be serializable.
     *
     * @param command the job
     */
    @Override
    public void execute(Runnable command) {
        Checks.notNull(command, "command");
        core.execute(command);
    }

    /**
     * {@code Pool.apply}: runs {@code fn} on a worker and waits for it.
     *
     * @param fn the job
     * @param <T> the result type
     * @return fn's value
     */
    public <T> T apply(WorkerCallable<T> fn) {
        return Async.await(submit(fn));
    }

    /**
     * {@code Pool.apply_async(fn, callback=, error_callback=)}: the callbacks run on the pool's one
     * result-handler thread, one at a time, as Python's do.
     *
     * @param fn the job
     * @param callback gets fn's value
     * @param errorCallback gets fn's failure (also {@link BrokenWorkerException}, cancellation)
     * @param <T> the result type
     * @return the job's outcome
     */
    public <T> CompletableFuture<T> applyAsync(WorkerCallable<T> fn, Consumer<? super T> callback,
            Consumer<? super Throwable> errorCallback) {
        Checks.notNull(fn, "fn");
        Checks.notNull(callback, "callback");
        Checks.notNull(errorCallback, "errorCallback");
        return core.applyAsync(fn, callback, errorCallback, null);
    }

    /**
     * As {@link #applyAsync(WorkerCallable, Consumer, Consumer)}, with the callbacks run on {@code loop}.
     *
     * @param fn the job
     * @param callback gets fn's value, on {@code loop}
     * @param errorCallback gets fn's failure, on {@code loop}
     * @param loop where the callbacks run
     * @param <T> the result type
     * @return the job's outcome
     */
    public <T> CompletableFuture<T> applyAsync(WorkerCallable<T> fn, Consumer<? super T> callback,
            Consumer<? super Throwable> errorCallback, EventLoop loop) {
        Checks.notNull(fn, "fn");
        Checks.notNull(callback, "callback");
        Checks.notNull(errorCallback, "errorCallback");
        Checks.notNull(loop, "loop");
        return core.applyAsync(fn, callback, errorCallback, loop.core);
    }

    /**
     * {@code Pool.map} / {@code executor.map}: {@code fn} over {@code items}, results in the items'
     * order; waits for all of them and throws the first failure.
     *
     * @param fn the function (serializable, for process pools)
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return the results in order
     */
    public <T, R> List<R> map(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, 1);
    }

    /**
     * As {@link #map(WorkerFunction, Iterable)}, sending {@code chunksize} items per job.
     *
     * @param fn the function
     * @param items the inputs
     * @param chunksize items per job, at least 1
     * @param <T> the item type
     * @param <R> the result type
     * @return the results in order
     */
    public <T, R> List<R> map(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return Async.await(mapAsync(fn, items, chunksize));
    }

    /**
     * {@code Pool.map_async}: as {@link #map(WorkerFunction, Iterable)} without waiting. The future
     * fails with the first failure (the remaining jobs are cancelled); cancelling it cancels them all.
     *
     * @param fn the function
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return the results in order
     */
    public <T, R> CompletableFuture<List<R>> mapAsync(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return mapAsync(fn, items, 1);
    }

    /**
     * {@code Pool.map_async} with a chunk size.
     *
     * @param fn the function
     * @param items the inputs
     * @param chunksize items per job, at least 1
     * @param <T> the item type
     * @param <R> the result type
     * @return the results in order
     */
    @SuppressWarnings("unchecked")
    public <T, R> CompletableFuture<List<R>> mapAsync(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            int chunksize) {
        checkMap(fn, items, chunksize);
        return core.mapAsync((WorkerFunction<T, R>) fn, (Iterable<T>) items, chunksize);
    }

    /**
     * {@code Pool.imap}: submits every item now; iterating yields the results in the items' order,
     * each as soon as it and those before it are done (a failure is thrown where it is reached).
     *
     * @param fn the function
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in order, as they come
     */
    public <T, R> Iterable<R> imap(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    /**
     * {@code Pool.imap} with a chunk size.
     *
     * @param fn the function
     * @param items the inputs
     * @param chunksize items per job, at least 1
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in order, as they come
     */
    @SuppressWarnings("unchecked")
    public <T, R> Iterable<R> imap(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        checkMap(fn, items, chunksize);
        return core.imap((WorkerFunction<T, R>) fn, (Iterable<T>) items, chunksize);
    }

    /**
     * {@code Pool.imap_unordered}: as {@link #imap(WorkerFunction, Iterable)}, in the order the
     * jobs finish.
     *
     * @param fn the function
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return the results in completion order
     */
    public <T, R> Iterable<R> imapUnordered(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    /**
     * {@code Pool.imap_unordered} with a chunk size.
     *
     * @param fn the function
     * @param items the inputs
     * @param chunksize items per job, at least 1
     * @param <T> the item type
     * @param <R> the result type
     * @return the results in completion order (chunk by chunk)
     */
    @SuppressWarnings("unchecked")
    public <T, R> Iterable<R> imapUnordered(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            int chunksize) {
        checkMap(fn, items, chunksize);
        return core.imapUnordered((WorkerFunction<T, R>) fn, (Iterable<T>) items, chunksize);
    }

    /**
     * {@code imap} as a {@link Flow.Publisher} with backpressure: items are taken from {@code items}
     * and submitted only while fewer than twice the pool's size are submitted and not yet delivered;
     * results come in the items' order. Each subscription runs the whole map afresh; cancelling it
     * cancels the jobs in flight. A failure, or a null result, ends the stream with {@code onError}.
     *
     * @param fn the function
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return a publisher of the results
     */
    public <T, R> Flow.Publisher<R> imapPublisher(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return publisher(fn, items, true);
    }

    /**
     * As {@link #imapPublisher}, in the order the jobs finish.
     *
     * @param fn the function
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return a publisher of the results in completion order
     */
    public <T, R> Flow.Publisher<R> imapUnorderedPublisher(WorkerFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items) {
        return publisher(fn, items, false);
    }

    @SuppressWarnings("unchecked")
    private <T, R> Flow.Publisher<R> publisher(WorkerFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            boolean ordered) {
        checkMap(fn, items, 1);
        return (Flow.Publisher<R>) core.imapPublisher((WorkerFunction<T, Object>) fn, (Iterable<T>) items, ordered, 2 * size());
    }

    private static void checkMap(Object fn, Object items, int chunksize) {
        Checks.notNull(fn, "fn");
        Checks.notNull(items, "items");
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, was " + chunksize);
        }
    }

    /**
     * {@code executor.shutdown(wait)}: accepts no more jobs; the queued ones still run. With
     * {@code wait}, returns once every worker (and worker process) has gone.
     *
     * @param wait whether to wait for the workers
     */
    public void shutdown(boolean wait) {
        core.shutdown(wait, false);
    }

    /**
     * {@code executor.shutdown(wait, cancel_futures)}: as {@link #shutdown(boolean)}; with
     * {@code cancelFutures} the queued jobs are cancelled instead of run (running ones finish).
     *
     * @param wait whether to wait for the workers
     * @param cancelFutures whether to cancel the jobs not yet started
     */
    public void shutdown(boolean wait, boolean cancelFutures) {
        core.shutdown(wait, cancelFutures);
    }

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return core.isShutdown();
    }

    /**
     * Whether the pool is shut down and every worker has gone.
     *
     * @return true once terminated
     */
    public boolean isTerminated() {
        return core.isTerminated();
    }

    /**
     * A future that completes once the pool has terminated: awaitable from a task.
     *
     * @return completes with null after shutdown, when every worker has gone
     */
    public CompletableFuture<@Nullable Void> terminated() {
        return core.terminated().thenApply(u -> null);
    }

    /**
     * The process ids of the live worker JVMs (sorted); empty for thread pools.
     *
     * @return the workers' pids
     */
    public List<Long> workerPids() {
        return core.workerPids();
    }

    /** Waits for every submitted job, then stops the workers: Python's {@code with} block end. */
    @Override
    public void close() {
        core.close();
    }

    /** asyncio's default executor for {@code runInExecutor(null, fn)}: min(32, cores + 4) threads, made on first use. */
    static WorkerPool defaultPool() {
        return DefaultPool.POOL;
    }

    private static final class DefaultPool {
        static final WorkerPool POOL = virtualThreads(Math.min(32, Runtime.getRuntime().availableProcessors() + 4));
    }
}
