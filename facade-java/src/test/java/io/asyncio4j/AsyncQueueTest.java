package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AsyncQueueTest {
    @Test
    void badInput_isRejected_andChangesNothing() {
        assertThatThrownBy(() -> new AsyncQueue<String>(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxsize must be >= 0");
        AsyncQueue<String> q = new AsyncQueue<>(1);
        assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("item");
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("item");
        q.putNowait("a");
        assertThatThrownBy(() -> q.putNowait("b")).isInstanceOf(QueueFull.class);
        assertThat(q.qsize()).isEqualTo(1);
        assertThat(q.full()).isTrue();
        assertThat(q.getNowait()).isEqualTo("a");
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmpty.class);
        assertThat(q.empty()).isTrue();
        q.taskDone();
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        assertThat(q.join()).isDone();
    }

    @Test
    void maxsizeZero_isUnbounded() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(q.put(i)).isDone();
        }
        assertThat(q.full()).isFalse();
        assertThat(q.maxsize()).isZero();
        assertThat(q.qsize()).isEqualTo(10_000);
    }

    @Test
    void fifoLifoAndPriorityOrders() {
        AsyncQueue<Integer> fifo = new AsyncQueue<>();
        AsyncLifoQueue<Integer> lifo = new AsyncLifoQueue<>();
        AsyncPriorityQueue<Integer> prio = new AsyncPriorityQueue<>();
        AsyncPriorityQueue<Integer> rev = new AsyncPriorityQueue<>(0, Comparator.reverseOrder());
        for (int v : new int[] {3, 1, 2}) {
            fifo.putNowait(v);
            lifo.putNowait(v);
            prio.putNowait(v);
            rev.putNowait(v);
        }
        assertThat(drain(fifo)).containsExactly(3, 1, 2);
        assertThat(drain(lifo)).containsExactly(2, 1, 3);
        assertThat(drain(prio)).containsExactly(1, 2, 3);
        assertThat(drain(rev)).containsExactly(3, 2, 1);
        AsyncPriorityQueue<Object> natural = new AsyncPriorityQueue<>();
        assertThatThrownBy(() -> natural.putNowait(new Object())).isInstanceOf(ClassCastException.class);
        assertThat(natural.qsize()).isZero();
    }

    private static <T> List<T> drain(AsyncQueue<T> q) {
        List<T> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Test
    void producerConsumer_withJoin() {
        List<Integer> got = Async.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(2);
            List<Integer> out = new ArrayList<>();
            Task<Void> worker = Async.createTask(() -> {
                while (true) {
                    out.add(Async.await(q.get()));
                    q.taskDone();
                }
            });
            for (int i = 0; i < 10; i++) {
                Async.await(q.put(i));
            }
            Async.await(q.join());
            worker.cancel();
            return out;
        });
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void waitingPuttersAreServedInOrder() {
        AsyncQueue<String> q = new AsyncQueue<>(1);
        q.putNowait("a");
        CompletableFuture<Void> pb = q.put("b");
        CompletableFuture<Void> pc = q.put("c");
        assertThat(pb).isNotDone();
        assertThat(q.getNowait()).isEqualTo("a");
        assertThat(pb).isDone();
        assertThat(pc).isNotDone();
        assertThatThrownBy(() -> q.putNowait("d")).isInstanceOf(QueueFull.class);
        assertThat(q.getNowait()).isEqualTo("b");
        assertThat(q.getNowait()).isEqualTo("c");
    }

    @Test
    void aCancelledGet_neverLosesAnItem() {
        AsyncQueue<String> q = new AsyncQueue<>();
        CompletableFuture<String> g1 = q.get();
        CompletableFuture<String> g2 = q.get();
        g1.cancel(false);
        q.putNowait("x");
        assertThat(g2.join()).isEqualTo("x");
        CompletableFuture<String> g3 = q.get();
        assertThat(g3.cancel(false)).isTrue();
        q.putNowait("y");
        assertThat(q.getNowait()).isEqualTo("y");
    }

    @Test
    void anItemOnItsWayToACancelledGetterGoesBack_inATask() {
        String r = Async.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            CompletableFuture<String> g = q.get(); // its completion is delivered on this loop, later
            q.putNowait("x");
            assertThat(g.cancel(false)).isTrue(); // before delivery: the item goes back
            return q.getNowait();
        });
        assertThat(r).isEqualTo("x");
    }

    @Test
    void aCancelledPut_neverPuts() {
        AsyncQueue<String> q = new AsyncQueue<>(1);
        q.putNowait("a");
        CompletableFuture<Void> p = q.put("b");
        assertThat(p.cancel(false)).isTrue();
        assertThat(q.getNowait()).isEqualTo("a");
        assertThat(q.empty()).isTrue();
    }

    @Test
    void shutdown_wakesBlockedGettersOfAnEmptyQueue() {
        Async.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            Task<String> getter = Async.createTask(() -> Async.await(q.get()));
            Async.await(Async.sleep(Duration.ZERO));
            q.shutdown();
            assertThatThrownBy(() -> Async.await(getter)).isInstanceOf(QueueShutDown.class);
            return null;
        });
    }

    @Test
    void shutdown_rejectsPuts_andGetsDrainThenFail() {
        AsyncQueue<String> q = new AsyncQueue<>(1);
        q.putNowait("a");
        CompletableFuture<Void> waitingPut = q.put("b");
        q.shutdown();
        assertThatThrownBy(waitingPut::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(QueueShutDown.class);
        assertThatThrownBy(() -> q.putNowait("c")).isInstanceOf(QueueShutDown.class);
        assertThat(q.put("c")).isCompletedExceptionally();
        assertThat(q.getNowait()).isEqualTo("a");
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
        assertThat(q.get()).isCompletedExceptionally();
    }

    @Test
    void immediateShutdown_discardsItems_andReleasesJoin() {
        AsyncQueue<String> q = new AsyncQueue<>();
        q.putNowait("a");
        q.putNowait("b");
        CompletableFuture<Void> join = q.join();
        q.shutdown(true);
        assertThat(q.qsize()).isZero();
        assertThat(join).isDone();
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
    }

    @Test
    void blockingSide_plainThreadsAndTasksShareOneQueue() throws Exception {
        AsyncQueue<Integer> q = new AsyncQueue<>(4);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    q.putBlocking(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        long sum = Async.run(() -> {
            long s = 0;
            for (int i = 0; i < 100; i++) {
                s += Async.await(q.get());
            }
            return s;
        });
        producer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(sum).isEqualTo(4950);
    }

    @Test
    void getBlocking_interrupted_takesNothing() throws Exception {
        AsyncQueue<String> q = new AsyncQueue<>();
        Thread t = new Thread(() -> {
            try {
                q.getBlocking();
            } catch (InterruptedException expected) {
                // fine
            }
        });
        t.start();
        while (t.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        t.interrupt();
        t.join();
        q.putNowait("kept");
        assertThat(q.getNowait()).isEqualTo("kept");
    }

    @Test
    void blockingCallOnALoopOutsideATask_isRejected() {
        AsyncQueue<String> q = new AsyncQueue<>();
        EventLoop loop = EventLoop.newEventLoop();
        try {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            loop.callSoon(() -> {
                try {
                    q.getBlocking();
                } catch (Throwable e) {
                    seen.complete(e);
                }
            });
            assertThat(loop.runUntilComplete(seen)).isInstanceOf(IllegalStateException.class);
            q.putNowait("x");
            assertThat(q.getNowait()).isEqualTo("x");
        } finally {
            loop.close();
        }
    }
}
