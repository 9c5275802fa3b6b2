package io.asyncio4j.samples.pools;

import io.asyncio4j.ProcessLock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seed 001, {@code multiprocessing.Lock} and {@code RLock}: a recursive lock is taken twice and
 * released twice; then a plain lock is taken twice, which in Python blocks forever (the seed's
 * program never ends). Here the second {@code acquire} has a timeout, so the deadlock is detected
 * and printed, and the lock is released.
 *
 * <p>{@link ProcessLock} is Python's {@code multiprocessing.Lock}: a binary semaphore shared with
 * worker processes, not reentrant (a second acquire by the same holder waits like anyone else). asyncio4j
 * has no cross-process reentrant lock, so the {@code RLock} half uses
 * {@link ReentrantLock}, which is reentrant per thread but guards only this JVM, not worker processes.
 * See docs/PYTHON-TO-JAVA.md, "Seed programs that Java cannot write the way Python does".
 *
 * <pre>
 * def test_lock():
 *     lock = Lock()
 *     print("获取互斥锁"); lock.acquire()
 *     print("再次获取互斥锁"); lock.acquire()     # blocks forever
 *     print("释放互斥锁"); lock.release()
 * def test_rlock():
 *     rlock = RLock()
 *     print("获取递归锁"); rlock.acquire()
 *     print("再次获取递归锁"); rlock.acquire()
 *     print("释放递归锁"); rlock.release(); rlock.release()
 * test_rlock()
 * test_lock()
 * </pre>
 */
public final class ProcessLocks {
    private ProcessLocks() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit; the deadlock is detected after one unit
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        testRlock();
        testLock(unit);
    }

    static void testRlock() {
        ReentrantLock rlock = new ReentrantLock();
        System.out.println("获取递归锁");
        rlock.lock();
        System.out.println("再次获取递归锁");
        rlock.lock(); // the holder may take it again: the hold count is 2
        System.out.println("释放递归锁");
        rlock.unlock();
        rlock.unlock();
    }

    static void testLock(double unit) {
        try (ProcessLock lock = ProcessLock.create()) {
            System.out.println("获取互斥锁");
            lock.acquire();
            System.out.println("再次获取互斥锁");
            // Python waits here forever; a timeout turns the hang into a message.
            if (!lock.tryAcquire(Duration.ofMillis(Math.round(unit * 1000)))) {
                System.out.println("死锁: 互斥锁不可重入, 第二次 acquire 超时");
            }
            System.out.println("释放互斥锁");
            lock.release();
        }
    }
}
