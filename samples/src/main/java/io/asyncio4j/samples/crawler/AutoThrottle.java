package io.asyncio4j.samples.crawler;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One host's adaptive limits ({@code --auto-throttle}), our take on Scrapy's AutoThrottle: instead
 * of a fixed concurrency and pause, the host's slot gets what its answers say it can take.
 * <ul>
 * <li>Concurrency starts at 1 and follows the host's latency, as a gradient limiter does: a short
 *     average of the latency (about 5 answers) against a long one (about 50); while they agree the
 *     limit grows (by about √limit a round), when the short one rises above 1.5 × the long one the
 *     limit shrinks, down to half. It stays within 1 and {@code --per-host}.
 * <li>An answer that says "too much" — 429, 503, or a connection refused, reset or timed out —
 *     halves the limit and doubles a pause between requests (from the latency, at most
 *     {@code --max-backoff}); a {@code Retry-After} pauses the whole host that long. Answers that
 *     come back well shorten the pause by a quarter each, down to none.
 * </ul>
 * The politeness pause of {@code --delay} or a robots.txt {@code Crawl-delay} stays the least pause.
 * Confined to the crawl's loop.
 */
final class AutoThrottle {
    private static final double TOLERANCE = 1.5;
    private static final double SHORT = 0.2;
    private static final double LONG = 0.02;
    private static final double SMOOTHING = 0.2;
    private static final long MIN_ERROR_DELAY = 50_000_000;

    private final int max;
    private final long maxDelayNanos;
    private double limit = 1;
    private double shortRtt = -1;
    private double longRtt = -1;
    private long errorDelayNanos;

    /**
     * @param max the host's concurrency at most ({@code --per-host})
     * @param maxDelay the longest pause it sets ({@code --max-backoff})
     */
    AutoThrottle(int max, Duration maxDelay) {
        this.max = max;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** @return the host's concurrency now */
    int concurrency() {
        return (int) limit;
    }

    /** @return the pause between two of the host's request starts it asks for now */
    long delayNanos() {
        return errorDelayNanos;
    }

    /** An answer that came back well (any status but 429 and 503), {@code latencyNanos} after its request started. */
    void onAnswer(long latencyNanos) {
        double rtt = Math.max(1, latencyNanos);
        if (shortRtt < 0) {
            shortRtt = rtt;
            longRtt = rtt;
        }
        shortRtt += SHORT * (rtt - shortRtt);
        longRtt += LONG * (rtt - longRtt);
        if (longRtt > 2 * shortRtt) {
            longRtt *= 0.95; // after a spike, let the long average come down soon
        }
        double gradient = Math.max(0.5, Math.min(1.0, TOLERANCE * longRtt / shortRtt));
        double next = limit * gradient + Math.sqrt(limit);
        limit = Math.max(1, Math.min(max, limit + SMOOTHING * (next - limit)));
        errorDelayNanos = errorDelayNanos * 3 / 4;
        if (errorDelayNanos < 1_000_000) {
            errorDelayNanos = 0;
        }
    }

    /**
     * An answer or failure that says "too much": 429, 503, a connection refused, reset or timed out.
     *
     * @param retryAfter the server's Retry-After, or null
     * @return how long the whole host should pause (its Retry-After, at most the longest pause), or 0
     */
    long onOverload(@Nullable Duration retryAfter) {
        limit = Math.max(1, limit / 2);
        long base = shortRtt > 0 ? (long) shortRtt : MIN_ERROR_DELAY;
        errorDelayNanos = Math.min(maxDelayNanos, Math.max(Math.max(MIN_ERROR_DELAY, base), errorDelayNanos * 2));
        return retryAfter == null ? 0 : Math.min(maxDelayNanos, retryAfter.toNanos());
    }
}
