package io.asyncio4j;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test bodies that block their thread — and so hold their loop — until interrupted, and the plain
 * threads that cancel them from outside that loop.
 */
final class Interruptible {
    private Interruptible() {}

    /**
     * A body that counts {@code started} down, then sleeps a minute; when interrupted it runs
     * {@code onInterrupt} and rethrows.
     */
    static AsyncCallable<Object> sleepUntilInterrupted(CountDownLatch started, Runnable onInterrupt) {
        return () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                onInterrupt.run();
                throw e;
            }
            return null;
        };
    }

    /**
     * Starts a plain thread that waits (at most 5 s) for {@code ready} and then runs {@code cancel}:
     * a body that holds its loop can only be cancelled from outside it. Cancels even on a time-out,
     * so a broken test fails its assertions instead of hanging.
     */
    static Thread cancelWhen(CountDownLatch ready, Runnable cancel) {
        Thread t = new Thread(() -> {
            try {
                ready.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return; // the test is over
            }
            cancel.run();
        }, "canceller");
        t.start();
        return t;
    }
}
