package io.asyncio4j;

import java.util.List;

/**
 * {@code async with asyncio.TaskGroup() as tg}: tasks that all finish before the group is closed.
 *
 * <p>{@link #close()} waits for every child. If a child fails, the other children are cancelled and
 * the body is interrupted at its current (or next) {@code Async.await}, which throws the group's
 * {@link TaskGroupException}; that exception lists every failure. Cancelling the task that opened
 * the group cancels the children, and {@code close()} still waits for them to unwind.
 *
 * <p>One difference from Python, forced by try-with-resources: {@code close()} cannot see an
 * exception thrown by the try block itself, so such an exception does not cancel the children —
 * they are waited for. Throw after the block, or cancel children yourself, if you need that.
 *
 * {@snippet class=io.asyncio4j.Snippets region=taskGroup}
 * Future style: {@link Async#taskGroup(java.util.function.Function)}.
 */
public final class TaskGroup implements AutoCloseable {
    final io.asyncio4j.engine.TaskGroup core;

    private TaskGroup(io.asyncio4j.engine.TaskGroup core) {
        this.core = core;
    }

    static TaskGroup wrap(io.asyncio4j.engine.TaskGroup core) {
        return new TaskGroup(core);
    }

    static TaskGroupException newException(List<Throwable> live) {
        return new TaskGroupException(live);
    }

    /**
     * Opens a group owned by the current task.
     *
     * @return the group; close it with try-with-resources
     * @throws IllegalStateException outside a task body
     */
    public static TaskGroup open() {
        return new TaskGroup(io.asyncio4j.engine.TaskGroup.open(TaskGroup::newException));
    }

    /**
     * Starts a child task.
     *
     * @param body the child's body
     * @param <T> the result type
     * @return the child
     * @throws IllegalStateException if the group is closed or shutting down after a failure
     */
    public <T> Task<T> createTask(AsyncCallable<T> body) {
        Checks.notNull(body, "body");
        return Task.of(core.createTask(null, body::call));
    }

    /**
     * Starts a named child task.
     *
     * @param name the child's name
     * @param body the child's body
     * @param <T> the result type
     * @return the child
     */
    public <T> Task<T> createTask(String name, AsyncCallable<T> body) {
        Checks.notNull(name, "name");
        Checks.notNull(body, "body");
        return Task.of(core.createTask(name, body::call));
    }

    /**
     * Waits for every child, then throws the group's failure, if any.
     *
     * @throws TaskGroupException if a child failed (unless it was already thrown into the body)
     * @throws java.util.concurrent.CancellationException if the owning task was cancelled
     */
    @Override
    public void close() {
        core.closeBlocking();
    }
}
