package io.asyncio4j;

/**
 * asyncio's {@code QueueFull}: {@link AsyncQueue#putNowait(Object)} found a bounded queue full.
 *
 * <p>Unchecked, like every error the facade maps from asyncio; a rejected call changes nothing.
 *
 * {@snippet class=io.asyncio4j.Snippets region=queueFull}
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueFull(String message) {
        super(message);
    }
}
