package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thread and virtual-thread pools: ordering, delivery on the submitter's loop, callbacks, cancellation, shutdown. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerPoolTest {
    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().toList();

    /** Later items finish first, so order can only come from the pool. */
    private static int slowFirst(int i) throws InterruptedException {
        Thread.sleep(5L * (10 - i));
        return i * i;
    }

    private static int sneaky(int i) {
        try {
            return slowFirst(i);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitThenLinger(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
            Thread.sleep(200);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void map_keepsTheItemsOrder() {
        try (WorkerPool pool = WorkerPool.threads(4)) {
            assertThat(pool.map(WorkerPoolTest::sneaky, TEN)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
            assertThat(pool.map(WorkerPoolTest::sneaky, TEN, 3)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
            List<Integer> imap = new ArrayList<>();
            pool.imap(WorkerPoolTest::sneaky, TEN, 2).forEach(imap::add);
            assertThat(imap).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
        }
    }

    @Test
    void imapUnordered_yieldsInCompletionOrder() {
        try (WorkerPool pool = WorkerPool.threads(4)) {
            List<Integer> out = new ArrayList<>();
            CountDownLatch firstDone = new CountDownLatch(1);
            pool.imapUnordered((Integer i) -> {
                if (i == 0) {
                    awaitThenLinger(firstDone); // item 0 finishes last
                } else {
                    firstDone.countDown();
                }
                return i;
            }, List.of(0, 1)).forEach(out::add);
            assertThat(out).containsExactly(1, 0);
        }
    }

    @Test
    void map_failsWithTheJobsOwnException() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (WorkerPool pool = WorkerPool.threads(2)) {
            assertThatThrownBy(() -> pool.map((Integer i) -> {
                if (i == 3) {
                    throw boom;
                }
                return i;
            }, TEN)).isSameAs(boom);
        }
    }

    @Test
    void submitFromATask_completesOnTheTasksLoop() {
        try (WorkerPool pool = WorkerPool.threads(2)) {
            String where = Async.run(() -> {
                EventLoop loop = Async.getRunningLoop();
                CompletableFuture<String> f = pool.submit(() -> Thread.currentThread().getName());
                String worker = Async.await(f);
                AtomicReference<EventLoop> seen = new AtomicReference<>();
                Async.await(pool.submit(() -> 1).thenAccept(v -> seen.set(Async.getRunningLoop())));
                assertThat(seen.get()).isSameAs(loop);
                Async.await(loop.runInExecutor(pool, () -> 2).thenAccept(v -> seen.set(Async.getRunningLoop())));
                assertThat(seen.get()).isSameAs(loop);
                Async.await(loop.runInExecutor(null, () -> 3).thenAccept(v -> seen.set(Async.getRunningLoop())));
                assertThat(seen.get()).isSameAs(loop);
                return worker;
            });
            assertThat(where).startsWith("asyncio4j-pool-worker-");
        }
    }

    @Test
    void awaitFromAPlainThread_blocks() {
        try (WorkerPool pool = WorkerPool.virtualThreads(2)) {
            assertThat(Async.await(pool.submit(() -> 42))).isEqualTo(42);
            assertThat(pool.apply(() -> "x")).isEqualTo("x");
            CountDownLatch slowGo = new CountDownLatch(1);
            CompletableFuture<String> slow = pool.submit(() -> slowGo.await(10, TimeUnit.SECONDS) ? "slow" : "timeout");
            CompletableFuture<String> fast = pool.submit(() -> "fast");
            List<String> order = new ArrayList<>();
            for (CompletableFuture<String> f : Async.asCompleted(List.of(slow, fast))) { // concurrent.futures.as_completed
                order.add(Async.await(f));
                slowGo.countDown();
            }
            assertThat(order).containsExactly("fast", "slow");
        }
    }

    @Test
    void applyAsync_callbacksRunOnTheResultHandlerThread() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(2)) {
            CompletableFuture<String> ok = new CompletableFuture<>();
            CompletableFuture<Throwable> err = new CompletableFuture<>();
            IllegalArgumentException bad = new IllegalArgumentException("bad");
            pool.applyAsync(() -> 7, v -> ok.complete(v + " on " + Thread.currentThread().getName()), err::complete);
            pool.applyAsync(() -> {
                throw bad;
            }, v -> err.completeExceptionally(new AssertionError("no value expected")), err::complete);
            assertThat(ok.get(10, TimeUnit.SECONDS)).isEqualTo("7 on asyncio4j-pool-results");
            assertThat(err.get(10, TimeUnit.SECONDS)).isSameAs(bad);
            CompletableFuture<EventLoop> onLoop = new CompletableFuture<>();
            try (EventLoop loop = EventLoop.startInThread("callbacks")) {
                pool.applyAsync(() -> 1, v -> onLoop.complete(Async.getRunningLoop()), onLoop::completeExceptionally, loop);
                assertThat(onLoop.get(10, TimeUnit.SECONDS)).isSameAs(loop);
            }
        }
    }

    @Test
    void cancellingAQueuedJob_removesIt() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(1)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(10, TimeUnit.SECONDS));
            CompletableFuture<Integer> queued = pool.submit(ran::incrementAndGet);
            assertThat(queued.cancel(true)).isTrue();
            release.countDown();
            assertThat(blocker.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.submit(() -> "after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void cancellingARunningJob_interruptsItsThread() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            CompletableFuture<String> running = pool.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(20_000);
                    return "slept";
                } catch (InterruptedException e) {
                    seen.complete(e);
                    throw e;
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            running.cancel(true);
            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
            // the interrupt does not leak into the next job on that thread
            assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void cancellingTheAwaitingTask_cancelsTheJob() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            assertThatThrownBy(() -> Async.run(() -> Async.timeout(Duration.ofMillis(200), () -> Async.await(pool.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException e) {
                    seen.complete(e);
                }
                return 0;
            }))))).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void close_waitsForSubmittedJobs() {
        AtomicInteger done = new AtomicInteger();
        WorkerPool pool = WorkerPool.threads(2);
        for (int i = 0; i < 20; i++) {
            pool.submit(() -> {
                Thread.sleep(2);
                return done.incrementAndGet();
            });
        }
        pool.close();
        assertThat(done).hasValue(20);
        assertThat(pool.isTerminated()).isTrue();
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    }

    @Test
    void shutdownWithCancelFutures_cancelsTheQueuedJobs() throws Exception {
        WorkerPool pool = WorkerPool.threads(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> running = pool.submit(() -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(pool.submit(() -> 1));
        }
        pool.shutdown(false, true);
        assertThat(queued).allMatch(CompletableFuture::isCancelled);
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).isTrue();
        pool.terminated().get(10, TimeUnit.SECONDS);
    }

    @Test
    void initializerAndMaxTasksPerChild_replaceWorkers() {
        AtomicInteger inits = new AtomicInteger();
        WorkerOptions options = WorkerOptions.defaults().initializer(inits::incrementAndGet).maxTasksPerChild(2);
        try (WorkerPool pool = WorkerPool.threads(1, options)) {
            List<String> threads = pool.map((Integer i) -> Thread.currentThread().getName(), TEN);
            assertThat(threads.stream().distinct().count()).isEqualTo(5);
        }
        assertThat(inits).hasValue(6); // the fifth worker's replacement starts after the last job, as in Python
    }

    @Test
    void failingInitializer_failsTheJobsClearly() {
        IllegalStateException boom = new IllegalStateException("no db");
        try (WorkerPool pool = WorkerPool.threads(1, WorkerOptions.defaults().initializer(() -> {
            throw boom;
        }))) {
            assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(BrokenWorkerException.class)
                    .hasMessageContaining("initializer").hasCause(boom);
        }
    }

    @Test
    void imapPublisher_submitsOnlyAsFarAsRequested() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(2)) {
            AtomicInteger started = new AtomicInteger();
            CollectingSubscriber<Integer> sub = new CollectingSubscriber<>(1);
            pool.imapPublisher((Integer i) -> {
                started.incrementAndGet();
                return i * 10;
            }, TEN).subscribe(sub);
            Thread.sleep(100);
            assertThat(sub.items).containsExactly(0);
            assertThat(started.get()).isLessThanOrEqualTo(1 + 4); // one delivered, at most 2 × size ahead
            sub.subscription.request(100);
            sub.done.get(10, TimeUnit.SECONDS);
            assertThat(sub.items).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);

            CollectingSubscriber<Integer> unordered = new CollectingSubscriber<>(Long.MAX_VALUE);
            pool.imapUnorderedPublisher((Integer i) -> i, TEN).subscribe(unordered);
            unordered.done.get(10, TimeUnit.SECONDS);
            assertThat(unordered.items).containsExactlyInAnyOrderElementsOf(TEN);
        }
    }

    /**
     * Rule 1.3: no onNext before onSubscribe has returned, even when the subscriber requests from inside
     * onSubscribe and the pool delivers the item on its own thread meanwhile (the Reactive Streams TCK's
     * spec103 caught this once in CI).
     */
    @Test
    void imapPublisher_neverSignalsOnNextBeforeOnSubscribeReturns() throws Exception {
        try (WorkerPool pool = WorkerPool.threads(2)) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicInteger overlaps = new AtomicInteger();
            CompletableFuture<Integer> first = new CompletableFuture<>();
            boolean[] inOnSubscribe = {false};
            pool.imapPublisher((Integer i) -> {
                ran.countDown();
                return i;
            }, List.of(7)).subscribe(new java.util.concurrent.Flow.Subscriber<Integer>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    synchronized (inOnSubscribe) {
                        inOnSubscribe[0] = true;
                    }
                    s.request(1);
                    try {
                        ran.await(10, TimeUnit.SECONDS); // the job ran on a pool thread ...
                        Thread.sleep(50); // ... and had time to deliver, had it been allowed to
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    synchronized (inOnSubscribe) {
                        inOnSubscribe[0] = false;
                    }
                }

                @Override
                public void onNext(Integer item) {
                    synchronized (inOnSubscribe) {
                        if (inOnSubscribe[0]) overlaps.incrementAndGet();
                    }
                    first.complete(item);
                }

                @Override
                public void onError(Throwable t) {
                    first.completeExceptionally(t);
                }

                @Override
                public void onComplete() {}
            });
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(7);
            assertThat(overlaps).as("onNext while onSubscribe still ran").hasValue(0);
        }
    }

    @Test
    void imapPublisher_failureEndsTheStream() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (WorkerPool pool = WorkerPool.threads(2)) {
            CollectingSubscriber<Integer> sub = new CollectingSubscriber<>(Long.MAX_VALUE);
            pool.imapPublisher((Integer i) -> {
                if (i == 4) {
                    throw boom;
                }
                return i;
            }, TEN).subscribe(sub);
            assertThat(sub.failure()).isSameAs(boom);
            assertThat(sub.items).containsExactly(0, 1, 2, 3);
        }
    }

    @Test
    void badArguments_areRefused() {
        assertThatThrownBy(() -> WorkerPool.threads(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be >= 1");
        try (WorkerPool pool = WorkerPool.threads(1)) {
            assertThatThrownBy(() -> pool.submit(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> pool.map((Integer i) -> i, TEN, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chunksize");
        }
    }
}
