package io.asyncio4j;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The settled outcome of one awaitable: a value or a failure. {@link Async#gatherSettled} returns one
 * per input, like {@code asyncio.gather(..., return_exceptions=True)}, but without mixing values and
 * exceptions in one list.
 *
 * {@snippet class=io.asyncio4j.Snippets region=outcome}
 *
 * @param <T> the value type
 */
public final class Outcome<T> {
    private final @Nullable T value;
    private final @Nullable Throwable error;

    private Outcome(@Nullable T value, @Nullable Throwable error) {
        this.value = value;
        this.error = error;
    }

    /**
     * A successful outcome.
     *
     * @param value the value (may be null)
     * @param <T> the value type
     * @return the outcome
     */
    public static <T> Outcome<T> success(@Nullable T value) {
        return new Outcome<>(value, null);
    }

    /**
     * A failed outcome.
     *
     * @param error the failure
     * @param <T> the value type
     * @return the outcome
     */
    public static <T> Outcome<T> failure(Throwable error) {
        return new Outcome<>(null, Objects.requireNonNull(error, "error must not be null"));
    }

    /** @return true if the awaitable produced a value */
    public boolean isSuccess() {
        return error == null;
    }

    /** @return true if the awaitable was cancelled */
    public boolean isCancelled() {
        return error instanceof CancellationException;
    }

    /**
     * The value.
     *
     * @return the value of a successful outcome
     * @throws InvalidStateException if the outcome is a failure
     */
    public @Nullable T value() {
        if (error != null) {
            throw new InvalidStateException("Outcome is a failure, not a value: " + error);
        }
        return value;
    }

    /** @return the failure, or null for a success */
    public @Nullable Throwable error() {
        return error;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Outcome<?> other && Objects.equals(value, other.value) && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, error);
    }

    @Override
    public String toString() {
        return error == null ? "Success[" + value + "]" : "Failure[" + error + "]";
    }
}
