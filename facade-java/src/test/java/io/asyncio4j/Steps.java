package io.asyncio4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Ordering checks in the style of kotlinx.coroutines' {@code TestBase.expect(n)}: each step states its
 * number; a step out of order is recorded (and thrown where it happened) and {@link #finish} fails.
 * Safe from any thread: the steps of one loop are already ordered by the loop.
 */
final class Steps {
    private int last;
    private final List<String> errors = new ArrayList<>();

    synchronized void expect(int n) {
        int was = last;
        last = n;
        if (was + 1 != n) {
            String msg = "step " + n + " came after step " + was + " on thread " + Thread.currentThread().getName();
            errors.add(msg);
            throw new AssertionError(msg);
        }
    }

    /** The last step: checks it and that no step was out of order anywhere. */
    synchronized void finish(int n) {
        if (!errors.isEmpty()) {
            throw new AssertionError("steps out of order: " + errors);
        }
        expect(n);
    }

    synchronized int last() {
        return last;
    }
}
