package io.asyncio4j.samples.crawler;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The retry policy: which failures are worth another try, and how long to pause before it
 * (exponential backoff with jitter, or the server's Retry-After).
 */
final class Retries {
    private Retries() {}

    /** 5xx (the server's trouble, often passing) and 429 (too many requests: slow down and retry). */
    static boolean worthRetrying(int status) {
        return status == 429 || (status >= 500 && status < 600);
    }

    /**
     * The pause before retry number {@code retry + 1}: {@code first * 2^retry}, at most {@code max},
     * of which a random half ("equal jitter"), so that many clients retrying at once spread out.
     */
    static Duration backoff(Duration first, Duration max, int retry) {
        long cap = max.toNanos();
        long d = first.toNanos();
        for (int i = 0; i < retry && d < cap; i++) {
            d *= 2;
        }
        d = Math.min(d, cap);
        long half = d / 2;
        return Duration.ofNanos(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    /** Retry-After as seconds or as an HTTP date; null if absent or unreadable. */
    static @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            long s = Long.parseLong(h);
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The failure inside the wrappers that futures add. */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
