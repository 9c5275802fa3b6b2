package io.asyncio4j;

import io.asyncio4j.engine.RemoteQueue;
import io.asyncio4j.engine.SharedObjects;
import io.asyncio4j.engine.Threadsafe;
import java.io.Serializable;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@code multiprocessing.Queue} and {@code JoinableQueue}: a FIFO queue that worker processes and
 * this process share. The process that creates it serves it (through Java RMI on 127.0.0.1); the
 * queue object is {@link Serializable}, so a job captures it and uses it in a worker process, where
 * each call is a round trip to the owner. Items travel Java-serialized (they must be
 * {@link Serializable}; null is allowed, as Python's {@code None}). The queue lives while its owner
 * does, or until {@link #close()}. Close it (try-with-resources) when done: while any shared object is
 * served, RMI's non-daemon thread keeps the owner's JVM from exiting after its main method returns.
 *
 * <p>Trust: the owner accepts RMI connections on a 127.0.0.1 port, so any process on this machine
 * that finds the port can call it and send it serialized objects, as with Python's Manager (which
 * at least asks for an authkey). A caller needs the queue's random 64-bit RMI id, and the owner reads
 * what a call sends only under an {@link java.io.ObjectInputFilter}: the JDK's value types and
 * exceptions, asyncio4j's own types (see {@link WorkerOptions#allowClasses} for the list), the
 * classes of the package of the code that created the queue, and the classes named at
 * {@link #create(int, String...)}. Any other class is refused before any of its code runs, and the call
 * fails with an {@link IllegalArgumentException} naming it. (What the owner returns is read without
 * that filter: a worker trusts the process that made it.) Still, use these shared objects only on
 * machines whose local users you trust.
 *
 * <p>Costs: one loopback round trip per call (tens of microseconds) plus serialization; a waiting
 * {@code get}/{@code put}/{@code join} holds one thread of the owner while it waits. The blocking
 * methods block the calling thread: from a task use {@link #getAsync()} or {@link Async#toThread}.
 *
 * {@snippet :
 * ProcessQueue<Integer> q = ProcessQueue.create();
 * try (WorkerPool pool = WorkerPool.processes(1)) {
 *     pool.submit(() -> { q.put(1 + 2 + 3); return null; });   // runs in the worker process
 *     System.out.println(q.get());                              // 6
 * }
 * }
 *
 * @param <T> the item type
 */
public final class ProcessQueue<T> implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final RemoteQueue remote;
    private final transient @Nullable RemoteQueue served; // in the owner only

    private ProcessQueue(RemoteQueue served, List<String> allowClasses) {
        this.served = served;
        this.remote = SharedObjects.export(served, allowClasses, "ProcessQueue");
    }

    /**
     * {@code Queue()}: an unbounded queue served by this process.
     *
     * @param <T> the item type
     * @return the queue
     */
    public static <T> ProcessQueue<T> create() {
        return serving(0, List.of());
    }

    /**
     * {@code Queue(maxsize)}: {@code put} waits while {@code maxsize} items are queued.
     *
     * @param maxsize the capacity, or 0 for no bound (as Python's {@code Queue(0)})
     * @param <T> the item type
     * @return the queue
     */
    public static <T> ProcessQueue<T> create(int maxsize) {
        return serving(maxsize, List.of());
    }

    /**
     * {@code Queue(maxsize)} that also lets in items of the classes {@code allowClasses} names, beyond
     * the defaults (see the class comment). Each pattern is a class name ({@code com.example.model.Point}),
     * a package ({@code com.example.model.*}), a package and its subpackages ({@code com.example.**}), or
     * {@code *} for any class (only among processes you trust).
     *
     * {@snippet class=io.asyncio4j.Snippets region=processQueueAllowClasses}
     *
     * @param maxsize the capacity, or 0 for no bound
     * @param allowClasses class names or patterns
     * @param <T> the item type
     * @return the queue
     * @throws IllegalArgumentException if {@code maxsize < 0} or a pattern is none of those forms
     */
    public static <T> ProcessQueue<T> create(int maxsize, String... allowClasses) {
        return serving(maxsize, CallerPackage.checked(allowClasses));
    }

    /** A new queue exported with the caller's package and {@code allowClasses} let in. */
    static <T> ProcessQueue<T> serving(int maxsize, List<String> allowClasses) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0: no bound), was " + maxsize);
        }
        return new ProcessQueue<>(SharedObjects.queue(maxsize), CallerPackage.plus(allowClasses));
    }

    /**
     * {@code put(item)}: adds {@code item}, waiting for room.
     *
     * @param item the item (serializable, or null)
     */
    public void put(@Nullable T item) {
        try {
            remote.put(item, -1);
        } catch (RemoteException | InterruptedException e) {
            throw failed("put", e);
        }
    }

    /**
     * {@code put_nowait(item)}.
     *
     * @param item the item
     * @throws QueueFull if the queue is full
     */
    public void putNowait(@Nullable T item) {
        boolean ok;
        try {
            ok = remote.put(item, 0);
        } catch (RemoteException | InterruptedException e) {
            throw failed("put", e);
        }
        if (!ok) {
            throw new QueueFull("Queue is full");
        }
    }

    /**
     * {@code get()}: takes the next item, waiting for one.
     *
     * @return the item
     */
    @SuppressWarnings("unchecked")
    public @Nullable T get() {
        try {
            return (T) remote.get(-1)[0];
        } catch (RemoteException | InterruptedException e) {
            throw failed("get", e);
        }
    }

    /**
     * {@code get(timeout=...)}.
     *
     * @param timeout how long to wait
     * @return the item
     * @throws QueueEmpty if none came in time
     */
    @SuppressWarnings("unchecked")
    public @Nullable T get(Duration timeout) {
        long nanos = Checks.nanos(timeout, "timeout");
        Object[] box;
        try {
            box = remote.get(nanos);
        } catch (RemoteException | InterruptedException e) {
            throw failed("get", e);
        }
        if (box == null) {
            throw new QueueEmpty("Queue is empty");
        }
        return (T) box[0];
    }

    /**
     * {@code get_nowait()}.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     */
    public @Nullable T getNowait() {
        return get(Duration.ZERO);
    }

    /**
     * {@link #get()} on a worker thread, so a task can await it without blocking its loop.
     *
     * @return the next item
     */
    public CompletableFuture<@Nullable T> getAsync() {
        return Threadsafe.toThread(this::get);
    }

    /**
     * {@code task_done()}: an item taken with {@code get} has been processed.
     *
     * @throws IllegalStateException if called more times than items were taken (Python's {@code ValueError})
     */
    public void taskDone() {
        boolean ok;
        try {
            ok = remote.taskDone();
        } catch (RemoteException e) {
            throw failed("taskDone", e);
        }
        if (!ok) {
            throw new IllegalStateException("taskDone() called more times than there were items taken");
        }
    }

    /** {@code join()}: waits until every item put has been taken and marked done with {@link #taskDone()}. */
    public void join() {
        try {
            remote.join();
        } catch (RemoteException | InterruptedException e) {
            throw failed("join", e);
        }
    }

    /**
     * {@code qsize()}: the number of items queued now.
     *
     * @return the size
     */
    public int qsize() {
        try {
            return remote.size();
        } catch (RemoteException e) {
            throw failed("qsize", e);
        }
    }

    /**
     * {@code empty()}: whether no item is queued now (already stale when it returns, as in Python).
     *
     * @return true if empty
     */
    public boolean empty() {
        return qsize() == 0;
    }

    /**
     * In the owner, stops serving the queue: callers elsewhere then fail, and so do the calls waiting in
     * it ({@code get}, {@code put}, {@code join}); elsewhere does nothing.
     */
    @Override
    public void close() {
        if (served != null) {
            SharedObjects.unexport(served);
        }
    }

    static RuntimeException failed(String op, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new java.util.concurrent.CancellationException(op + " was interrupted");
        }
        String refused = SharedObjects.refusal(e);
        if (refused != null) {
            return new IllegalArgumentException(op + " refused by the owner process: " + refused, e);
        }
        return new IllegalStateException(op + " failed: the owner process of this shared object is gone or closed it (" + e + ")", e);
    }
}
