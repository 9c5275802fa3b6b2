package io.asyncio4j.engine

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.SupervisorJob
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Function

/**
 * asyncio's `TaskGroup`: children that all finish before the group does. The first child failure
 * cancels the other children and the code that opened the group (through a [CancelScope], so its
 * current `Async.await` throws the group's exception); the group then fails with every failure.
 * Cancelling the task that owns the group cancels the children.
 *
 * State is confined to the loop; [createTask] must be called from the loop or from a body holding it.
 */
public class TaskGroup private constructor(
    /** The loop the children run on. */
    public val loop: EventLoop,
    private val owner: Task<*>?,
    private val errorFactory: Function<List<Throwable>, Throwable>,
) {
    private val job: CompletableJob = SupervisorJob(owner?.job ?: loop.rootJob)
    private val children = LinkedHashSet<Task<*>>()
    private val errors = ArrayList<Throwable>()
    private val allDone = CompletableFuture<Unit>()
    private var closing = false
    private var closed = false
    private var scope: CancelScope? = null

    /** The stage of a future-style group's body ([run]): cancelled on the first failure, as the body's scope is. */
    private var bodyStage: CompletableFuture<*>? = null

    /** The group's failure once a child has failed (one object, filled until the group is done), else null. */
    public var error: Throwable? = null
        private set

    /** Creates a child running the blocking-style [body]. */
    public fun <T> createTask(name: String?, body: Callable<T>): Task<T> {
        check(!closed) { "TaskGroup is finished; it takes no new tasks" }
        check(error == null) { "TaskGroup is shutting down after a failure; it takes no new tasks" }
        val t = Task.createBlocking(loop, name, job, body)
        adopt(t)
        return t
    }

    /** Creates a child running the suspending [block]. */
    public fun <T> launch(name: String?, block: suspend kotlinx.coroutines.CoroutineScope.(Task<T>) -> T): Task<T> {
        check(!closed) { "TaskGroup is finished; it takes no new tasks" }
        check(error == null) { "TaskGroup is shutting down after a failure; it takes no new tasks" }
        val t = Task.create(loop, name, job, block)
        adopt(t)
        return t
    }

    private fun adopt(t: Task<*>) {
        t.markRetrieved() // the group carries every failure
        children.add(t)
        t.future.whenComplete { _, _ -> onLoop { childDone(t) } }
    }

    private fun childDone(t: Task<*>) {
        children.remove(t)
        val e = t.job.let { if (t.isCancelled) null else t.failureOrNull() }
        if (e != null && e !is CancellationException) fail(e)
        if (closing && children.isEmpty()) allDone.complete(Unit)
    }

    private fun fail(e: Throwable) {
        synchronized(errors) { errors.add(e) } // the group's exception reads the list from any thread
        if (error == null) {
            val err = errorFactory.apply(errors)
            error = err
            abort()
            scope?.cancel { err }
            bodyStage?.cancel(false)
        }
    }

    private fun onLoop(r: Runnable) {
        if (loop.inLoop() || loop.isClosed) r.run() else loop.schedule(r)
    }

    /**
     * Blocking-style exit (`close()` of try-with-resources): waits for every child, then throws the
     * group's failure unless it was already thrown into the body (it is then in flight). If the wait
     * is cancelled — the owner task is cancelled, or an enclosing scope (an outer group whose child
     * failed, an `Async.timeout`) — the children are cancelled, still waited for, and that
     * cancellation is thrown (with the group's failure, if any, as suppressed), as asyncio's
     * `TaskGroup.__aexit__` does.
     */
    @InternalEngineApi
    public fun closeBlocking() {
        if (closed) return
        closing = true
        scope?.exit() // from here only the owner's and the enclosing scopes' cancellations apply
        if (children.isEmpty()) allDone.complete(Unit)
        var outer: Throwable? = null
        try {
            try {
                Awaits.await(allDone.copy()) // a copy: a cancelled wait must not complete the group's own future
            } catch (e: Throwable) {
                outer = e
                abort()
                Awaits.awaitUncancellable(allDone)
            }
        } finally {
            finish()
        }
        val err = error
        if (outer != null) {
            if (err != null && err !== outer) outer.addSuppressed(err)
            throw outer
        }
        if (err != null && scope?.delivered != true) throw err
    }

    private fun abort() {
        for (c in children.toList()) c.cancel()
    }

    /** Cancelling the owner cancels the children (asyncio aborts the group when the body is cancelled). */
    private var ownerLink: kotlinx.coroutines.DisposableHandle? = null

    private fun finish() {
        closed = true
        ownerLink?.dispose()
        scope?.exit()
        job.complete()
        val err = error
        if (err != null) for (e in synchronized(errors) { errors.toList() }) if (e !== err.cause && e !== err) err.addSuppressed(e)
    }

    public companion object {
        /**
         * Opens a group inside a blocking-style body (`async with TaskGroup()`); close it with
         * [closeBlocking]. [errorFactory] makes the group's exception from the live list of failures.
         */
        @JvmStatic
        public fun open(errorFactory: Function<List<Throwable>, Throwable>): TaskGroup {
            val owner = Task.current()
            if (BlockingBody.CURRENT.get() == null || owner == null) {
                throw IllegalStateException("TaskGroup.open() must be called inside a task body (no running task here)")
            }
            val g = TaskGroup(owner.loop, owner, errorFactory)
            g.scope = CancelScope.enter()
            // Through the group's job, on the cancelling thread: a child that holds the loop is interrupted now.
            g.ownerLink = owner.onCancelRequested { g.job.cancel() }
            return g
        }

        /**
         * Future-style group: [body] creates children and returns a stage; the result completes when the
         * stage and every child are done, with the stage's value, or fails with the group's exception
         * (a failing stage counts as a failure of the group). Cancelling the result cancels everything.
         */
        @JvmStatic
        public fun <T> run(
            loop: EventLoop,
            errorFactory: Function<List<Throwable>, Throwable>,
            body: Function<TaskGroup, CompletionStage<T>>,
        ): CompletableFuture<T> {
            check(loop.inLoop()) { "A future-style task group must be opened on the loop's thread or inside a task" }
            val g = TaskGroup(loop, Task.current()?.takeIf { it.loop === loop }, errorFactory)
            val stage: CompletableFuture<T> = try {
                body.apply(g).toCompletableFuture()
            } catch (e: Throwable) {
                CompletableFuture<T>().apply { completeExceptionally(e) }
            }
            // Like the body of `async with TaskGroup()`, the body's stage is cancelled when a child fails;
            // otherwise a stage that waits for something else would keep the group open forever.
            g.bodyStage = stage
            if (g.error != null) stage.cancel(false)
            val result = object : LinkedFuture<T>(listOf(stage)) {
                override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
                    val r = super.cancel(mayInterruptIfRunning)
                    if (r) g.onLoop { g.abort() }
                    return r
                }
            }
            stage.whenComplete { _, e ->
                g.onLoop {
                    if (e != null) {
                        val cause = Awaits.unwrap(e)
                        if (cause is CancellationException) {
                            g.abort()
                        } else {
                            g.fail(cause)
                        }
                    }
                    g.closing = true
                    if (g.children.isEmpty()) g.allDone.complete(Unit)
                }
            }
            g.allDone.whenComplete { _, _ ->
                g.finish()
                val err = g.error
                when {
                    err != null -> result.completeExceptionally(err)
                    stage.isCompletedExceptionally -> stage.whenComplete { _, e -> result.completeExceptionally(Awaits.unwrap(e!!)) }
                    else -> result.complete(stage.join())
                }
            }
            return result
        }
    }
}
