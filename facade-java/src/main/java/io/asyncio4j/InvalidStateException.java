package io.asyncio4j;

/**
 * asyncio's {@code InvalidStateError}: an operation that needs a finished task (or a value that is not
 * there) was called too early, e.g. {@link Task#result()} on a pending task.
 *
 * {@snippet :
 * Task<String> t = Async.createTask(() -> "x");
 * try {
 *     t.result();                // not done yet
 * } catch (InvalidStateException e) {
 *     // "Result is not set."
 * }
 * }
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
