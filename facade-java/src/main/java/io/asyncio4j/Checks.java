package io.asyncio4j;

import io.asyncio4j.engine.Awaits;
import io.asyncio4j.engine.ClassPatterns;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Argument checks and conversions shared by the facade; messages name the parameter as API.md does. */
final class Checks {
    private Checks() {}

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** {@code pattern}, checked to be a class allow-list pattern (see {@link WorkerOptions#allowClasses}). */
    static String classPattern(String pattern, String name) {
        return ClassPatterns.check(notNull(pattern, name), name);
    }

    /** Nanoseconds of a non-negative duration, saturated at {@code Long.MAX_VALUE}. */
    static long nanos(Duration d, String name) {
        notNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** The futures behind {@code aws}, checked for null; a task's future is taken without marking it retrieved. */
    static <T> List<CompletableFuture<T>> futures(Collection<? extends CompletionStage<? extends T>> aws, String name) {
        notNull(aws, name);
        Object[] array = aws.toArray();
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] out = new CompletableFuture[array.length];
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException(name + " must not contain null (index " + i + ")");
            }
            out[i] = futureOf((CompletionStage<?>) array[i]);
        }
        return List.of(out);
    }

    @SuppressWarnings("unchecked")
    static <T> CompletableFuture<T> futureOf(CompletionStage<?> stage) {
        return (CompletableFuture<T>) stage.toCompletableFuture();
    }

    /** Throws {@code t} as Async.await would: unchecked as is, checked in a CompletionException. */
    static RuntimeException rethrow(Throwable t) {
        Throwable w = Awaits.wrap(t);
        if (w instanceof Error e) {
            throw e;
        }
        throw (RuntimeException) w;
    }
}
