package io.asyncio4j;

/**
 * asyncio's {@code InvalidStateError}: an operation that needs a finished task (or a value that is not
 * there) was called too early, e.g. {@link Task#result()} on a pending task.
 *
 * {@snippet class=io.asyncio4j.Snippets region=invalidState}
 */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was not in the right state
     */
    public InvalidStateException(String message) {
        super(message);
    }
}
