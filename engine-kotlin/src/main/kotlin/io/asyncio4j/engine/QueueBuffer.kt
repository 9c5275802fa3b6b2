package io.asyncio4j.engine

import java.util.PriorityQueue

/**
 * Where a [Queue] keeps its items, and in which order they come out: the three hooks CPython's
 * `queues.py` lets `LifoQueue` and `PriorityQueue` override (`_init`, `_put`, `_get`), plus the
 * spot a cancelled getter's item goes back to. The queue's waiting, hand-off and cancellation logic
 * exists once, in [Queue]; a buffer only stores. Always called under the queue's monitor.
 */
internal abstract class QueueBuffer<T : Any> {
    abstract val size: Int

    /** True if a put must wait (a conflated buffer never is: a put replaces). */
    open fun isFull(capacity: Int): Boolean = size >= capacity

    /** Python's `_put`; false if [item] replaced one rather than adding to the count. */
    abstract fun add(item: T): Boolean

    /** Python's `_get`; only called when [size] > 0. */
    abstract fun take(): T

    /** An item a cancelled getter gave back: it is the oldest, so it goes where the next get looks first. */
    abstract fun putBack(item: T)

    abstract fun clear()

    /** Python's `_init`: the buffer for [kind]. */
    companion object {
        fun <T : Any> of(kind: Queue.Kind, capacity: Int, comparator: Comparator<in T>?): QueueBuffer<T> = when (kind) {
            Queue.Kind.FIFO -> Fifo(capacity)
            Queue.Kind.LIFO -> Lifo(capacity)
            Queue.Kind.PRIORITY -> Heap(comparator)
            Queue.Kind.CONFLATED -> Conflated()
        }
    }

    private abstract class Deque<T : Any>(capacity: Int) : QueueBuffer<T>() {
        protected val items = ArrayDeque<T>(minOf(capacity, 16))
        override val size: Int get() = items.size

        override fun add(item: T): Boolean {
            items.addLast(item)
            return true
        }

        override fun clear() {
            items.clear()
        }
    }

    private class Fifo<T : Any>(capacity: Int) : Deque<T>(capacity) {
        override fun take(): T = items.removeFirst()

        override fun putBack(item: T) {
            items.addFirst(item)
        }
    }

    private class Lifo<T : Any>(capacity: Int) : Deque<T>(capacity) {
        override fun take(): T = items.removeLast()

        override fun putBack(item: T) {
            items.addLast(item)
        }
    }

    /** Keeps only the newest item. */
    private class Conflated<T : Any> : Deque<T>(1) {
        override fun isFull(capacity: Int): Boolean = false

        override fun add(item: T): Boolean {
            val grew = items.isEmpty()
            items.clear()
            items.addLast(item)
            return grew
        }

        override fun take(): T = items.removeFirst()

        override fun putBack(item: T) {
            if (items.isEmpty()) items.addLast(item) // a newer one wins
        }
    }

    private class Heap<T : Any>(comparator: Comparator<in T>?) : QueueBuffer<T>() {
        private val items = PriorityQueue<T>(11, comparator)
        override val size: Int get() = items.size

        override fun add(item: T): Boolean {
            items.add(item)
            return true
        }

        override fun take(): T = items.poll()

        override fun putBack(item: T) {
            items.add(item)
        }

        override fun clear() {
            items.clear()
        }
    }
}
