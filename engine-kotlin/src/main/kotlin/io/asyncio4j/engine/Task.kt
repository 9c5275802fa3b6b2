package io.asyncio4j.engine

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Job
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.async
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * A task: a coroutine scheduled on an [EventLoop], with a name, a parent scope and a future that
 * completes (on the loop) when the coroutine has finished, asyncio's `Task`.
 *
 * Cancelling a task is a request, as in asyncio: the task is done once its body has unwound.
 */
public class Task<T> internal constructor(
    /** The loop the task runs on. */
    public val loop: EventLoop,
    name: String?,
    /** The task that created this one, shown as its parent by `dumpTasks`. */
    internal val creator: Task<*>?,
) {
    /** The task's name (asyncio's `Task-N` when none was given). */
    public val name: String = name ?: "Task-${IDS.incrementAndGet()}"

    /**
     * contextvars hook: the task runs in a copy of its creator's context, as asyncio's tasks do. Null
     * while empty (no object per task in the common case); a step that sets a variable fills it.
     */
    @Volatile
    internal var context: Context? = ContextVars.copyCurrentOrNull()

    internal lateinit var deferred: Deferred<T>

    /** Completes with the task's outcome once the task has finished; cancelling it cancels the task. */
    public val future: TaskFuture<T> = TaskFuture(this)

    /** What the task waits for now (a future or a task), for `dumpTasks`. */
    @Volatile
    internal var awaiting: Any? = null

    /** True once the task's first step has run. */
    @Volatile
    internal var started: Boolean = false

    @Volatile
    private var retrieved = false
    private var failure: UnretrievedFailure? = null
    private val doneCallbacks = ArrayList<DoneCallback>()
    private var creatorLink: DisposableHandle? = null

    /** The facade object that stands for this task, so identity is kept. */
    @InternalEngineApi
    public val facade: AtomicReference<Any?> = AtomicReference(null)

    /** The coroutine's job: a child of the loop's root job, or of a task group's. */
    public val job: Job get() = deferred

    /** True once the task has finished (value, failure or cancellation). */
    public val isDone: Boolean get() = deferred.isCompleted

    /** True if the task finished by cancellation. */
    public val isCancelled: Boolean get() = isDone && deferred.getCompletionExceptionOrNull() is CancellationException

    /**
     * How a cancel request reaches the body, for tasks whose body decides when it is cancelled (a
     * blocking-style body, a wrapped stage); null: cancel the coroutine (kotlinx's rules).
     */
    internal var canceller: Runnable? = null

    /** The thread of a blocking-style body while it runs, for `dumpTasks`. */
    @Volatile
    internal var bodyThreadRef: Thread? = null

    internal fun bodyThread(): Thread? = if (isDone) null else bodyThreadRef

    private val cancelRequests = java.util.concurrent.atomic.AtomicInteger()

    // Signals "cancel requested" to the tasks this one created (rule 4); replaced after each request,
    // so that a task created later (in cleanup, after a delivered cancellation) is not cancelled with it.
    private var cancelSignal: kotlinx.coroutines.CompletableJob? = null

    /**
     * Requests cancellation (asyncio's `Task.cancel()`); false if the task is already done. From any
     * thread. A blocking-style body gets it at its current or next `Async.await`, once; the task is
     * done once the body has unwound. The tasks it created are cancelled with it.
     */
    public fun cancel(): Boolean {
        if (deferred.isCompleted) return false
        cancelRequests.incrementAndGet()
        val c = canceller
        if (c == null) deferred.cancel() else c.run()
        fireCancelSignal()
        return true
    }

    /** asyncio's `Task.cancelling()`: the number of cancel requests not taken back by [uncancel]. */
    public fun cancelling(): Int = cancelRequests.get()

    /** asyncio's `Task.uncancel()`: takes one cancel request back; returns the number left. */
    public fun uncancel(): Int {
        while (true) {
            val n = cancelRequests.get()
            if (n == 0) return 0
            if (cancelRequests.compareAndSet(n, n - 1)) return n - 1
        }
    }

    /** Runs [action] when cancellation of this task is next requested (or it ends cancelled). */
    internal fun onCancelRequested(action: () -> Unit): DisposableHandle {
        val signal = synchronized(this) { cancelSignal ?: kotlinx.coroutines.Job().also { cancelSignal = it } }
        return signal.invokeOnCompletion { action() }
    }

    private fun fireCancelSignal() {
        synchronized(this) { cancelSignal.also { cancelSignal = null } }?.cancel()
    }

    /** The failure of a finished task (null if it succeeded); marks it retrieved. Throws if not done. */
    public fun failureOrNull(): Throwable? {
        check(isDone) { "Task '$name' is not done" }
        markRetrieved()
        return publicFailure()
    }

    /** The value of a finished task, or its failure thrown as is. Marks the failure retrieved. */
    @Suppress("UNCHECKED_CAST")
    public fun getOutcome(): T {
        check(isDone) { "Task '$name' is not done" }
        markRetrieved()
        val e = publicFailure()
        if (e != null) throw e
        return deferred.getCompleted()
    }

    private var failureShown: Throwable? = null

    private fun cancelledMessage(): String = "Task '$name' was cancelled"

    /** The cancellation users see for this task, on every path: plain, named for it, [cause] kept unless kotlinx's own. */
    internal fun cancellation(cause: Throwable? = null): java.util.concurrent.CancellationException =
        java.util.concurrent.CancellationException(cancelledMessage()).also {
            if (cause != null && !cause.javaClass.name.startsWith("kotlinx.")) it.initCause(cause)
        }

    /**
     * The failure users see: the body's own exception as is; for a cancelled task always a plain
     * [java.util.concurrent.CancellationException] "Task 'name' was cancelled" (the one the body got,
     * when it got it from us), never a kotlinx type, the same on every path and JDK.
     */
    private fun publicFailure(): Throwable? = synchronized(this) {
        failureShown?.let { return it }
        val e = deferred.getCompletionExceptionOrNull() ?: return null
        val shown = if (e !is CancellationException) {
            e
        } else if (e.javaClass == java.util.concurrent.CancellationException::class.java && e.message == cancelledMessage()) {
            e
        } else {
            cancellation(e)
        }
        failureShown = shown
        shown
    }

    /** Waits for the task (suspending) and returns its value or throws its failure. */
    public suspend fun await(): T {
        markRetrieved()
        return deferred.await()
    }

    /** Marks the failure as seen so it is not reported to the loop's exception handler. */
    @InternalEngineApi
    public fun markRetrieved() {
        retrieved = true
        synchronized(this) { failure }?.retrieved()
    }

    /**
     * asyncio's `add_done_callback`: [callback] is scheduled on the loop once the task is done (at once
     * if it is done already). [key] identifies it for [removeDoneCallback].
     */
    public fun addDoneCallback(key: Any, callback: Runnable) {
        val cb = DoneCallback(key, ContextVars.wrap(callback)) // contextvars hook: runs in the adder's context
        val runNow = synchronized(this) {
            if (deferred.isCompleted) true else {
                doneCallbacks.add(cb)
                false
            }
        }
        if (runNow) scheduleCallback(cb)
    }

    /** Removes every callback added with [key]; returns how many. */
    public fun removeDoneCallback(key: Any): Int = synchronized(this) {
        val before = doneCallbacks.size
        doneCallbacks.removeAll { it.key == key }
        before - doneCallbacks.size
    }

    private fun scheduleCallback(cb: DoneCallback) {
        if (loop.isClosed) cb.action.run() else loop.schedule(cb.action)
    }

    // Links of the loop's [LiveTasks]; guarded by it.
    internal var livePrev: Task<*>? = null
    internal var liveNext: Task<*>? = null

    internal fun start(parent: Job, block: suspend CoroutineScope.(Task<T>) -> T) {
        loop.liveTasks.add(this)
        // The loop's own scope for the common case: one context and scope fewer per task.
        val scope = if (parent === loop.rootJob) loop.scope else CoroutineScope(loop + parent)
        deferred = scope.async(TaskElement(this), CoroutineStart.DEFAULT) { block(this@Task) }
        if (creator != null && parent === loop.rootJob) {
            // A task created inside another is cancelled with it (rule 4) without making it wait.
            creatorLink = creator.onCancelRequested { cancel() }
        }
        // Cancelled by its parent (a group, the loop's root), or ended cancelled: tell the tasks it created.
        deferred.invokeOnCompletion(onCancelling = true, invokeImmediately = false) { cause ->
            if (cause is CancellationException) fireCancelSignal()
        }
        deferred.invokeOnCompletion { cause -> finish(cause) }
        // The loop is shutting down: a task created now (by a callback still queued) never outlives it.
        if (loop.draining) deferred.cancel()
    }

    @Suppress("UNCHECKED_CAST")
    private fun finish(cause: Throwable?) {
        creatorLink?.dispose()
        loop.liveTasks.remove(this)
        val shown = if (cause == null) null else publicFailure()
        val callbacks = synchronized(this) {
            if (shown != null && shown !is CancellationException && !retrieved) {
                failure = UnretrievedFailure(this, shown).also { it.register() }
            }
            val l = doneCallbacks.toList()
            doneCallbacks.clear()
            l
        }
        // Done callbacks first, then the future's dependents (an awaiting task's wake-up among them): asyncio
        // runs them in the order they were added, and a callback is usually added before anyone awaits.
        for (cb in callbacks) scheduleCallback(cb)
        if (shown == null) future.settle(deferred.getCompleted()) else future.settleFailure(shown)
    }

    override fun toString(): String {
        val state = when {
            !isDone -> if (started) "pending" else "scheduled"
            isCancelled -> "cancelled"
            deferred.getCompletionExceptionOrNull() != null -> "failed"
            else -> "done"
        }
        return "Task '$name' ($state)"
    }

    private class DoneCallback(val key: Any, val action: Runnable)

    public companion object {
        private val IDS = AtomicLong()
        internal val CURRENT = ThreadLocal<Task<*>?>()

        /** The task running on the current thread, or null (asyncio's `current_task()`). */
        @JvmStatic
        public fun current(): Task<*>? = CURRENT.get()

        /** The live tasks of [loop] (asyncio's `all_tasks()`). */
        @JvmStatic
        public fun all(loop: EventLoop): Set<Task<*>> = loop.liveTasks.toList().toSet()

        /**
         * Creates a task on [loop] running the suspending [block]; it starts on a next iteration.
         * [parent] is the job that owns it (default: the loop's root); the creator is the current task.
         */
        @JvmStatic
        public fun <T> create(
            loop: EventLoop,
            name: String?,
            parent: Job?,
            block: suspend CoroutineScope.(Task<T>) -> T,
        ): Task<T> = create(loop, name, parent, null, block)

        private fun <T> create(
            loop: EventLoop,
            name: String?,
            parent: Job?,
            canceller: ((Task<T>) -> Runnable)?,
            block: suspend CoroutineScope.(Task<T>) -> T,
        ): Task<T> {
            check(!loop.isClosed) { "Event loop '${loop.name}' is closed" }
            check(loop.inLoop() || !loop.isRunning) {
                "Cannot create a task on event loop '${loop.name}' from thread '${Thread.currentThread().name}': " +
                    "it runs on another thread; use runCoroutineThreadsafe"
            }
            val creator = current()?.takeIf { it.loop === loop }
            val task = Task<T>(loop, name, creator)
            if (canceller != null) task.canceller = canceller(task)
            task.start(parent ?: loop.rootJob, block)
            return task
        }

        /** Creates a task whose body is blocking-style code that waits with `Async.await` ([BlockingBody]). */
        @JvmStatic
        @InternalEngineApi
        public fun <T> createBlocking(loop: EventLoop, name: String?, parent: Job?, body: Callable<T>): Task<T> {
            loop.host?.blockingRefusal(loop)?.let { throw IllegalStateException(it) } // hosted loop (LoopHost)
            var blocking: BlockingBody<T>? = null
            return create(loop, name, parent, { task -> BlockingBody(task, body).also { blocking = it }.let { b -> Runnable { b.requestCancel() } } }) {
                blocking!!.drive()
            }
        }

        /**
         * Wraps [stage] in a task that completes with it. Cancelling the task cancels the stage, and the
         * task ends as the stage does: a put or grant that can no longer be cancelled ends it normally.
         */
        @JvmStatic
        public fun <T> ofStage(loop: EventLoop, name: String?, stage: java.util.concurrent.CompletionStage<T>): Task<T> {
            val f = stage.toCompletableFuture()
            return create(loop, name, null, { Runnable { f.cancel(false) } }) { task ->
                task.awaiting = stage
                awaitOutcome(f)
            }
        }
    }
}

