package io.asyncio4j;

import io.asyncio4j.engine.RemoteLock;
import io.asyncio4j.engine.SharedObjects;
import java.io.Serializable;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code multiprocessing.Lock}: a lock that worker processes and this process share, served by the
 * process that creates it (Java RMI on 127.0.0.1; see {@link ProcessQueue} for the costs). Like
 * Python's it is a binary semaphore: any process may release it. Not reentrant.
 *
 * {@snippet :
 * ProcessLock lock = ProcessLock.create();
 * pool.submit(() -> {
 *     try (var held = lock.lock()) {
 *         // one process at a time
 *     }
 *     return null;
 * });
 * }
 */
public final class ProcessLock implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final RemoteLock remote;
    private final transient @Nullable RemoteLock served;

    private ProcessLock(RemoteLock served) {
        this.served = served;
        this.remote = SharedObjects.export(served, List.of(), "ProcessLock"); // its calls carry no objects at all
    }

    /**
     * {@code Lock()}: a new, free lock served by this process.
     *
     * @return the lock
     */
    public static ProcessLock create() {
        return new ProcessLock(SharedObjects.lock());
    }

    /** {@code acquire()}: waits until the lock is free and takes it. */
    public void acquire() {
        try {
            remote.acquire(-1);
        } catch (RemoteException | InterruptedException e) {
            throw ProcessQueue.failed("acquire", e);
        }
    }

    /**
     * {@code acquire(timeout=...)}.
     *
     * @param timeout how long to wait
     * @return true if the lock was taken
     */
    public boolean tryAcquire(Duration timeout) {
        long nanos = Checks.nanos(timeout, "timeout");
        try {
            return remote.acquire(nanos);
        } catch (RemoteException | InterruptedException e) {
            throw ProcessQueue.failed("acquire", e);
        }
    }

    /**
     * {@code release()}.
     *
     * @throws IllegalStateException if the lock is not held (Python's {@code ValueError})
     */
    public void release() {
        boolean ok;
        try {
            ok = remote.release();
        } catch (RemoteException e) {
            throw ProcessQueue.failed("release", e);
        }
        if (!ok) {
            throw new IllegalStateException("release() of an unlocked ProcessLock");
        }
    }

    /**
     * {@code with lock:} — acquires, and releases when the returned handle is closed.
     *
     * @return closes to release
     */
    public Held lock() {
        acquire();
        return this::release;
    }

    /** The lock held by {@link #lock()}, for try-with-resources. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close();
    }

    /**
     * In the owner, stops serving the lock (an {@code acquire} waiting for it fails); elsewhere does nothing.
     * Close it when done: while a shared object is served, RMI keeps the owner's JVM from exiting.
     */
    @Override
    public void close() {
        if (served != null) {
            SharedObjects.unexport(served);
        }
    }
}
