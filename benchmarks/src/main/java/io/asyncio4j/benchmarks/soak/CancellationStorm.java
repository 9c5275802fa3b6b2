package io.asyncio4j.benchmarks.soak;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.AsyncSemaphore;
import io.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks in both styles put to and get from a bounded {@link AsyncQueue}, take an {@link AsyncLock} and
 * permits of an {@link AsyncSemaphore}, while a canceller cancels tasks and returned futures at random
 * points. Each round runs in its own {@code Async.run} and then checks conservation: every item whose
 * put succeeded was got exactly once or is still in the queue, no item whose put was cancelled turned
 * up, the lock is free and every permit is back, and the lock and semaphore never let in too many.
 */
final class CancellationStorm implements SoakLoad {
    private static final int QUEUE_SIZE = 8;
    private static final int PERMITS = 3;
    private static final int BLOCKING_PRODUCERS = 4;
    private static final int ITEMS_PER_PRODUCER = 40;
    private static final int FUTURE_PUTS = 40;
    private static final int BLOCKING_CONSUMERS = 4;
    private static final int FUTURE_GETS = 40;
    private static final int LOCK_TASKS = 4;
    private static final int SEM_TASKS = 6;
    private static final int FUTURE_ACQUIRES = 16;
    private static final int TURNS = 20;
    private static final int CANCELS = 40;
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final SoakCounters counters;
    private int round;

    CancellationStorm(SoakCounters counters) {
        this.counters = counters;
    }

    @Override
    public LoadKind kind() {
        return LoadKind.STORM;
    }

