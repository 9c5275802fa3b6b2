package io.asyncio4j.engine

/** Makes the facade's exception types for the stream errors asyncio names (the engine has no Java types of its own). */
public interface StreamErrors {
    /** asyncio's `IncompleteReadError`: EOF came after [partial]; [expected] bytes were wanted (-1: a separator). */
    public fun incompleteRead(partial: ByteArray, expected: Long): Throwable

    /** asyncio's `LimitOverrunError`: no separator within the limit; [consumed] bytes were looked at. */
    public fun limitOverrun(message: String, consumed: Int): Throwable
}
