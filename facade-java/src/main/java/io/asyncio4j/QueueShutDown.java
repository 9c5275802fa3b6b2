package io.asyncio4j;

/**
 * Python 3.13's {@code QueueShutDown}: the queue was shut down ({@link AsyncQueue#shutdown()}); puts fail at once, gets fail once the queue is empty.
 *
 * <p>Unchecked, like every error the facade maps from asyncio; a rejected call changes nothing.
 *
 * {@snippet :
 * AsyncQueue<String> q = new AsyncQueue<>(1);
 * try {
 *     q.shutdown();
 *     Async.await(q.get()); // empty and shut down
 * } catch (QueueShutDown e) {
 *     // handle it
 * }
 * }
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueShutDown(String message) {
        super(message);
    }
}
