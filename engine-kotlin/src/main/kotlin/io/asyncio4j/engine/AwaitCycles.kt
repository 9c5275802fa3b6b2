package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture

/**
 * Awaits that would wait forever because what is awaited waits for the awaiting task itself: the task's
 * own future, a gather (or another combinator) that holds it, or a task that awaits one of those. asyncio
 * only catches the first; here each fails at once with [IllegalStateException] instead of hanging
 * undetected. The walk follows tasks' current awaits and combinators' inputs, at most [BUDGET] futures
 * and [MAX_DEPTH] levels per await (beyond that it gives up without a verdict: a million-task gather
 * costs a bounded check).
 */
internal object AwaitCycles {
    private const val BUDGET = 100_000
    private const val MAX_DEPTH = 500

    /** Throws if [me] awaiting [cf] would wait for [me]; [cf] is not done. */
    fun check(cf: CompletableFuture<*>, me: Task<*>?) {
        if (me == null) return
        val walk = Walk(me)
        val through = walk.find(cf, null) ?: return
        if (through === NO_TASK) {
            throw IllegalStateException("Task '${me.name}' cannot await itself: it would wait forever" + walk.via(cf))
        }
        throw IllegalStateException(
            "Task '${me.name}' cannot await Task '${(through as Task<*>).name}': it awaits Task '${me.name}' " +
                "in turn (an await cycle), so both would wait forever",
        )
    }

    private val NO_TASK = Any()

    private class Walk(private val me: Task<*>) {
        private var left = BUDGET

        /** The first task on the way to [me] ([NO_TASK] if none), or null if [f] does not lead to [me]. */
        fun find(f: Any?, firstTask: Any?, depth: Int = 0): Any? {
            if (--left < 0 || depth > MAX_DEPTH) return null
            when (f) {
                is TaskFuture<*> -> {
                    val t = f.task()
                    if (t === me) return firstTask ?: NO_TASK
                    if (t.isDone) return null
                    return find(t.awaiting, firstTask ?: t, depth + 1)
                }
                is Task<*> -> return find(f.future, firstTask, depth + 1)
                is LinkedFuture<*> -> {
                    if (f.isDone) return null
                    for (input in f.inputs) find(input, firstTask, depth + 1)?.let { return it }
                }
            }
            return null
        }

        fun via(cf: CompletableFuture<*>): String = if (cf is LinkedFuture<*>) " (it is among the inputs of ${cf.describe()})" else ""
    }
}