/**
 * The task's [CompletableFuture]. Completed on the loop when the task finishes. [cancel] requests
 * cancellation of the task and the future completes once the task has unwound (asyncio's semantics,
 * which keep "no task outlives its scope" true); completing it from outside cancels the task.
 */
public class TaskFuture<T> internal constructor(private val task: Task<T>) : LoopFuture<T>(task.loop) {
    override fun cancel(mayInterruptIfRunning: Boolean): Boolean = task.cancel()

    override fun complete(value: T): Boolean {
        if (isDone) return false
        task.cancel()
        return super.complete(value)
    }

    override fun completeExceptionally(ex: Throwable): Boolean {
        if (isDone) return false
        task.cancel()
        return super.completeExceptionally(ex)
    }

    override fun obtrudeValue(value: T): Unit = throw UnsupportedOperationException("A task's outcome cannot be replaced")

    override fun obtrudeException(ex: Throwable): Unit = throw UnsupportedOperationException("A task's outcome cannot be replaced")

    internal fun settle(value: T) {
        super.complete(value)
    }

    internal fun settleFailure(e: Throwable) {
        super.completeExceptionally(e)
    }

    /** The task behind this future. */
    public fun task(): Task<T> = task
}

/**
 * A future whose result is produced on [loop]: waiting for it (`get`, `join`) on that loop's own
 * thread would deadlock, so it throws [IllegalStateException] instead (asyncio hangs there). A null
 * [loop] (work delivered on a foreign thread) never throws.
 */
