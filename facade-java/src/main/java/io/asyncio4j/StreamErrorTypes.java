package io.asyncio4j;

import io.asyncio4j.engine.StreamErrors;

/** The facade's exception types for the engine's streams. */
final class StreamErrorTypes implements StreamErrors {
    static final StreamErrorTypes INSTANCE = new StreamErrorTypes();

    private StreamErrorTypes() {}

    @Override
    public Throwable incompleteRead(byte[] partial, long expected) {
        return new IncompleteReadError(partial, expected);
    }

    @Override
    public Throwable limitOverrun(String message, int consumed) {
        return new LimitOverrunException(message, consumed);
    }
}
