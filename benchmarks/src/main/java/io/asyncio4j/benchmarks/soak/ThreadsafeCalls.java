package io.asyncio4j.benchmarks.soak;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain threads call {@link EventLoop#runCoroutineThreadsafe} on a short-lived loop
 * ({@link EventLoop#startInThread}), cancel some calls right after submitting them, and race the
 * loop's {@link EventLoop#close}. After {@code close} returns, every future handed out must be done
 * within {@link #BOUND}: one that is not is a hung call. A call made after close must be refused with
 * {@link IllegalStateException}; a call that ran must return its own value.
 */
final class ThreadsafeCalls implements SoakLoad {
    private static final int CALLERS = 3;
    private static final int CALLS_PER_CALLER = 40;
    static final Duration BOUND = Duration.ofSeconds(5);

    private final SoakCounters counters;
    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS + 1, r -> {
        Thread t = new Thread(r, "soak-threadsafe-caller");
        t.setDaemon(true);
        return t;
    });
    private int round;

    ThreadsafeCalls(SoakCounters counters) {
        this.counters = counters;
    }

    @Override
    public LoadKind kind() {
        return LoadKind.THREADSAFE;
    }

    @Override
    public void round() throws Exception {
        round++;
        EventLoop loop = EventLoop.startInThread("soak-threadsafe-" + round);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        List<Future<?>> submitters = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            submitters.add(callers.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < CALLS_PER_CALLER; i++) {
                    int value = caller * 1000 + i;
                    long nanos = rnd.nextLong(2_000_000);
                    CompletableFuture<Integer> f;
                    try {
                        f = loop.runCoroutineThreadsafe(() -> {
                            Async.await(Async.sleep(Duration.ofNanos(nanos)));
                            return value;
                        });
                    } catch (IllegalStateException closed) {
                        counters.op(LoadKind.THREADSAFE, 1);   // refused: the loop is closed, as it should be
                        continue;
                    }
                    synchronized (calls) {
                        calls.add(f);
                        expected.add(value);
                    }
                    if (rnd.nextInt(4) == 0 && f.cancel(true)) {
                        counters.fault(LoadKind.THREADSAFE, 1);
                    }
                    if (rnd.nextInt(8) == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 8));
        Future<?> closing = callers.submit(loop::close);
        counters.fault(LoadKind.THREADSAFE, 1);   // the close itself
        try {
            closing.get(BOUND.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            counters.hung(LoadKind.THREADSAFE, 1, "EventLoop.close did not return within " + BOUND.toSeconds() * 2
                    + " s (round " + round + ")");
            return;
        }
        for (Future<?> s : submitters) {
            s.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        }
        List<CompletableFuture<Integer>> all;
        List<Integer> values;
        synchronized (calls) {
            all = List.copyOf(calls);
            values = List.copyOf(expected);
        }
        long deadline = System.nanoTime() + BOUND.toNanos();
        long hung = 0;
        for (int i = 0; i < all.size(); i++) {
            CompletableFuture<Integer> f = all.get(i);
            try {
                Integer v = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (v == null || v.intValue() != values.get(i)) {
                    counters.violation(LoadKind.THREADSAFE, "call returned " + v + ", expected " + values.get(i));
                }
            } catch (CancellationException e) {
                // cancelled by us or by the close: done, which is all that is asked
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof CancellationException) && !(cause instanceof IllegalStateException)) {
                    counters.violation(LoadKind.THREADSAFE, "call failed with " + e.getCause());
                }
            } catch (TimeoutException e) {
                hung++;
            }
            counters.op(LoadKind.THREADSAFE, 1);
        }
        if (hung > 0) {
            counters.hung(LoadKind.THREADSAFE, hung, "runCoroutineThreadsafe futures not done " + BOUND.toSeconds()
                    + " s after the loop's close returned (round " + round + ", " + all.size() + " calls)");
        }
        counters.round(LoadKind.THREADSAFE);
    }

    @Override
    public void close() throws InterruptedException {
        callers.shutdownNow();
        if (!callers.awaitTermination(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            counters.hung(LoadKind.THREADSAFE, 1, "caller threads did not end");
        }
    }
}
