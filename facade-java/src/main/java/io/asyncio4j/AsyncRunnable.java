package io.asyncio4j;

/**
 * A task body with no result: Python's {@code async def} that returns nothing.
 *
 * {@snippet :
 * Async.run(() -> {
 *     Async.await(Async.sleep(Duration.ofMillis(10)));
 *     System.out.println("done");
 * });
 * }
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