public open class LoopFuture<T>(private val loop: EventLoop?) : CompletableFuture<T>() {
    private fun checkNotOnLoop() {
        if (!isDone && loop != null && EventLoop.current() === loop) {
            throw IllegalStateException(
                "Waiting for this future on event loop '${loop.name}' would deadlock: it is completed by that loop. " +
                    "Await it inside a task, or compose it (thenApply/whenComplete)",
            )
        }
    }

    override fun get(): T {
        checkNotOnLoop()
        try {
            return super.get()
        } catch (e: java.util.concurrent.CancellationException) {
            throw original(e)
        }
    }

    override fun get(timeout: Long, unit: java.util.concurrent.TimeUnit): T {
        checkNotOnLoop()
        try {
            return super.get(timeout, unit)
        } catch (e: java.util.concurrent.CancellationException) {
            throw original(e)
        }
    }

    override fun join(): T {
        checkNotOnLoop()
        try {
            return super.join()
        } catch (e: java.util.concurrent.CancellationException) {
            throw original(e)
        }
    }

    override fun getNow(valueIfAbsent: T): T {
        try {
            return super.getNow(valueIfAbsent)
        } catch (e: java.util.concurrent.CancellationException) {
            throw original(e)
        }
    }

    // JDK 23+ wraps a cancellation in a new CancellationException("join"/"get"/"getNow"): give the one
    // the future was cancelled with ("Task 'x' was cancelled"), the same on every JDK.
    private fun original(e: java.util.concurrent.CancellationException): java.util.concurrent.CancellationException =
        Awaits.failureOf(this) as? java.util.concurrent.CancellationException ?: e

    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
}

/** Puts the task in the thread-locals while one of its steps runs. */
internal class TaskElement(private val task: Task<*>) : ThreadContextElement<Task<*>?>, AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<TaskElement>

    override fun updateThreadContext(context: CoroutineContext): Task<*>? {
        val old = Task.CURRENT.get()
        Task.CURRENT.set(task)
        ContextVars.enter(task.context) // contextvars hook: each step runs in the task's context
        task.started = true
        task.loop.runningTask = task
        return old
    }

    override fun restoreThreadContext(context: CoroutineContext, oldState: Task<*>?) {
        Task.CURRENT.set(oldState)
        ContextVars.current()?.let { task.context = it } // a context this step created by setting a variable
        ContextVars.restore(oldState?.context) // contextvars hook: outside a step, the enclosing task's (or none)
        // A step that handed the baton to a body thread no longer speaks for the loop (see Baton).
        if (task.loop.baton.keeps(Thread.currentThread())) task.loop.runningTask = oldState
    }
}
