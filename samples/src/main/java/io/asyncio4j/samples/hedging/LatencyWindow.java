package io.asyncio4j.samples.hedging;

import java.time.Duration;
import java.util.Arrays;

/**
 * The client's running view of how long one attempt takes: the last {@value #SIZE} successful
 * single attempts, and their 95th percentile. Hedging waits this long before sending a second copy
 * (as "The Tail at Scale" does: the delay follows the latency the client sees now, not a number fixed
 * in advance); sequential retries time out at twice it.
 */
final class LatencyWindow {
    static final int SIZE = 512;
    private static final int REFRESH = 32;
    private final long[] ring = new long[SIZE];
    private int count;
    private int pos;
    private volatile long p95;

    /** Records one successful single attempt. */
    synchronized void add(long nanos) {
        ring[pos] = nanos;
        pos = (pos + 1) % SIZE;
        count = Math.min(SIZE, count + 1);
        if (count % REFRESH == 0 || count < REFRESH || pos % REFRESH == 0) {
            long[] sorted = Arrays.copyOf(ring, count);
            Arrays.sort(sorted);
            p95 = sorted[Math.max(0, (int) Math.ceil(0.95 * count) - 1)];
        }
    }

    /** The current 95th percentile; {@code fallback} before any sample. */
    Duration p95(Duration fallback) {
        long v = p95;
        return v == 0 ? fallback : Duration.ofNanos(v);
    }
}
