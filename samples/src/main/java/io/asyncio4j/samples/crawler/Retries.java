package io.asyncio4j.samples.crawler;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
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

    /**
     * @return {@code "connect"} for a failure to connect, {@code "network"} for a connection that broke
     *     before the answer was whole (both worth retrying), or null for anything else
     */
    static @Nullable String networkKind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof UnknownHostException
                    || c.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return "connect";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof ClosedChannelException || c instanceof java.io.EOFException
                    || c.getClass().getName().equals("io.vertx.core.http.HttpClosedException")
                    || msg.contains("connection was closed") || msg.contains("connection reset")
                    || msg.contains("closed") && c instanceof java.io.IOException) {
                return "network";
            }
        }
        return null;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m.strip().replaceAll("\\s+", " "));
    }
}
