package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many producers and consumers on two loops and on plain threads share one queue (or channel) while
 * waits are cancelled at random, directly and through {@code Async.waitFor} timeouts. Conservation:
 * every item whose put succeeded is got exactly once, and no item whose put was cancelled is got.
 * Bounded by item count (a few thousand per run).
 */
@Timeout(60)
class QueueStressTest {
    private static final int PER_PRODUCER = 1500;

    interface Ops {
        CompletableFuture<Void> put(int v);

        CompletableFuture<Integer> get();

        boolean isEmpty();

        /** True if nothing is buffered (never takes an item: channels answer from their own state). */
        default boolean isEmptySafe() {
            return isEmpty();
        }
    }

    @Test
    void boundedFifoQueue_conservesItems() throws Exception {
        AsyncQueue<Integer> q = new AsyncQueue<>(8);
        run(ops(q));
        assertThat(q.qsize()).isZero();
    }

    @Test
    void lifoQueue_conservesItems() throws Exception {
        AsyncLifoQueue<Integer> q = new AsyncLifoQueue<>(4);
        run(ops(q));
    }

    @Test
    void priorityQueue_conservesItems() throws Exception {
        AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>(4);
        run(ops(q));
    }

    @Test
    void rendezvousChannel_conservesItems() throws Exception {
        AsyncChannel<Integer> ch = new AsyncChannel<>();
        run(new Ops() {
            @Override
            public CompletableFuture<Void> put(int v) {
                return ch.send(v);
            }

            @Override
            public CompletableFuture<Integer> get() {
                return ch.receive();
            }

            @Override
            public boolean isEmpty() {
                return true; // a rendezvous channel buffers nothing
            }
        });
    }

    private static Ops ops(AsyncQueue<Integer> q) {
        return new Ops() {
            @Override
            public CompletableFuture<Void> put(int v) {
                return q.put(v);
            }

            @Override
            public CompletableFuture<Integer> get() {
                return q.get();
            }

            @Override
            public boolean isEmpty() {
                return q.empty();
            }
        };
    }

    private void run(Ops ops) throws Exception {
        Set<Integer> put = ConcurrentHashMap.newKeySet();
        Set<Integer> got = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        EventLoop l1 = EventLoop.startInThread("stress-loop-1");
        EventLoop l2 = EventLoop.startInThread("stress-loop-2");
        try {
            List<CompletableFuture<?>> producers = new ArrayList<>();
            List<CompletableFuture<?>> consumers = new ArrayList<>();
            // producers: one task per loop, one plain thread
            for (int p = 0; p < 3; p++) {
                int base = p * PER_PRODUCER;
                AsyncCallable<Void> body = () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        int v = base + i;
                        CompletableFuture<Void> f = ops.put(v);
                        if (rnd.nextInt(8) == 0 && f.cancel(false)) {
                            continue; // cancelled: never put
                        }
                        if (p(rnd)) {
                            try {
                                Async.await(Async.waitFor(f, Duration.ofNanos(rnd.nextInt(50_000))));
                            } catch (java.util.concurrent.CompletionException e) {
                                continue; // timed out: waitFor cancelled it, so it was not put
                            }
                        } else {
                            Async.await(f);
                        }
                        put.add(v);
                    }
                    return null;
                };
                producers.add(p == 0 ? l1.runCoroutineThreadsafe(body) : p == 1 ? l2.runCoroutineThreadsafe(body) : onThread(body));
            }
            // consumers: one task per loop, two plain threads
            for (int c = 0; c < 4; c++) {
                AsyncCallable<Void> body = () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (producing.get() || got.size() < put.size() || !ops.isEmptySafe()) {
                        CompletableFuture<Integer> f = ops.get();
                        if (rnd.nextInt(6) == 0 && f.cancel(false)) {
                            continue;
                        }
                        Integer v;
                        try {
                            v = Async.await(Async.waitFor(f, Duration.ofMillis(2)));
                        } catch (java.util.concurrent.CompletionException e) {
                            continue; // timeout: the get was cancelled, or its item went to another getter
                        }
                        if (!got.add(v)) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                };
                consumers.add(c == 0 ? l1.runCoroutineThreadsafe(body) : c == 1 ? l2.runCoroutineThreadsafe(body) : onThread(body));
            }
            CompletableFuture.allOf(producers.toArray(new CompletableFuture[0])).get(40, TimeUnit.SECONDS);
            producing.set(false);
            CompletableFuture.allOf(consumers.toArray(new CompletableFuture[0])).get(40, TimeUnit.SECONDS);
        } finally {
            l1.close();
            l2.close();
        }
        assertThat(duplicates.get()).as("items got twice").isZero();
        assertThat(got).as("every item put is got exactly once, no cancelled put is got").isEqualTo(put);
        assertThat(put.size()).as("most puts went through").isGreaterThan(PER_PRODUCER);
    }

    private static boolean p(ThreadLocalRandom rnd) {
        return rnd.nextInt(4) == 0;
    }

    private static CompletableFuture<Void> onThread(AsyncCallable<Void> body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.call();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "stress-thread");
        t.setDaemon(true);
        t.start();
        return done;
    }
}
