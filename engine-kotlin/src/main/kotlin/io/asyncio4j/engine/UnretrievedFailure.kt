package io.asyncio4j.engine

import java.lang.ref.Cleaner
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A task failure nobody has retrieved yet (asyncio's "Task exception was never retrieved"). It is
 * reported exactly once to the loop's exception handler: when the task is garbage-collected still
 * unretrieved, or when the loop closes — whichever comes first — and never if someone retrieves it.
 */
internal class UnretrievedFailure(task: Task<*>, private val error: Throwable) {
    private val loop = task.loop
    private val taskName = task.name
    private val done = AtomicBoolean()

    // Holds the task weakly (through the Cleaner) so an abandoned task can still be collected and reported.
    private var cleanable: Cleaner.Cleanable? = null
    private val taskRef = java.lang.ref.WeakReference(task)

    fun register() {
        loop.unretrieved.add(this)
        val loop = loop
        val taskName = taskName
        val error = error
        val done = done
        val self = this
        cleanable = CLEANER.register(taskRef.get() ?: return) { reportOnce(loop, taskName, error, done, null, self) }
    }

    fun retrieved() {
        if (done.compareAndSet(false, true)) {
            loop.unretrieved.remove(this)
            cleanable?.clean() // runs the action, which sees `done` and does nothing
        }
    }

    fun reportOnce() {
        reportOnce(loop, taskName, error, done, taskRef.get(), this)
        cleanable?.clean()
    }

    private companion object {
        val CLEANER: Cleaner = Cleaner.create()

        fun reportOnce(loop: EventLoop, name: String, error: Throwable, done: AtomicBoolean, task: Task<*>?, self: UnretrievedFailure) {
            if (!done.compareAndSet(false, true)) return
            loop.unretrieved.remove(self)
            loop.report(LoopError("Task exception was never retrieved (task '$name')", error, task, null))
        }
    }
}
