package io.asyncio4j;

/**
 * asyncio's {@code QueueEmpty}: {@link AsyncQueue#getNowait()} found the queue empty.
 *
 * <p>Unchecked, like every error the facade maps from asyncio; a rejected call changes nothing.
 *
 * {@snippet class=io.asyncio4j.Snippets region=queueEmpty}
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueEmpty(String message) {
        super(message);
    }
}
