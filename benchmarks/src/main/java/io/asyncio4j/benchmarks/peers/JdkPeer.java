package io.asyncio4j.benchmarks.peers;

import io.asyncio4j.benchmarks.compare.Peer;
import io.asyncio4j.benchmarks.compare.Workload;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The plain-JDK peer: one virtual thread per task and {@code java.util.concurrent}, as a Java
 * programmer would write each workload without any async library. W3 is the bare
 * {@code CompletableFuture.supplyAsync(fn, singleThreadExecutor).get()} hand-off that issue 2 names.
 *
 * <p>Compiled for Java 17: virtual threads are reached through a method handle
 * ({@code Thread.ofVirtual().factory()}), so the class loads everywhere and runs on JDK 21+.
 */
public final class JdkPeer implements Peer {
    private static final ThreadFactory VIRTUAL = virtualThreadFactory();

    @Override
    public long run(Workload w, Workload.Spec s) throws Exception {
        switch (w) {
            case W1: return sleeps(s.n(), s.sleepMs());
            case W1B: return yields(s.n());
            case W2: return queue(s.n(), s.capacity());
            case W3_SEQ: return roundTrips(s.n());
            case W3_PIPE: return pipelinedRoundTrips(s.n());
            case W4: return lock(s.tasks(), s.iters());
            default: throw new AssertionError(w);
        }
    }

    /** W1: n virtual threads that each {@code Thread.sleep(sleepMs)}, all joined. */
    static long sleeps(int n, long sleepMs) throws InterruptedException {
        LongAdder finished = new LongAdder();
        return startAndJoin(n, () -> {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            finished.increment();
        }, finished);
    }

    /** W1b: n virtual threads that each {@code Thread.yield()} once, all joined. */
    static long yields(int n) throws InterruptedException {
        LongAdder finished = new LongAdder();
        return startAndJoin(n, () -> {
            Thread.yield();
            finished.increment();
        }, finished);
    }

    private static long startAndJoin(int n, Runnable body, LongAdder finished) throws InterruptedException {
        ThreadFactory f = virtual();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = f.newThread(body);
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        return finished.sum();
    }

    /** W2: a producer and a consumer virtual thread around an {@code ArrayBlockingQueue(capacity)}. */
    static long queue(int n, int capacity) throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(capacity);
        AtomicLong sum = new AtomicLong();
        Thread producer = virtual().newThread(() -> {
            try {
                for (int i = 0; i < n; i++) q.put(i);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread consumer = virtual().newThread(() -> {
            long acc = 0;
            try {
                for (int i = 0; i < n; i++) acc += q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sum.set(acc);
        });
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        return sum.get();
    }

    /** W3 sequential: {@code CompletableFuture.supplyAsync(fn, singleThreadExecutor).get()}, n times. */
    static long roundTrips(int n) throws Exception {
        ExecutorService ex = singleThread();
        try {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                long v = i;
                sum += CompletableFuture.supplyAsync(() -> v, ex).get();
            }
            return sum;
        } finally {
            ex.shutdownNow();
        }
    }

    /** W3 pipelined: n {@code supplyAsync} submitted at once, then every {@code get()}. */
    @SuppressWarnings("unchecked")
    static long pipelinedRoundTrips(int n) throws Exception {
        ExecutorService ex = singleThread();
        try {
            CompletableFuture<Long>[] fs = new CompletableFuture[n];
            for (int i = 0; i < n; i++) {
                long v = i;
                fs[i] = CompletableFuture.supplyAsync(() -> v, ex);
            }
            long sum = 0;
            for (CompletableFuture<Long> f : fs) sum += f.get();
            return sum;
        } finally {
            ex.shutdownNow();
        }
    }

    /** W4: tasks virtual threads × iters times {@code lock(); Thread.yield(); unlock()} on one {@code ReentrantLock}. */
    static long lock(int tasks, int iters) throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        int[] inside = {0};
        long[] ops = {0};
        ThreadFactory f = virtual();
        Thread[] threads = new Thread[tasks];
        for (int t = 0; t < tasks; t++) {
            threads[t] = f.newThread(() -> {
                for (int i = 0; i < iters; i++) {
                    lock.lock();
                    try {
                        if (++inside[0] != 1) throw new IllegalStateException("two threads inside the lock");
                        Thread.yield();
                        inside[0]--;
                        ops[0]++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        lock.lock(); // the lock's happens-before edges publish the counters
        try {
            return ops[0];
        } finally {
            lock.unlock();
        }
    }

    private static ExecutorService singleThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdk-single");
            t.setDaemon(true);
            return t;
        });
    }

    private static ThreadFactory virtual() {
        if (VIRTUAL == null) {
            throw new NotAvailable("virtual threads need JDK 21+, this is JDK " + Runtime.version().feature());
        }
        return VIRTUAL;
    }

    private static ThreadFactory virtualThreadFactory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle mh = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            Object builder = mh.invoke();
            MethodHandle factory = lookup.findVirtual(Class.forName("java.lang.Thread$Builder"), "factory",
                    MethodType.methodType(ThreadFactory.class));
            return (ThreadFactory) factory.invoke(builder);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        } catch (Throwable e) {
            if (e instanceof Error) throw (Error) e;
            throw new IllegalStateException("cannot create the virtual thread factory", e);
        }
    }
}
