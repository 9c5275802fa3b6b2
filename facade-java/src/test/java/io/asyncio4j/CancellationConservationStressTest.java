package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, defect 1 under load: blocking-style producer and consumer tasks on two loops plus plain
 * threads share one bounded queue while tasks are cancelled at random (from another thread), awaits
 * run inside {@code Async.timeout}s that expire, and plain threads are interrupted. A task's outcome
 * must match its side effects: every put that returned is got exactly once or left in the queue, and
 * no put that threw is ever seen. Before the fix a 10 s run lost hundreds of items and delivered
 * about a thousand "failed" puts; a lock/semaphore mix deadlocked. Bounded by time (a few seconds)
 * and by item count.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CancellationConservationStressTest {
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final int MAX_ITEMS_PER_PRODUCER = 200_000;

    @Test
    void queue_putEqualsGotPlusLeft_underCancelsTimeoutsAndInterrupts() throws Exception {
        AsyncQueue<Integer> q = new AsyncQueue<>(16);
        Map<Integer, Boolean> putOk = new ConcurrentHashMap<>();
        Map<Integer, Boolean> putFailed = new ConcurrentHashMap<>();
        Map<Integer, Integer> got = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger ids = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + RUN_NANOS;

        List<EventLoop> loops = List.of(EventLoop.startInThread("stress-a"), EventLoop.startInThread("stress-b"));
        List<CompletableFuture<?>> running = new ArrayList<>();
        Map<Task<?>, Boolean> live = new ConcurrentHashMap<>();
        try {
            for (EventLoop loop : loops) {
                for (int i = 0; i < 6; i++) {
                    boolean producer = i % 2 == 0;
                    running.add(loop.runCoroutineThreadsafe(() -> supervise(stop, live, producer
                            ? () -> produce(q, ids, putOk, putFailed, stop)
                            : () -> consume(q, got, duplicates, stop))));
                }
            }
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean producer = i % 2 == 0;
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            if (producer) {
                                int v = ids.incrementAndGet();
                                try {
                                    q.putBlocking(v);
                                    putOk.put(v, true);
                                } catch (InterruptedException e) {
                                    putFailed.put(v, true);
                                }
                            } else {
                                int v = q.getBlocking();
                                if (got.put(v, 1) != null) duplicates.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            // interrupted get: took nothing
                        }
                    }
                }, "stress-thread-" + i);
                threads.add(t);
                t.start();
            }
            // chaos: cancel random tasks and interrupt random threads until the deadline
            while (System.nanoTime() < deadline && ids.get() < MAX_ITEMS_PER_PRODUCER * 8) {
                Thread.sleep(0, 200_000);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                if (r.nextInt(3) == 0) {
                    Task<?>[] snapshot = live.keySet().toArray(new Task<?>[0]);
                    if (snapshot.length > 0) snapshot[r.nextInt(snapshot.length)].cancel();
                } else if (r.nextInt(4) == 0) {
                    threads.get(r.nextInt(threads.size())).interrupt();
                }
            }
            stop.set(true);
            // wake everyone that waits: consumers get sentinels (negative), producers get room
            for (int i = 0; i < 100; i++) {
                for (Task<?> t : live.keySet()) t.cancel();
                for (Thread t : threads) t.interrupt();
                Thread.sleep(5);
                boolean allDone = running.stream().allMatch(CompletableFuture::isDone) && threads.stream().noneMatch(Thread::isAlive);
                if (allDone) break;
            }
            for (CompletableFuture<?> f : running) f.get(30, TimeUnit.SECONDS);
            for (Thread t : threads) {
                t.join(30_000);
                assertThat(t.isAlive()).as("thread %s ended", t.getName()).isFalse();
            }
        } finally {
            for (EventLoop loop : loops) loop.close();
        }
        Map<Integer, Integer> left = new ConcurrentHashMap<>();
        while (!q.empty()) left.put(q.getNowait(), 1);

        assertThat(duplicates).as("items got twice").hasValue(0);
        for (Integer v : got.keySet()) {
            assertThat(putFailed).as("item %d was got although its put reported failure", v).doesNotContainKey(v);
            assertThat(left).doesNotContainKey(v);
        }
        for (Integer v : left.keySet()) assertThat(putFailed).as("left item %d whose put failed", v).doesNotContainKey(v);
        for (Integer v : putOk.keySet()) {
            assertThat(got.containsKey(v) || left.containsKey(v)).as("item %d put but neither got nor left", v).isTrue();
        }
        assertThat(putOk.size()).as("items put").isGreaterThan(1000);
        assertThat(got.size() + left.size()).isEqualTo(putOk.size());
    }

    private static Object produce(AsyncQueue<Integer> q, AtomicInteger ids, Map<Integer, Boolean> putOk,
            Map<Integer, Boolean> putFailed, AtomicBoolean stop) throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (!stop.get()) {
            int v = ids.incrementAndGet();
            try {
                if (r.nextInt(4) == 0) {
                    Async.timeout(Duration.ofNanos(r.nextInt(200_000)), () -> Async.await(q.put(v)));
                } else {
                    Async.await(q.put(v));
                }
                putOk.put(v, true);
            } catch (CancellationException e) {
                putFailed.put(v, true);
                throw e;
            } catch (java.util.concurrent.CompletionException e) {
                putFailed.put(v, true); // the timeout: the put did not happen
            }
        }
        return null;
    }

    private static Object consume(AsyncQueue<Integer> q, Map<Integer, Integer> got, AtomicInteger duplicates,
            AtomicBoolean stop) throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (!stop.get()) {
            Integer v;
            try {
                v = r.nextInt(4) == 0
                        ? Async.timeout(Duration.ofNanos(r.nextInt(200_000)), () -> Async.await(q.get()))
                        : Async.await(q.get());
            } catch (java.util.concurrent.CompletionException e) {
                continue; // the timeout: took nothing
            }
            if (got.put(v, 1) != null) duplicates.incrementAndGet();
        }
        return null;
    }

    /** Runs {@code worker} as a task again and again until {@code stop}: a random cancel ends one run, not the role. */
    private static Object supervise(AtomicBoolean stop, Map<Task<?>, Boolean> live, AsyncCallable<Object> worker) {
        while (!stop.get()) {
            Task<Object> w = Async.createTask(worker);
            live.put(w, true);
            try {
                Async.await(Async.gatherSettled(w));
            } finally {
                live.remove(w);
            }
        }
        return null;
    }

    /** The lock/semaphore mix that deadlocked 15 of 16 tasks before the fix: every task ends, nothing stays held. */
    @Test
    void lockAndSemaphore_noLeakNoDeadlock_underCancelsAndTimeouts() throws Exception {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore sem = new AsyncSemaphore(2);
        AtomicLong ops = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Task<?>, Boolean> live = new ConcurrentHashMap<>();
        List<EventLoop> loops = List.of(EventLoop.startInThread("mix-a"), EventLoop.startInThread("mix-b"));
        List<CompletableFuture<?>> running = new ArrayList<>();
        long deadline = System.nanoTime() + RUN_NANOS / 2;
        try {
            for (int i = 0; i < 16; i++) {
                EventLoop loop = loops.get(i % 2);
                running.add(loop.runCoroutineThreadsafe(() -> supervise(stop, live, () -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        try {
                            if (r.nextBoolean()) {
                                Async.timeout(Duration.ofNanos(r.nextInt(300_000)), () -> {
                                    Async.await(lock.acquire());
                                    try {
                                        Async.await(Async.sleep(Duration.ZERO));
                                    } finally {
                                        lock.release();
                                    }
                                    return null;
                                });
                            } else {
                                Async.await(sem.acquire());
                                try {
                                    Async.await(Async.sleep(Duration.ZERO));
                                } finally {
                                    sem.release();
                                }
                            }
                            ops.incrementAndGet();
                        } catch (java.util.concurrent.CompletionException timedOut) {
                            // the deadline: nothing held
                        }
                    }
                    return null;
                })));
            }
            while (System.nanoTime() < deadline) {
                Thread.sleep(1);
                Task<?>[] snapshot = live.keySet().toArray(new Task<?>[0]);
                if (snapshot.length > 0) snapshot[ThreadLocalRandom.current().nextInt(snapshot.length)].cancel();
            }
            long before = ops.get();
            Thread.sleep(200);
            assertThat(ops.get()).as("still making progress (no deadlock)").isGreaterThan(before);
            stop.set(true);
            for (CompletableFuture<?> f : running) f.get(30, TimeUnit.SECONDS);
        } finally {
            for (EventLoop loop : loops) loop.close();
        }
        assertThat(lock.locked()).isFalse();
        assertThat(sem.availablePermits()).isEqualTo(2);
    }
}
