package io.asyncio4j;

/**
 * asyncio's {@code BoundedSemaphore}: an {@link AsyncSemaphore} that refuses to be released above
 * its initial count ({@link IllegalStateException}), which catches a release without an acquire.
 *
 * {@snippet class=io.asyncio4j.Snippets region=boundedSemaphore}
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {
    /**
     * Creates a bounded semaphore with {@code permits} free permits, which is also its maximum.
     *
     * @param permits the initial and maximum number of permits
     * @throws IllegalArgumentException if {@code permits < 0} ("permits must be >= 0")
     */
    public AsyncBoundedSemaphore(int permits) {
        super(permits, true);
    }
}
