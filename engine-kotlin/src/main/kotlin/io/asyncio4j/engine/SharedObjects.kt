package io.asyncio4j.engine

import java.io.ObjectInputFilter
import java.io.Serializable
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.rmi.Remote
import java.rmi.RemoteException
import java.rmi.server.RMIClientSocketFactory
import java.rmi.server.RMIServerSocketFactory
import java.rmi.server.UnicastRemoteObject
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock
import java.util.function.BiFunction
import kotlin.concurrent.withLock

/**
 * Objects shared between processes — `multiprocessing.Queue`/`JoinableQueue`, `Lock` and a
 * Manager's `dict` — served by the process that creates them through Java RMI (the JDK's remote
 * method calls: Java serialization over a TCP connection, here bound to 127.0.0.1). A stub is
 * Serializable, so it travels inside a job to a worker process and calls back to the owner there.
 * Like Python's Manager proxies, every operation is one round trip to the owner (tens of
 * microseconds on loopback) plus the serialization of its arguments; a blocking `get` or `acquire`
 * holds one RMI server thread in the owner while it waits. The objects live as long as their owner
 * process; [unexport] ends them early.
 *
 * Trust: any local process that finds the port can connect, so the owner reads the arguments of a
 * call only under an [ObjectInputFilter] (the JDK's per-object filter of RMI): the classes of
 * [ClassAllowList]'s built-in list and those the object was exported with; anything else is refused
 * before any of its code runs. A caller also needs the object's id, a random 64-bit number (RMI's
 * `java.rmi.server.randomIDs`, on unless switched off; [export] refuses to run without it). What a
 * call returns is read by the caller without this filter (RMI has none for that side): a worker
 * trusts the process that created the object, its own parent.
 */
public object SharedObjects {
    /**
     * Exports [impl] on 127.0.0.1 and returns its serializable stub. Calls to it read their
     * arguments under the built-in list plus [allowClasses]; a refused class fails the call with a
     * message naming it and [what] the object is (e.g. "ProcessQueue").
     */
    @JvmStatic
    public fun <T : Remote> export(impl: T, allowClasses: List<String>, what: String): T {
        check(System.getProperty("java.rmi.server.randomIDs")?.toBoolean() != false) {
            "cannot share a $what: java.rmi.server.randomIDs=false makes its RMI id guessable; leave it unset or true"
        }
        val allow = ClassAllowList.of(allowClasses)
        val filter = allow.filter { c ->
            "class ${c.name} is not let in by this $what; it was not read. Its owner lets in the JDK's value types and " +
                "exceptions, asyncio4j's own types and the classes it was created with (${allow.patterns.joinToString()})"
        }
        @Suppress("UNCHECKED_CAST")
        return UnicastRemoteObject.exportObject(impl, 0, LoopbackClient, LoopbackServer, filter) as T
    }

    /** The message of the refusal that failed a call, if a class was refused (see [export]); null otherwise. */
    @JvmStatic
    public fun refusal(failure: Throwable): String? =
        generateSequence(failure) { it.cause }.take(20).firstOrNull { it is ClassRefusedException }?.message

    /** Stops serving [impl]; callers get a RemoteException from then on, those waiting in it too. */
    @JvmStatic
    public fun unexport(impl: Remote) {
        try {
            UnicastRemoteObject.unexportObject(impl, true)
        } catch (_: java.rmi.NoSuchObjectException) {
            // already gone
        }
        // RMI counts an object with a call in progress as alive, and while one is, its non-daemon
        // "RMI Reaper" thread keeps this JVM from exiting: end the calls that wait.
        (impl as? WaitingCalls.Owner)?.waitingCalls?.close()
    }

    /** A new queue holding at most [maxsize] items (0: unbounded); returns the object to export. */
    @JvmStatic
    public fun queue(maxsize: Int): RemoteQueue = QueueServer(maxsize)

    /** A new lock (a binary semaphore, like `multiprocessing.Lock`: any process may release it). */
    @JvmStatic
    public fun lock(): RemoteLock = LockServer()

    /** A new dict holding a copy of [initial]. */
    @JvmStatic
    public fun dict(initial: Map<Any?, Any?>): RemoteDict = DictServer(initial)

    private object LoopbackServer : RMIServerSocketFactory, Serializable {
        private fun readResolve(): Any = LoopbackServer

        override fun createServerSocket(port: Int): ServerSocket = ServerSocket(port, 50, InetAddress.getLoopbackAddress())

        override fun equals(other: Any?): Boolean = other is LoopbackServer

        override fun hashCode(): Int = 1
    }

    // A stub carries its client socket factory: it always dials loopback, whatever host name the JVM has.
    private object LoopbackClient : RMIClientSocketFactory, Serializable {
        private fun readResolve(): Any = LoopbackClient

        override fun createSocket(host: String?, port: Int): Socket = Socket(InetAddress.getLoopbackAddress(), port)

        override fun equals(other: Any?): Boolean = other is LoopbackClient

        override fun hashCode(): Int = 2
    }
}

/** A queue served by its owner process. Items travel Java-serialized. */
public interface RemoteQueue : Remote {
    /** Adds [item]; waits up to [timeoutNanos] (< 0: forever) for room; false if there was none. */
    @Throws(RemoteException::class, InterruptedException::class)
    public fun put(item: Any?, timeoutNanos: Long): Boolean

