package io.asyncio4j;

/**
 * A task body that returns a value: Python's {@code async def}. Inside it, wait with
 * {@link Async#await(java.util.concurrent.CompletionStage)} where Python writes {@code await}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=callable}
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncCallable<T> {
    /**
     * Runs the body.
     *
     * @return the result
     * @throws Exception any failure; it becomes the task's failure
     */
    T call() throws Exception;
}
