package io.asyncio4j.benchmarks.peers;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import io.asyncio4j.benchmarks.compare.Peer;
import io.asyncio4j.benchmarks.compare.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * asyncio4j's side of the comparison, written against the public Java API only, in its two styles.
 *
 * <p><b>Future style</b> ({@code blocking == false}): the task bodies are methods that return a
 * {@code CompletableFuture} and cost no thread; only {@code main} is a body.
 * <ul>
 *   <li>W1: {@code Async.run(() -> Async.await(Async.gather(1M × Async.sleep(1 s, 1))))};</li>
 *   <li>W1b: the same with {@code Async.sleep(Duration.ZERO, 1)} (asyncio's {@code sleep(0)}: yields once);</li>
 *   <li>W2: a producer and a consumer written as callbacks on {@code AsyncQueue.put}/{@code get} futures
 *       (continuing synchronously while those are already complete);</li>
 *   <li>W4: each of the 1000 workers chains {@code lock.acquire()} → {@code Async.sleep(ZERO)} →
 *       {@code lock.release()} with {@code whenComplete};</li>
 *   <li>W3: {@code CompletableFuture.supplyAsync(fn, loop).get()} with the {@code EventLoop} as the
 *       {@code Executor} (a {@code callSoonThreadsafe} hand-off, no task).</li>
 * </ul>
 * <p><b>Blocking style</b> ({@code blocking == true}): each task is an {@code Async.createTask} body
 * that waits with {@code Async.await}, as Python's {@code async def} would.
 * <ul>
 *   <li>W1: 1M {@code Async.createTask(() -> { Async.await(Async.sleep(1 s)); return 1; })}, gathered;</li>
 *   <li>W1b: the same with {@code Duration.ZERO};</li>
 *   <li>W2: two tasks, {@code Async.await(q.put(i))} and {@code Async.await(q.get())};</li>
 *   <li>W4: 1000 tasks × {@code Async.await(lock.acquire()); Async.await(Async.sleep(ZERO)); lock.release()};</li>
 *   <li>W3: {@code Async.runCoroutineThreadsafe(() -> x, loop).get()} against a loop from
 *       {@code EventLoop.startInThread("bench")} — the API issue 2's target names.</li>
 * </ul>
 */
public final class Asyncio4jPeer implements Peer {
    private final boolean blocking;

    public Asyncio4jPeer(boolean blocking) {
        this.blocking = blocking;
    }

    @Override
    public long run(Workload w, Workload.Spec s) throws Exception {
        switch (w) {
            case W1: return blocking ? sleepTasks(s.n(), Duration.ofMillis(s.sleepMs())) : sleepFutures(s.n(), Duration.ofMillis(s.sleepMs()));
            case W1B: return blocking ? sleepTasks(s.n(), Duration.ZERO) : sleepFutures(s.n(), Duration.ZERO);
            case W2: return blocking ? queueTasks(s.n(), s.capacity()) : queueFutures(s.n(), s.capacity());
            case W3_SEQ: return roundTrips(s.n(), false);
            case W3_PIPE: return roundTrips(s.n(), true);
            case W4: return blocking ? lockTasks(s.tasks(), s.iters()) : lockFutures(s.tasks(), s.iters());
            default: throw new AssertionError(w);
        }
    }

    // ------------------------------------------------------------------ W1, W1b

    /** Future style: n sleep futures gathered by the main task. */
    static long sleepFutures(int n, Duration d) {
        return Async.run(() -> {
            List<CompletableFuture<Integer>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) fs.add(Async.sleep(d, 1));
            return sum(Async.await(Async.gather(fs)));
        });
    }

    /** Blocking style: n tasks whose bodies await a sleep, gathered by the main task. */
    static long sleepTasks(int n, Duration d) {
        return Async.run(() -> {
            List<Task<Integer>> ts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ts.add(Async.createTask(() -> {
                    Async.await(Async.sleep(d));
                    return 1;
                }));
            }
            return sum(Async.await(Async.gather(ts)));
        });
    }

    private static long sum(List<Integer> xs) {
        long s = 0;
        for (Integer x : xs) s += x;
        return s;
    }

    // ------------------------------------------------------------------ W2

    /** Future style: producer and consumer as callback state machines on the queue's futures. */
    static long queueFutures(int n, int capacity) {
        return Async.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(capacity);
            Consumer consumer = new Consumer(q, n);
            Producer producer = new Producer(q, n);
            consumer.step();
            producer.step();
            Async.await(producer.done);
            return Async.await(consumer.done);
        });
    }

    private static final class Producer implements BiConsumer<Object, Throwable> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AsyncQueue<Integer> q;
        private final int n;
        private int i;

        Producer(AsyncQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        void step() {
            while (i < n) {
                CompletableFuture<Void> f = q.put(i++);
                if (!f.isDone()) {
                    f.whenComplete(this);
                    return;
                }
                if (f.isCompletedExceptionally()) {
                    f.whenComplete(this);
                    return;
                }
            }
            done.complete(null);
        }

        @Override
        public void accept(Object v, Throwable e) {
            if (e != null) done.completeExceptionally(e);
            else step();
        }
    }

    private static final class Consumer implements BiConsumer<Integer, Throwable> {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final AsyncQueue<Integer> q;
        private final int n;
        private int got;
        private long sum;

        Consumer(AsyncQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        void step() {
            while (got < n) {
                CompletableFuture<Integer> f = q.get();
                if (!f.isDone() || f.isCompletedExceptionally()) {
                    f.whenComplete(this);
                    return;
                }
                sum += f.join();
                got++;
            }
            done.complete(sum);
        }

        @Override
        public void accept(Integer v, Throwable e) {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            sum += v;
            got++;
            step();
        }
    }

    /** Blocking style: a producer task and a consumer task awaiting the queue's futures. */
    static long queueTasks(int n, int capacity) {
        return Async.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(capacity);
            Task<Long> consumer = Async.createTask(() -> {
                long sum = 0;
                for (int i = 0; i < n; i++) sum += Async.await(q.get());
                return sum;
            });
            Task<Void> producer = Async.createTask(() -> {
                for (int i = 0; i < n; i++) Async.await(q.put(i));
                return null;
            });
            Async.await(producer);
            return Async.await(consumer);
        });
    }

    // ------------------------------------------------------------------ W4

    /** Future style: workers that chain acquire → sleep(0) → release with callbacks. */
    static long lockFutures(int tasks, int iters) {
        return Async.run(() -> {
            AsyncLock lock = new AsyncLock();
            int[] inside = {0};
            long[] ops = {0};
            List<CompletableFuture<Void>> done = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                LockWorker w = new LockWorker(lock, iters, inside, ops);
                done.add(w.done);
                w.next();
            }
            Async.await(Async.gather(done));
            return ops[0];
        });
    }

    private static final class LockWorker {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AsyncLock lock;
        private final int[] inside;
        private final long[] ops;
        private int left;

        LockWorker(AsyncLock lock, int iters, int[] inside, long[] ops) {
            this.lock = lock;
            this.left = iters;
            this.inside = inside;
            this.ops = ops;
        }

        void next() {
            if (left == 0) {
                done.complete(null);
                return;
            }
            lock.acquire().whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                    return;
                }
                if (++inside[0] != 1) {
                    done.completeExceptionally(new IllegalStateException("two workers inside the lock"));
                    return;
                }
                Async.sleep(Duration.ZERO).whenComplete((v2, e2) -> {
                    inside[0]--;
                    ops[0]++;
                    lock.release();
                    left--;
                    next();
                });
            });
        }
    }

    /** Blocking style: tasks that await the lock, yield while holding it, and release it. */
    static long lockTasks(int tasks, int iters) {
        return Async.run(() -> {
            AsyncLock lock = new AsyncLock();
            int[] inside = {0};
            long[] ops = {0};
            List<Task<Void>> ts = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                ts.add(Async.createTask(() -> {
                    for (int i = 0; i < iters; i++) {
                        Async.await(lock.acquire());
                        try {
                            if (++inside[0] != 1) throw new IllegalStateException("two tasks inside the lock");
                            Async.await(Async.sleep(Duration.ZERO));
                            inside[0]--;
                            ops[0]++;
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                }));
            }
            Async.await(Async.gather(ts));
            return ops[0];
        });
    }

    // ------------------------------------------------------------------ W3

    private long roundTrips(int n, boolean pipelined) throws Exception {
        EventLoop loop = EventLoop.startInThread("bench");
        try {
            long sum = 0;
            if (!pipelined) {
                for (int i = 0; i < n; i++) sum += submit(loop, i).get();
            } else {
                List<CompletableFuture<Long>> fs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) fs.add(submit(loop, i));
                for (CompletableFuture<Long> f : fs) sum += f.get();
            }
            return sum;
        } finally {
            loop.close();
        }
    }

    private CompletableFuture<Long> submit(EventLoop loop, long x) {
        return blocking ? Async.runCoroutineThreadsafe(() -> x, loop) : CompletableFuture.supplyAsync(() -> x, loop);
    }
}