    /** The next item boxed in a one-element array; waits up to [timeoutNanos] (< 0: forever); null if none came. */
    @Throws(RemoteException::class, InterruptedException::class)
    public fun get(timeoutNanos: Long): Array<Any?>?

    /** `task_done()`: one item taken earlier is processed; false if there was no unfinished item. */
    @Throws(RemoteException::class)
    public fun taskDone(): Boolean

    /** `join()`: waits until every item put has been taken and marked done. */
    @Throws(RemoteException::class, InterruptedException::class)
    public fun join()

    /** The number of items in the queue now. */
    @Throws(RemoteException::class)
    public fun size(): Int
}

/** A lock served by its owner process. */
public interface RemoteLock : Remote {
    /** Waits up to [timeoutNanos] (< 0: forever) for the lock; false if it was not obtained. */
    @Throws(RemoteException::class, InterruptedException::class)
    public fun acquire(timeoutNanos: Long): Boolean

    /** Releases the lock; false if it was not held. */
    @Throws(RemoteException::class)
    public fun release(): Boolean
}

/** A dict served by its owner process. [update] applies a function atomically in the owner. */
public interface RemoteDict : Remote {
    @Throws(RemoteException::class)
    public fun get(key: Any?): Any?

    @Throws(RemoteException::class)
    public fun put(key: Any?, value: Any?): Any?

    @Throws(RemoteException::class)
    public fun remove(key: Any?): Any?

    /** Replaces the value of [key] by `fn(key, old)` under the dict's lock (null removes it); returns the new value. */
    @Throws(RemoteException::class)
    public fun update(key: Any?, fn: BiFunction<Any?, Any?, Any?>): Any?

    /** A copy of the whole dict, in insertion order. */
    @Throws(RemoteException::class)
    public fun snapshot(): LinkedHashMap<Any?, Any?>
}

/**
 * The calls of a served object that wait (a get on an empty queue, an acquire, ...). [close] ends them: each
 * fails with a RemoteException, and so does any call made after.
 */
private class WaitingCalls {
    interface Owner {
        val waitingCalls: WaitingCalls
    }

    private val threads = HashSet<Thread>()
    private var closed = false

    fun <T> wait(call: () -> T): T {
        val me = Thread.currentThread()
        synchronized(this) {
            if (closed) throw closedError()
            threads.add(me)
        }
        try {
            return call()
        } catch (e: InterruptedException) {
            if (synchronized(this) { closed }) throw closedError()
            throw e
        } finally {
            synchronized(this) {
                threads.remove(me)
                if (closed) Thread.interrupted() // close() may have interrupted it just after the call returned
            }
        }
    }

    @Synchronized
    fun close() {
        closed = true
        threads.forEach(Thread::interrupt)
    }

    private fun closedError() = java.rmi.NoSuchObjectException("the shared object was closed by its owner")
}

private class QueueServer(maxsize: Int) : RemoteQueue, WaitingCalls.Owner {
    override val waitingCalls = WaitingCalls()
    private val items = if (maxsize > 0) LinkedBlockingQueue<Array<Any?>>(maxsize) else LinkedBlockingQueue()
    private val lock = ReentrantLock()
    private val allDone = lock.newCondition()
    private var unfinished = 0

    override fun put(item: Any?, timeoutNanos: Long): Boolean = waitingCalls.wait {
        val box = arrayOf(item)
        lock.withLock { unfinished++ }
        var ok = false
        try {
            ok = if (timeoutNanos < 0) {
                items.put(box)
                true
            } else {
                items.offer(box, timeoutNanos, TimeUnit.NANOSECONDS)
            }
        } finally {
            if (!ok) finishOne()
        }
        ok
    }

    override fun get(timeoutNanos: Long): Array<Any?>? = waitingCalls.wait {
        if (timeoutNanos < 0) items.take() else items.poll(timeoutNanos, TimeUnit.NANOSECONDS)
    }

    override fun taskDone(): Boolean = lock.withLock {
        if (unfinished <= items.size) return false // every unfinished item is still queued: none was taken
        finishOne()
        true
    }

    private fun finishOne() = lock.withLock {
        unfinished--
        if (unfinished == 0) allDone.signalAll()
    }

    override fun join() = waitingCalls.wait {
        lock.withLock { while (unfinished > 0) allDone.await() }
    }

    override fun size(): Int = items.size
}

private class LockServer : RemoteLock, WaitingCalls.Owner {
    override val waitingCalls = WaitingCalls()
    private val permit = Semaphore(1)

    override fun acquire(timeoutNanos: Long): Boolean = waitingCalls.wait {
        if (timeoutNanos < 0) {
            permit.acquire()
            true
        } else {
            permit.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)
        }
    }

    @Synchronized
    override fun release(): Boolean {
        if (permit.availablePermits() > 0) return false
        permit.release()
        return true
    }
}

private class DictServer(initial: Map<Any?, Any?>) : RemoteDict {
    private val map = LinkedHashMap(initial)

    @Synchronized
    override fun get(key: Any?): Any? = map[key]

    @Synchronized
    override fun put(key: Any?, value: Any?): Any? = map.put(key, value)

    @Synchronized
    override fun remove(key: Any?): Any? = map.remove(key)

    @Synchronized
    override fun update(key: Any?, fn: BiFunction<Any?, Any?, Any?>): Any? {
        val next = fn.apply(key, map[key])
        if (next == null) map.remove(key) else map[key] = next
        return next
    }

    @Synchronized
    override fun snapshot(): LinkedHashMap<Any?, Any?> = LinkedHashMap(map)
}
