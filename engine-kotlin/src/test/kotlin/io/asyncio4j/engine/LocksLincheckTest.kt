package io.asyncio4j.engine

import org.jetbrains.lincheck.datastructures.Operation

class LockLincheckTest : AbstractLincheckTest() {
    private val lock = Lock()

    @Operation
    fun tryAcquire() = lock.tryAcquire()

    @Operation
    suspend fun acquire() = lock.acquire()

    @Operation
    fun release() = lock.release()

    @Operation
    fun locked() = lock.locked()
}

class SemaphoreLincheckTest : AbstractLincheckTest() {
    private val sem = Semaphore(1, false)

    @Operation
    fun tryAcquire() = sem.tryAcquire()

    @Operation
    suspend fun acquire() = sem.acquire()

    @Operation
    fun release() = sem.release()

    @Operation
    fun availablePermits() = sem.availablePermits()
}

class BoundedSemaphoreLincheckTest : AbstractLincheckTest() {
    private val sem = Semaphore(2, true)

    @Operation
    fun tryAcquire() = sem.tryAcquire()

    @Operation
    suspend fun acquire() = sem.acquire()

    @Operation
    fun release() = sem.release()

    @Operation
    fun locked() = sem.locked()
}

class EventLincheckTest : AbstractLincheckTest() {
    private val event = Event()

    @Operation
    fun set() = event.set()

    @Operation
    fun clear() = event.clear()

    @Operation
    fun isSet() = event.isSet()

    @Operation
    suspend fun await() = event.await()
}

class BarrierLincheckTest : AbstractLincheckTest() {
    private val barrier = Barrier(2)

    @Operation
    suspend fun await() = barrier.await()

    @Operation
    fun waiting() = barrier.waiting()

    @Operation
    fun reset() = barrier.reset()

    @Operation
    fun abort() = barrier.abort()

    @Operation
    fun isBroken() = barrier.isBroken()
}