    @Override
    public void round() {
        int base = ++round * 1_000_000;
        AsyncQueue<Integer> queue = new AsyncQueue<>(QUEUE_SIZE);
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore sem = new AsyncSemaphore(PERMITS);
        Set<Integer> put = ConcurrentHashMap.newKeySet();
        Set<Integer> putCancelled = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> got = new ConcurrentHashMap<>();
        AtomicInteger inLock = new AtomicInteger();
        AtomicInteger inSem = new AtomicInteger();
        AtomicInteger pendingReleases = new AtomicInteger();
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            // victims: what the canceller cancels (tasks, and the futures the library returned);
            // settled: what must be done before the round is checked (tasks, and the callbacks' futures)
            List<Future<?>> victims = new ArrayList<>();
            List<CompletionStage<?>> settled = new ArrayList<>();
            for (int p = 0; p < BLOCKING_PRODUCERS; p++) {
                int first = base + p * ITEMS_PER_PRODUCER;
                both(victims, settled, Async.createTask(() -> {
                    for (int i = 0; i < ITEMS_PER_PRODUCER; i++) {
                        Async.await(queue.put(first + i));
                        put.add(first + i);   // the await returned: the item is in
                        counters.op(LoadKind.STORM, 1);
                    }
                    return null;
                }));
            }
            for (int i = 0; i < FUTURE_PUTS; i++) {
                int id = base + 900_000 + i;
                CompletableFuture<Void> f = queue.put(id);
                victims.add(f);
                settled.add(f.whenComplete((v, e) -> {
                    (e == null ? put : putCancelled).add(id);
                    counters.op(LoadKind.STORM, 1);
                }));
            }
            for (int c = 0; c < BLOCKING_CONSUMERS; c++) {
                both(victims, settled, Async.createTask(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        got.merge(Async.await(queue.get()), 1, Integer::sum);
                        counters.op(LoadKind.STORM, 1);
                    }
                    return null;
                }));
            }
            for (int i = 0; i < FUTURE_GETS; i++) {
                CompletableFuture<Integer> f = queue.get();
                victims.add(f);
                settled.add(f.whenComplete((v, e) -> {
                    if (e == null) {
                        got.merge(v, 1, Integer::sum);
                    }
                    counters.op(LoadKind.STORM, 1);
                }));
            }
            for (int t = 0; t < LOCK_TASKS; t++) {
                both(victims, settled, Async.createTask(() -> {
                    for (int i = 0; i < TURNS; i++) {
                        Async.await(lock.acquire());
                        try {
                            inside(inLock, 1, "lock");
                            Async.await(Async.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(500_000))));
                        } finally {
                            inLock.decrementAndGet();
                            lock.release();
                        }
                        counters.op(LoadKind.STORM, 1);
                    }
                    return null;
                }));
            }
            for (int t = 0; t < SEM_TASKS; t++) {
                both(victims, settled, Async.createTask(() -> {
                    for (int i = 0; i < TURNS; i++) {
                        sem.withPermit(() -> {
                            inside(inSem, PERMITS, "semaphore");
                            try {
                                long nanos = ThreadLocalRandom.current().nextLong(500_000);
                                Async.await(Async.sleep(Duration.ofNanos(nanos)));
                            } finally {
                                inSem.decrementAndGet();
                            }
                            return null;
                        });
                        counters.op(LoadKind.STORM, 1);
                    }
                    return null;
                }));
            }
            for (int i = 0; i < FUTURE_ACQUIRES; i++) {
                boolean useLock = i % 2 == 0;
                CompletableFuture<Void> acquired = useLock ? lock.acquire() : sem.acquire();
                victims.add(acquired);
                settled.add(acquired.whenComplete((v, e) -> {
                    if (e != null) {
                        return;
                    }
                    inside(useLock ? inLock : inSem, useLock ? 1 : PERMITS, useLock ? "lock" : "semaphore");
                    pendingReleases.incrementAndGet();
                    loop.callLater(Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000_000)), () -> {
                        (useLock ? inLock : inSem).decrementAndGet();
                        if (useLock) {
                            lock.release();
                        } else {
                            sem.release();
                        }
                        pendingReleases.decrementAndGet();
                        counters.op(LoadKind.STORM, 1);
                    });
                }));
            }
            for (int i = 0; i < CANCELS; i++) {
                Async.await(Async.sleep(Duration.ofNanos(rnd.nextLong(1_000_000))));
                if (victims.get(rnd.nextInt(victims.size())).cancel(true)) {
                    counters.fault(LoadKind.STORM, 1);
                }
            }
            // The storm is over: end whatever still waits (cancelled waits take nothing), then settle.
            for (Future<?> v : victims) {
                v.cancel(true);
            }
            try {
                Async.await(Async.waitFor(Async.gatherSettled(settled), SETTLE));
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof TimeoutException)) {
                    throw e;
                }
                long notDone = settled.stream().filter(v -> !v.toCompletableFuture().isDone()).count();
                counters.hung(LoadKind.STORM, notDone, "tasks/futures not done " + SETTLE.toSeconds()
                        + " s after being cancelled (round " + round + ")");
            }
            for (int i = 0; i < 2_000 && pendingReleases.get() > 0; i++) {
                Async.await(Async.sleep(Duration.ofMillis(1)));
            }
            return null;
        });
        check(queue, lock, sem, put, putCancelled, got);
        counters.round(LoadKind.STORM);
    }

    private static <F extends Future<?> & CompletionStage<?>> void both(List<Future<?>> a, List<CompletionStage<?>> b,
            F f) {
        a.add(f);
        b.add(f);
    }

    private void inside(AtomicInteger holders, int max, String what) {
        int now = holders.incrementAndGet();
        if (now > max) {
            counters.violation(LoadKind.STORM, what + " let in " + now + " holders at once (max " + max + ")");
        }
    }

    private void check(AsyncQueue<Integer> queue, AsyncLock lock, AsyncSemaphore sem, Set<Integer> put,
            Set<Integer> putCancelled, Map<Integer, Integer> got) {
        Map<Integer, Integer> seen = new ConcurrentHashMap<>(got);
        for (int i = 0; i < QUEUE_SIZE * 4 && !queue.empty(); i++) {
            seen.merge(queue.getNowait(), 1, Integer::sum);
        }
        long lost = 0;
        long dup = 0;
        List<Integer> examples = new ArrayList<>();
        for (int id : put) {
            int n = seen.getOrDefault(id, 0);
            if (n != 1) {
                if (n == 0) {
                    lost++;
                } else {
                    dup += n - 1;
                }
                if (examples.size() < 5) {
                    examples.add(id);
                }
            }
        }
        Set<Integer> phantom = new HashSet<>(seen.keySet());
        phantom.removeAll(put);
        if (lost > 0) {
            counters.lost(LoadKind.STORM, lost, "items put but never got nor left in the queue, round " + round
                    + ", e.g. " + examples);
        }
        if (dup > 0) {
            counters.duplicated(LoadKind.STORM, dup, "items got more than once, round " + round + ", e.g. " + examples);
        }
        if (!phantom.isEmpty()) {
            counters.duplicated(LoadKind.STORM, phantom.size(), "items whose put was cancelled or failed arrived"
                    + " anyway, round " + round + ", e.g. " + phantom.stream().limit(5).toList()
                    + (putCancelled.containsAll(phantom) ? " (put future cancelled)" : ""));
        }
        if (!queue.empty()) {
            counters.violation(LoadKind.STORM, "queue not empty after draining " + QUEUE_SIZE * 4 + " items");
        }
        if (lock.locked()) {
            counters.violation(LoadKind.STORM, "lock still held after the round (round " + round + ")");
        }
        if (sem.availablePermits() != PERMITS) {
            counters.violation(LoadKind.STORM, "semaphore has " + sem.availablePermits() + " of " + PERMITS
                    + " permits after the round (round " + round + ")");
        }
    }

    @Override
    public void close() {
        // nothing kept between rounds
    }
}
