package io.asyncio4j.engine

import java.io.Serializable
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer
import java.util.function.Function

/**
 * `concurrent.futures`' executors and `multiprocessing.Pool` in one: [size] workers take jobs from one
 * FIFO queue. A worker is a platform thread, a virtual thread, or a thread that drives one child JVM
 * ([WorkerProcess]); the queue, cancellation, delivery and shutdown below are the same for all three.
 *
 * Jobs submitted from a task complete on that task's loop (DESIGN rule 5); from a plain thread they
 * complete on the worker's thread, as Python's futures do.
 */
public class WorkerPool private constructor(
    public val size: Int,
    private val kind: Kind,
    private val initializer: Runnable?,
    private val maxTasksPerWorker: Int,
    private val process: WorkerProcess.Settings?,
    private val broken: WorkerErrors,
) : AutoCloseable, Executor {
    /** Where a pool's workers run. */
    public enum class Kind { THREADS, VIRTUAL_THREADS, PROCESSES }

    private val queue = LinkedBlockingQueue<PoolJob<*>>()
    private val lock = Any()
    private var shutdown = false
    private val alive = AtomicInteger()
    private val terminated = CompletableFuture<Unit>()
    private val ids = AtomicInteger()
    private val threads: ThreadFactory = when (kind) {
        Kind.VIRTUAL_THREADS -> ThreadFactory { r -> BodyThreads.newThread("asyncio4j-pool-vworker-${ids.incrementAndGet()}", r) }
        // A process worker spends its life in pipe reads: a platform thread does that without the
        // carrier compensation a virtual thread needs for file I/O, and there are only n of them.
        Kind.PROCESSES -> ThreadFactory { r -> Thread(r, "asyncio4j-pool-process-${ids.incrementAndGet()}").apply { isDaemon = true } }
        Kind.THREADS -> ThreadFactory { r -> Thread(r, "asyncio4j-pool-worker-${ids.incrementAndGet()}").apply { isDaemon = true } }
    }

    // multiprocessing.Pool runs apply_async callbacks on one result-handler thread; so do we.
    private val resultHandler: Executor by lazy {
        Executors.newSingleThreadExecutor { r -> Thread(r, "asyncio4j-pool-results").apply { isDaemon = true } }
    }

    /** The live child JVMs of a process pool. */
    internal val children: MutableSet<Process> = java.util.concurrent.ConcurrentHashMap.newKeySet()

    // Last: the workers start here and use every property above (declaration order is init order).
    init {
        alive.set(size)
        repeat(size) { startWorker() }
    }

    /** True once [shutdown] was called: no more jobs are accepted. */
    public val isShutdown: Boolean get() = synchronized(lock) { shutdown }

    /** True once shut down and every worker (and child process) has gone. */
    public val isTerminated: Boolean get() = terminated.isDone

    /** Process ids of the live worker JVMs of a process pool; empty for thread pools. */
    public fun workerPids(): List<Long> = children.filter { it.isAlive }.map { it.pid() }.sorted()

    /**
     * Queues [fn]; its future completes on the calling task's loop, if any. For a process pool [fn]
     * is serialized here, so a job that cannot be sent (not serializable, or holding a class no
     * worker can load) fails at once with [IllegalArgumentException].
     */
    public fun <T> submit(fn: Callable<T>): CompletableFuture<T> = submitOn(fn, EventLoop.current())

    /** As [submit], delivering the outcome on [loop] (null: on the worker's thread). */
    public fun <T> submitOn(fn: Callable<T>, loop: EventLoop?): CompletableFuture<T> {
        val sent = if (kind == Kind.PROCESSES) WorkerFrames.outgoing(fn, "fn", (fn as? Wrapper)?.userCode ?: fn, process!!.allow) else null
        val job = PoolJob(fn, sent, loop)
        synchronized(lock) {
            check(!shutdown) { "WorkerPool is shut down: cannot submit" }
            queue.offer(job)
        }
        return job
    }

    /** `Executor.execute`: runs [command] as a job whose outcome nobody waits for. */
    override fun execute(command: Runnable) {
        submitOn(RunnableJob(command), null)
    }

    /**
     * `Pool.apply_async`: submits [fn]; [callback] gets its value and [errorCallback] its failure, on
     * [loop] if given, else on the pool's single result-handler thread (where Python runs them).
     */
    public fun <T> applyAsync(fn: Callable<T>, callback: Consumer<in T>?, errorCallback: Consumer<in Throwable>?, loop: EventLoop?): CompletableFuture<T> {
        val job = submitOn(fn, null)
        val where: Executor = loop ?: resultHandler
        job.whenCompleteAsync({ v, e ->
            if (e == null) callback?.accept(v) else errorCallback?.accept(Awaits.unwrap(e))
        }, where)
        return job
    }

    /**
     * `Pool.map_async`: [fn] over [items] in chunks of [chunksize]; the list keeps the items' order.
     * It fails with the first failure (the other chunks are cancelled); cancelling it cancels them all.
     */
    public fun <T, R> mapAsync(fn: Function<in T, out R>, items: Iterable<T>, chunksize: Int): CompletableFuture<List<R>> {
        val loop = EventLoop.current()
        val chunks = submitChunks(fn, items, chunksize, loop)
        val result = object : CompletableFuture<List<R>>() {
            override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
                val r = super.cancel(mayInterruptIfRunning)
                chunks.forEach { it.cancel(mayInterruptIfRunning) }
                return r
            }

            override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
        }
        val left = AtomicInteger(chunks.size)
        if (chunks.isEmpty()) result.complete(emptyList())
        for (c in chunks) {
            c.whenComplete { _, e ->
                if (e != null) {
                    if (result.completeExceptionally(Awaits.unwrap(e))) chunks.forEach { it.cancel(true) }
                } else if (left.decrementAndGet() == 0) {
                    result.complete(chunks.flatMap { it.join() })
                }
            }
        }
        return result
    }

    /** `Pool.imap`: submits every chunk now; iterating waits for each result in the items' order. */
    public fun <T, R> imap(fn: Function<in T, out R>, items: Iterable<T>, chunksize: Int): Iterable<R> {
        val chunks = submitChunks(fn, items, chunksize, EventLoop.current())
        return Iterable { chunks.asSequence().flatMap { Awaits.await(it) }.iterator() }
    }

    /** `Pool.imap_unordered`: as [imap], in the order the chunks finish. */
    public fun <T, R> imapUnordered(fn: Function<in T, out R>, items: Iterable<T>, chunksize: Int): Iterable<R> {
        val chunks = submitChunks(fn, items, chunksize, EventLoop.current())
        val slots = Combinators.asCompleted(chunks, -1)
        return Iterable { slots.asSequence().flatMap { Awaits.await(it) }.iterator() }
    }

    /**
     * [fn] over [items] as a publisher with backpressure: an item is submitted only while fewer than
     * [window] are submitted and not yet delivered; in the items' order when [ordered], else as they
     * finish. Cancelling the subscription cancels the jobs in flight. A null result fails the stream.
     */
    public fun <T, R : Any> imapPublisher(fn: Function<in T, out R>, items: Iterable<T>, ordered: Boolean, window: Int): java.util.concurrent.Flow.Publisher<R> =
        PoolPublisher(this, fn, items, ordered, window)

    /** Submits [fn] applied to one item, for the publisher. */
    internal fun <T, R> submitOne(fn: Function<in T, out R>, item: T): CompletableFuture<R> = submitOn(Apply(fn, item), null)

    private fun <T, R> submitChunks(fn: Function<in T, out R>, items: Iterable<T>, chunksize: Int, loop: EventLoop?): List<CompletableFuture<List<R>>> {
        require(chunksize >= 1) { "chunksize must be >= 1, was $chunksize" }
        val chunks = ArrayList<CompletableFuture<List<R>>>()
        var batch = ArrayList<T>(chunksize)
        try {
            for (item in items) {
                batch.add(item)
                if (batch.size == chunksize) {
                    chunks.add(submitOn(Chunk(fn, batch), loop))
                    batch = ArrayList(chunksize)
                }
            }
            if (batch.isNotEmpty()) chunks.add(submitOn(Chunk(fn, batch), loop))
        } catch (e: Throwable) {
            chunks.forEach { it.cancel(true) } // nothing half-done
            throw e
        }
        return chunks
    }

    /**
     * `shutdown(wait, cancel_futures)`: accepts no more jobs; queued ones still run unless
     * [cancelFutures]; with [wait], returns once every worker (and child JVM) has gone.
     */
    public fun shutdown(wait: Boolean, cancelFutures: Boolean) {
        synchronized(lock) {
            if (!shutdown) {
                shutdown = true
                if (cancelFutures) {
                    val left = ArrayList<PoolJob<*>>()
                    queue.drainTo(left)
                    left.forEach { it.cancel(false) }
                }
                repeat(size) { queue.offer(STOP) }
            }
        }
        if (wait) Awaits.awaitUncancellable(terminated)
    }

    /** A future that completes once the pool has terminated. */
    public fun terminated(): CompletableFuture<Unit> = terminated.thenApply { }

    /** `with pool:` — waits for the submitted jobs, then stops the workers. */
    override fun close() {
        shutdown(wait = true, cancelFutures = false)
    }

    private fun startWorker() {
        threads.newThread { workerLoop() }.start()
    }

    private fun workerLoop() {
        var runner: JobRunner? = null
        var done = 0
        var replaced = false
        try {
            runner = newRunner()
            while (true) {
                val job = queue.take()
                if (job === STOP) break
                try {
                    runner.run(job)
                } catch (e: Throwable) {
                    // a runner that throws (out of memory while reading an answer, say) must not end this
                    // worker nor leave its job pending for ever
                    @Suppress("UNCHECKED_CAST")
                    (job as PoolJob<Any?>).also { it.end() }.deliver(null, e)
                }
                if (maxTasksPerWorker > 0 && ++done >= maxTasksPerWorker) {
                    replaced = true
                    startWorker() // Python's maxtasksperchild: a fresh worker takes over
                    break
                }
            }
        } catch (_: InterruptedException) {
            // only a pool thread's own interrupt gets here; the worker ends
        } finally {
            runner?.retire()
            if (!replaced && alive.decrementAndGet() == 0) terminated.complete(Unit)
        }
    }

    private fun newRunner(): JobRunner =
        if (kind == Kind.PROCESSES) WorkerProcess(this, process!!, initializer, broken) else ThreadRunner(initializer, broken)

    internal companion object {
        private val STOP = PoolJob<Any?>(Callable { null }, null, null)

        @JvmStatic
        internal fun create(size: Int, kind: Kind, initializer: Runnable?, maxTasksPerWorker: Int, process: WorkerProcess.Settings?, broken: WorkerErrors): WorkerPool {
            require(size >= 1) { "n must be >= 1, was $size" }
            require(maxTasksPerWorker >= 0) { "maxTasksPerChild must be >= 0, was $maxTasksPerWorker" }
            if (kind == Kind.PROCESSES) {
                WorkerLaunch.check()
                if (initializer != null) WorkerFrames.outgoing(initializer, "initializer", initializer, process!!.allow)
            }
            return WorkerPool(size, kind, initializer, maxTasksPerWorker, process, broken)
        }
    }

    /** A pool of [size] threads (virtual ones on JDK 21+ when [virtual]; platform ones before). */
    public object Factory {
        @JvmStatic
        public fun threads(size: Int, virtual: Boolean, initializer: Runnable?, maxTasksPerWorker: Int, broken: WorkerErrors): WorkerPool =
            create(size, if (virtual) Kind.VIRTUAL_THREADS else Kind.THREADS, initializer, maxTasksPerWorker, null, broken)

        /**
         * A pool of [size] worker JVMs started with [jvmOptions] after the defaults, whose answers may
         * hold, beyond the built-in list and what each job carries, the classes matched by
         * [allowClasses] (see [ClassAllowList]; a malformed pattern is an [IllegalArgumentException]).
         */
        @JvmStatic
        public fun processes(
            size: Int,
            initializer: Runnable?,
            maxTasksPerWorker: Int,
            jvmOptions: List<String>,
            allowClasses: List<String>,
            broken: WorkerErrors,
        ): WorkerPool {
            val settings = WorkerProcess.Settings(jvmOptions.toList(), ClassAllowList.of(allowClasses))
            return create(size, Kind.PROCESSES, initializer, maxTasksPerWorker, settings, broken)
        }
    }
}

