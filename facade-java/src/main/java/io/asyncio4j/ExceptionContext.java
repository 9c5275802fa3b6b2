package io.asyncio4j;

import io.asyncio4j.engine.LoopError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an event loop tells its exception handler (asyncio's exception-handler {@code context}): a task
 * failure nobody retrieved, a callback that threw, or — in debug mode — a task that held the loop
 * longer than the threshold, with the stack of the thread holding it.
 *
 * {@snippet class=io.asyncio4j.Snippets region=exceptionHandler}
 */
public final class ExceptionContext {
    private final String message;
    private final @Nullable Throwable exception;
    private final @Nullable Task<?> task;
    private final List<StackTraceElement> stackTrace;

    ExceptionContext(LoopError e) {
        this.message = e.getMessage();
        this.exception = e.getException();
        this.task = e.getTask() == null ? null : Task.of(e.getTask());
        StackTraceElement[] st = e.getStackTrace();
        this.stackTrace = st == null ? List.of() : List.of(st);
    }

    /** @return a human-readable description */
    public String message() {
        return message;
    }

    /** @return the failure, or null for a report that is not a failure (a slow task) */
    public @Nullable Throwable exception() {
        return exception;
    }

    /** @return the task concerned, or null */
    public @Nullable Task<?> task() {
        return task;
    }

    /** @return where the thread holding the loop was (slow-task reports), else empty */
    public List<StackTraceElement> stackTrace() {
        return stackTrace;
    }

    @Override
    public String toString() {
        return message + (exception == null ? "" : ": " + exception);
    }
}
