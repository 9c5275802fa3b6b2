package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.gadget.Gadget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ProcessQueue, ProcessLock and SharedDict used from real worker processes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedObjectsTest {
    private static WorkerPool pool;

    @BeforeAll
    static void startPool() {
        pool = WorkerPool.processes(2, WorkerPoolProcessesTest.SMALL);
    }

    @AfterAll
    static void closePool() throws InterruptedException {
        pool.close();
        assertThat(WorkerPoolProcessesTest.leftoverWorkers()).as("worker processes left behind").isEmpty();
    }

    @Test
    void queue_carriesItemsFromAWorkerProcess() {
        ProcessQueue<List<Object>> q = ProcessQueue.create();
        pool.submit(() -> {
            List<Object> item = new ArrayList<>();
            item.add(42);
            item.add(null);
            item.add("hello from " + ProcessHandle.current().pid());
            q.put(item);
            return null;
        });
        List<Object> got = q.get();
        assertThat(got).hasSize(3).startsWith(42, null);
        assertThat((String) got.get(2)).doesNotEndWith(" " + ProcessHandle.current().pid());
        q.close();
    }

    @Test
    void joinableQueue_joinWaitsForTaskDoneInWorkers() {
        ProcessQueue<Integer> jobs = ProcessQueue.create();
        ProcessQueue<Integer> results = ProcessQueue.create();
        for (int i = 1; i <= 6; i++) {
            jobs.put(i);
        }
        for (int w = 0; w < 2; w++) {
            pool.submit(() -> {
                while (true) {
                    Integer n = jobs.get();
                    if (n == null) {
                        return null;
                    }
                    results.put(n * n);
                    jobs.taskDone();
                }
            });
        }
        jobs.join(); // returns only after six taskDone calls made in the workers
        assertThat(results.qsize()).isEqualTo(6);
        List<Integer> squares = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            squares.add(results.get());
        }
        assertThat(squares).containsExactlyInAnyOrder(1, 4, 9, 16, 25, 36);
        jobs.put(null);
        jobs.put(null);
        for (int i = 0; i < 6; i++) {
            results.taskDone(); // six taken here
        }
        assertThatThrownBy(results::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("more times");
        results.join();
    }

    @Test
    void boundedQueue_nowaitVariantsFail() {
        try (ProcessQueue<Integer> q = ProcessQueue.create(2)) {
            q.put(1);
            q.putNowait(2);
            assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueFull.class);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(2);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmpty.class);
            assertThatThrownBy(() -> q.get(Duration.ofMillis(20))).isInstanceOf(QueueEmpty.class);
            assertThat(q.empty()).isTrue();
        }
        assertThatThrownBy(() -> ProcessQueue.create(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxsize");
    }

    @Test
    void lockAndDict_decrementFromManyProcessJobs() {
        SharedDict<String, Integer> dic = SharedDict.create(Map.of("count", 100));
        ProcessLock lock = ProcessLock.create();
        List<CompletableFuture<Object>> jobs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            jobs.add(pool.submit(() -> {
                try (ProcessLock.Held held = lock.lock()) {
                    dic.put("count", dic.get("count") - 1); // two calls: safe only under the lock
                }
                return null;
            }));
        }
        jobs.forEach(CompletableFuture::join);
        assertThat(dic.get("count")).isEqualTo(60);
        // update() is atomic in the owner: no lock needed (but do not mix it with unlocked get-then-put)
        jobs.clear();
        for (int i = 0; i < 40; i++) {
            jobs.add(pool.submit(() -> dic.update("count", (k, v) -> v - 1)));
        }
        jobs.forEach(CompletableFuture::join);
        assertThat(dic.get("count")).isEqualTo(20);
        assertThat(dic.toString()).isEqualTo("{'count': 20}");
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
        assertThat(lock.tryAcquire(Duration.ZERO)).isTrue();
        assertThat(lock.tryAcquire(Duration.ofMillis(10))).isFalse();
        lock.release();
    }

    @Test
    void closedQueue_failsItsUsersClearly() {
        ProcessQueue<Integer> q = ProcessQueue.create();
        q.close();
        assertThatThrownBy(() -> pool.apply(() -> {
            q.put(1);
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("owner process");
    }

    /**
     * A call that waits in the owner (a get on an empty queue, a put on a full one, a join, an acquire) holds
     * an RMI thread there; closing the object must end it, or RMI counts the object as alive and its
     * non-daemon "RMI Reaper" thread keeps the owner's JVM from exiting (process-producer-consumer did).
     */
    @Test
    void close_endsTheCallsWaitingInTheOwner() throws Exception {
        ProcessQueue<Integer> empty = ProcessQueue.create();
        ProcessQueue<Integer> full = ProcessQueue.create(1);
        full.put(0);
        ProcessQueue<Integer> unfinished = ProcessQueue.create();
        unfinished.put(1);
        unfinished.get(); // taken, never marked done: join waits
        ProcessLock lock = ProcessLock.create();
        lock.acquire();
        List<CompletableFuture<Void>> waits = List.of(onThread(empty::get), onThread(() -> full.put(1)),
                onThread(unfinished::join), onThread(lock::acquire));
        Thread.sleep(300); // lets the calls reach the owner; one that has not yet fails the same way
        assertThat(waits).noneMatch(CompletableFuture::isDone);
        empty.close();
        full.close();
        unfinished.close();
        lock.close();
        for (CompletableFuture<Void> w : waits) {
            assertThatThrownBy(() -> w.get(20, TimeUnit.SECONDS)).as("a waiting call once its object is closed")
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    private static CompletableFuture<Void> onThread(Runnable call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "waiting-call");
        t.setDaemon(true);
        t.start();
        return done;
    }

    @Test
    void aGadgetSentToASharedObject_isRefused_andNothingOfItRuns(@TempDir Path dir) {
        String marker = dir.resolve("gadget-ran").toString();
        try (ProcessQueue<Object> q = ProcessQueue.create(); SharedDict<String, Object> dic = SharedDict.create(Map.of())) {
            assertThatThrownBy(() -> q.put(new Gadget(marker))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("io.asyncio4j.gadget.Gadget");
            assertThatThrownBy(() -> dic.put("k", new Gadget(marker))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("io.asyncio4j.gadget.Gadget");
            // the same from a worker process
            assertThatThrownBy(() -> pool.apply(() -> {
                q.put(new Gadget(marker));
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.asyncio4j.gadget.Gadget");
            assertThat(q.qsize()).isZero();
            assertThat(dic.get("k")).isNull();
            q.put(List.of(1, "two")); // what the defaults let in still goes
            assertThat(q.get()).isEqualTo(List.of(1, "two"));
        }
        assertThat(Path.of(marker)).doesNotExist();

        // let in, it is read back in the owner (its readObject runs here): the filter is what stopped it above
        try (ProcessQueue<Object> q = ProcessQueue.create(0, "io.asyncio4j.gadget.Gadget")) {
            q.put(new Gadget(marker));
            assertThat(q.get()).isInstanceOf(Gadget.class);
        }
        assertThat(Path.of(marker)).exists();
        assertThatThrownBy(() -> ProcessQueue.create(0, "io.asyncio4j.gadget.Gadget", "bad pattern"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowClasses[1] is not a class pattern");
    }

    @Test
    void pipe_sendsBothWaysAndEndsWithEof() {
        try (ProcessPipe<List<Object>> pipe = ProcessPipe.create()) {
            ProcessPipe.End<List<Object>> childConn = pipe.right();
            CompletableFuture<Object> child = pool.submit(() -> {
                List<Object> got = childConn.recv();
                childConn.send(List.of(42, "hello", got.size()));
                childConn.close();
                return null;
            });
            pipe.left().send(List.of("a", "b"));
            assertThat(pipe.left().recv()).containsExactly(42, "hello", 2);
            assertThatThrownBy(pipe.left()::recv).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasCauseInstanceOf(java.io.EOFException.class);
            child.join();
        }
    }
}