/** How the facade names a broken worker: its `BrokenWorkerException`. */
public fun interface WorkerErrors {
    /** A failure for a job whose worker died or could not start; [exitCode] is -1 when it has none. */
    public fun broken(message: String, exitCode: Int, cause: Throwable?): RuntimeException
}

/** Runs one job at a time for one worker. */
internal interface JobRunner {
    /** Runs [job] unless it was cancelled; always delivers its outcome. */
    fun run(job: PoolJob<*>)

    /** The worker is done: release what it holds. */
    fun retire()
}

/** A thread worker: runs the job on the worker's own thread; cancel interrupts it. */
private class ThreadRunner(initializer: Runnable?, private val broken: WorkerErrors) : JobRunner {
    private val initFailure: Throwable? = try {
        initializer?.run()
        null
    } catch (e: Throwable) {
        if (e is VirtualMachineError) throw e
        e
    }

    override fun run(job: PoolJob<*>) {
        @Suppress("UNCHECKED_CAST")
        job as PoolJob<Any?>
        val me = Thread.currentThread()
        if (!job.begin { me.interrupt() }) return
        var value: Any? = null
        var failure: Throwable? = null
        try {
            if (initFailure != null) throw broken.broken("worker initializer failed: $initFailure", -1, initFailure)
            value = job.fn.call()
        } catch (e: Throwable) {
            failure = e
        } finally {
            job.end()
            Thread.interrupted() // an interrupt meant for this job must not reach the next
        }
        job.deliver(value, failure)
    }

    override fun retire() {}
}

/** A job of the pool's own that runs the user's [userCode]: the job's package is that code's. */
internal interface Wrapper {
    val userCode: Any
}

/** One item of a map: a serializable call of [fn] on [items]. */
internal class Chunk<T, R>(private val fn: Function<in T, out R>, private val items: ArrayList<T>) : Callable<List<R>>, Serializable, Wrapper {
    override fun call(): List<R> = items.map { fn.apply(it) }

    override val userCode: Any get() = fn

    private companion object {
        private const val serialVersionUID = 1L
    }
}

internal class Apply<T, R>(private val fn: Function<in T, out R>, private val item: T) : Callable<R>, Serializable, Wrapper {
    override fun call(): R = fn.apply(item)

    override val userCode: Any get() = fn

    private companion object {
        private const val serialVersionUID = 1L
    }
}

internal class RunnableJob(private val command: Runnable) : Callable<Any?>, Serializable, Wrapper {
    override fun call(): Any? {
        command.run()
        return null
    }

    override val userCode: Any get() = command

    private companion object {
        private const val serialVersionUID = 1L
    }
}
