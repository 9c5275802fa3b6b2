package io.asyncio4j;

/**
 * asyncio's {@code QueueFull}: {@link AsyncQueue#putNowait(Object)} found a bounded queue full.
 *
 * <p>Unchecked, like every error the facade maps from asyncio; a rejected call changes nothing.
 *
 * {@snippet :
 * AsyncQueue<String> q = new AsyncQueue<>(1);
 * try {
 *     q.putNowait("a");
 *     q.putNowait("b");   // full
 * } catch (QueueFull e) {
 *     // handle it
 * }
 * }
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
