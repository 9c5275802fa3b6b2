package io.asyncio4j;

/**
 * A task body with no result: Python's {@code async def} that returns nothing.
 *
 * {@snippet class=io.asyncio4j.Snippets region=runnable}
 */
@FunctionalInterface
public interface AsyncRunnable {
    /**
     * Runs the body.
     *
     * @throws Exception any failure; it becomes the task's failure
     */
    void run() throws Exception;
}
