package io.asyncio4j;

/**
 * Python 3.13's {@code QueueShutDown}: the queue was shut down ({@link AsyncQueue#shutdown()}); puts fail at once, gets fail once the queue is empty.
 *
 * <p>Unchecked, like every error the facade maps from asyncio; a rejected call changes nothing.
 *
 * {@snippet class=io.asyncio4j.Snippets region=queueShutDown}
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
