package io.asyncio4j.engine

import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.Param
import org.jetbrains.lincheck.datastructures.IntGen

/** Errors with value semantics, so Lincheck can compare results. */
internal object TestQueueErrors : QueueErrors {
    class Empty : RuntimeException("empty") {
        override fun equals(other: Any?) = other is Empty
        override fun hashCode() = 1
    }

    class Full : RuntimeException("full") {
        override fun equals(other: Any?) = other is Full
        override fun hashCode() = 2
    }

    class ShutDown : RuntimeException("shut down") {
        override fun equals(other: Any?) = other is ShutDown
        override fun hashCode() = 3
    }

    override fun empty(): RuntimeException = Empty()
    override fun full(): RuntimeException = Full()
    override fun shutDownPut(cause: Throwable?): Throwable = ShutDown()
    override fun shutDownGet(cause: Throwable?): Throwable = ShutDown()
}

@Param(name = "item", gen = IntGen::class, conf = "1:4")
abstract class QueueLincheckTest(kind: Queue.Kind, capacity: Int) : AbstractLincheckTest() {
    private val q = Queue<Int>(kind, capacity, null, TestQueueErrors)

    override val actorsPerThread: Int = 2

    // A put that has been accepted cannot be taken back, so it is not cancellable once suspended
    // (its cancellation is checked by putThenCancel); a get is, and must never lose an item.
    @Operation(cancellableOnSuspension = false)
    suspend fun put(@Param(name = "item") item: Int) = q.put(item)

    @Operation
    suspend fun get() = q.get()

    @Operation
    fun putNowait(@Param(name = "item") item: Int) = q.putNowait(item)

    @Operation
    fun getNowait() = q.getNowait()

    /**
     * A get that gives up at once if it would wait. Linearizable only while puts never wait for a
     * getter (capacity > 0): with a rendezvous, "wait, then be handed an item" has no sequential twin.
     */
    @Operation
    fun getThenCancel(): Int? {
        val f = q.getAsync()
        return if (f.isDone || !f.cancel(false)) f.join() else null
    }

    @Operation
    fun taskDone() = q.taskDone()

    @Operation
    fun shutdown(immediate: Boolean) = q.shutdown(immediate)
}

class FifoQueueLincheckTest : QueueLincheckTest(Queue.Kind.FIFO, 2)

class LifoQueueLincheckTest : QueueLincheckTest(Queue.Kind.LIFO, 2)

class PriorityQueueLincheckTest : QueueLincheckTest(Queue.Kind.PRIORITY, 2)

@Param(name = "item", gen = IntGen::class, conf = "1:4")
abstract class ChannelLincheckTest(kind: Queue.Kind, capacity: Int) : AbstractLincheckTest() {
    private val ch = Queue<Int>(kind, capacity, null, TestQueueErrors)

    override val actorsPerThread: Int = 2

    @Operation(cancellableOnSuspension = false)
    suspend fun send(@Param(name = "item") item: Int) = ch.put(item)

    @Operation
    suspend fun receive() = ch.get()

    @Operation
    fun trySend(@Param(name = "item") item: Int) = ch.tryPut(item)

    @Operation
    fun tryReceive() = ch.tryGet()

    @Operation
    fun close() = ch.close(null, false)

    @Operation
    fun isClosedForReceive() = ch.isDrained()
}

class RendezvousChannelLincheckTest : ChannelLincheckTest(Queue.Kind.FIFO, 0)

class BufferedChannelLincheckTest : ChannelLincheckTest(Queue.Kind.FIFO, 1)

class ConflatedChannelLincheckTest : ChannelLincheckTest(Queue.Kind.CONFLATED, 1)
