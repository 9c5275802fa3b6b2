package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, item 3: the primitives are shared across loops and threads, so a loop that closes must
 * withdraw the calls its code left waiting on them. Before, a {@code get}, {@code acquire} or
 * {@code await} made on a loop that then closed stayed pending for ever, and what was released or put
 * afterwards went to that dead waiter: an item lost, a lock held for good, a permit gone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedLoopWaitersTest {
    /** Starts [call] from a callback of a fresh loop, closes the loop, and returns the future it left. */
    private static <T> CompletableFuture<T> leftWaitingByAClosedLoop(Supplier<CompletableFuture<T>> call)
            throws Exception {
        EventLoop loop = EventLoop.startInThread("closing");
        AtomicReference<CompletableFuture<T>> pending = new AtomicReference<>();
        CountDownLatch made = new CountDownLatch(1);
        loop.callSoonThreadsafe(() -> {
            pending.set(call.get());
            made.countDown();
        });
        assertThat(made.await(10, TimeUnit.SECONDS)).isTrue();
        loop.close();
        return pending.get();
    }

    private static void assertWithdrawn(CompletableFuture<?> f) {
        assertThat(f).as("a waiting call of a closed loop").isDone();
        // JDK 23+ join() wraps a cancellation in a new CancellationException("join") whose cause is ours.
        Throwable thrown = catchThrowable(f::join);
        assertThat(thrown).isInstanceOf(CancellationException.class);
        Throwable withReason = thrown;
        while (withReason.getCause() != null && !String.valueOf(withReason.getMessage()).contains("closed")) {
            withReason = withReason.getCause();
        }
        assertThat(withReason).isInstanceOf(CancellationException.class).hasMessageContaining("closed");
    }

    @Test
    void queueGet_ofAClosedLoop_isWithdrawn_andTheNextItemIsKept() throws Exception {
        AsyncQueue<String> q = new AsyncQueue<>();
        CompletableFuture<String> get = leftWaitingByAClosedLoop(q::get);
        assertWithdrawn(get);
        q.putNowait("x");
        assertThat(q.getNowait()).isEqualTo("x");
    }

    @Test
    void queuePut_ofAClosedLoop_isWithdrawn_andPutsNothing() throws Exception {
        AsyncQueue<String> q = new AsyncQueue<>(1);
        q.putNowait("first");
        CompletableFuture<Void> put = leftWaitingByAClosedLoop(() -> q.put("second"));
        assertWithdrawn(put);
        assertThat(q.getNowait()).isEqualTo("first");
        assertThat(q.empty()).isTrue();
    }

    @Test
    void lockAcquire_ofAClosedLoop_isWithdrawn_andReleaseFreesTheLock() throws Exception {
        AsyncLock lock = new AsyncLock();
        assertThat(lock.tryAcquire()).isTrue();
        CompletableFuture<Void> acquire = leftWaitingByAClosedLoop(lock::acquire);
        assertWithdrawn(acquire);
        lock.release();
        assertThat(lock.locked()).as("released to nobody").isFalse();
        assertThat(lock.tryAcquire()).isTrue();
    }

    @Test
    void semaphoreAcquire_ofAClosedLoop_isWithdrawn_andTheReleasedPermitStays() throws Exception {
        AsyncSemaphore sem = new AsyncSemaphore(0);
        CompletableFuture<Void> acquire = leftWaitingByAClosedLoop(sem::acquire);
        assertWithdrawn(acquire);
        sem.release();
        assertThat(sem.availablePermits()).isEqualTo(1);
    }

    @Test
    void eventAndBarrierWaits_ofAClosedLoop_areWithdrawn() throws Exception {
        AsyncEvent event = new AsyncEvent();
        assertWithdrawn(leftWaitingByAClosedLoop(event::await));
        AsyncBarrier barrier = new AsyncBarrier(2);
        assertWithdrawn(leftWaitingByAClosedLoop(barrier::await));
        assertThat(barrier.waiting()).isZero();
    }

    /** An item handed to a getter whose loop closed before the getter ran is not lost: it goes back. */
    @Test
    void itemGrantedToAGetterOfALoopThatCloses_comesBack() throws Exception {
        for (int i = 0; i < 200; i++) {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            EventLoop loop = EventLoop.startInThread("closing-" + i);
            CountDownLatch made = new CountDownLatch(1);
            AtomicReference<CompletableFuture<Integer>> get = new AtomicReference<>();
            loop.callSoonThreadsafe(() -> {
                get.set(q.get());
                made.countDown();
            });
            assertThat(made.await(10, TimeUnit.SECONDS)).isTrue();
            Thread putter = new Thread(() -> q.putNowait(7));
            putter.start();
            loop.close();
            putter.join();
            CompletableFuture<Integer> g = get.get();
            assertThat(g).isDone();
            // either the getter got it before the loop closed, or the queue still has it: never neither
            if (g.isCompletedExceptionally()) {
                assertThat(q.getNowait()).as("run %d", i).isEqualTo(7);
            } else {
                assertThat(g.join()).isEqualTo(7);
                assertThat(q.empty()).isTrue();
            }
        }
    }
}
