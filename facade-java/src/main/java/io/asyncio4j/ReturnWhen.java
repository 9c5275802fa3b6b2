package io.asyncio4j;

/**
 * When {@link Async#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns: asyncio's
 * {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED}.
 *
 * {@snippet class=io.asyncio4j.Snippets region=returnWhen}
 */
public enum ReturnWhen {
    /** As soon as any input finishes or is cancelled. */
    FIRST_COMPLETED,
    /** As soon as any input fails (cancellation is not a failure); else when all are done. */
    FIRST_EXCEPTION,
    /** When every input is done. */
    ALL_COMPLETED
}
