package io.asyncio4j.engine

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * Where a [PullPublisher] takes its items from: one source per subscription.
 */
internal interface PullSource<T : Any> {
    /** An item available now, or null. */
    fun poll(): T?

    /** Null while more items may come; [COMPLETE] once ended normally; else the failure to signal. */
    fun terminal(): Any?

    /** A future of the next item. If it fails, [terminal] says whether the stream ended. */
    fun next(): CompletableFuture<T>

    /** Gives back an item that arrived after the subscriber cancelled. */
    fun handBack(item: T)

    companion object {
        val COMPLETE = Any()
    }
}

/**
 * A `Flow.Publisher` that pulls from a [PullSource] only as far as the subscriber has requested, so
 * backpressure holds end to end and no item is taken that nobody asked for. Signals are serialized
 * by a work-in-progress counter (no recursion through `request` from `onNext`); they run on the
 * thread that requested or that completed the pending future (a loop, for loop-bound sources).
 */
internal class PullPublisher<T : Any>(private val sources: () -> PullSource<T>) : Flow.Publisher<T> {
    override fun subscribe(subscriber: Flow.Subscriber<in T>?) {
        if (subscriber == null) throw NullPointerException("subscriber")
        val sub = PullSubscription(subscriber, sources())
        // The subscription is born "in progress": a request from inside onSubscribe, and an item that
        // arrives meanwhile on another thread, are only counted, so no onNext can overlap onSubscribe
        // (rule 1.3). The signals start once onSubscribe has returned.
        subscriber.onSubscribe(sub)
        sub.drainLoop()
    }
}

private class PullSubscription<T : Any>(
    private val subscriber: Flow.Subscriber<in T>,
    private val source: PullSource<T>,
) : Flow.Subscription {
    private val requested = AtomicLong()

    // Work in progress; starts at 1, held by the subscribing thread until onSubscribe returns.
    private val wip = AtomicInteger(1)

    @Volatile
    private var cancelled = false

    @Volatile
    private var badRequest: Long = 0

    @Volatile
    private var hasBadRequest = false

    // only touched inside drain (serialized by wip)
    private var pending: CompletableFuture<T>? = null
    private var terminated = false

    override fun request(n: Long) {
        if (n <= 0) {
            badRequest = n
            hasBadRequest = true
        } else {
            while (true) {
                val r = requested.get()
                if (r == Long.MAX_VALUE) break
                val u = if (r + n < 0) Long.MAX_VALUE else r + n
                if (requested.compareAndSet(r, u)) break
            }
        }
        drain()
    }

    override fun cancel() {
        cancelled = true
        drain()
    }

    fun drain() {
        if (wip.getAndIncrement() != 0) return
        drainLoop()
    }

    /** Runs the signals while this thread holds the work-in-progress count, until no more work was missed. */
    fun drainLoop() {
        var missed = 1
        while (true) {
            if (!terminated) step()
            missed = wip.addAndGet(-missed)
            if (missed == 0) return
        }
    }

    private fun stop() {
        terminated = true
        val p = pending
        pending = null
        if (p != null && !p.cancel(false) && p.isDone && !p.isCompletedExceptionally) {
            source.handBack(p.join()) // it arrived after all: it is not ours to drop
        }
    }

    private fun step() {
        if (cancelled) {
            stop()
            return
        }
        if (hasBadRequest) {
            stop()
            subscriber.onError(IllegalArgumentException("Rule 3.9: request(n) must be called with n > 0, got $badRequest"))
            return
        }
        val r = requested.get()
        var e = 0L
        while (e != r) {
            if (cancelled) {
                stop()
                return
            }
            val p = pending
            val item: T?
            if (p != null) {
                if (!p.isDone) break
                pending = null
                item = try {
                    p.join()
                } catch (x: CompletionException) {
                    null
                } catch (x: java.util.concurrent.CancellationException) {
                    null
                }
                if (item == null) {
                    if (checkTerminal()) return
                    continue
                }
            } else {
                item = source.poll()
            }
            if (item != null) {
                if (!emit(item)) return
                e++
                continue
            }
            if (checkTerminal()) return
            val f = source.next()
            pending = f
            if (!f.isDone) {
                f.whenComplete { _, _ -> drain() }
                break
            }
        }
        if (e != 0L && r != Long.MAX_VALUE) requested.addAndGet(-e)
        if (pending == null && !terminated) checkTerminal()
    }

    private fun emit(item: T): Boolean {
        try {
            subscriber.onNext(item)
            return true
        } catch (t: Throwable) {
            // Rule 2.13 violated by the subscriber: treat the subscription as cancelled.
            cancelled = true
            stop()
            if (t is VirtualMachineError) throw t
            return false
        }
    }

    /** Signals the end if the source has ended; true if it did. */
    private fun checkTerminal(): Boolean {
        val t = source.terminal() ?: return false
        terminated = true
        if (t === PullSource.COMPLETE) subscriber.onComplete() else subscriber.onError(t as Throwable)
        return true
    }
}

/** `Flow.Publisher`s over the engine's structures. */
public object Publishers {
    /**
     * A publisher of [queue]'s items (each subscriber competes for them, as with kotlinx's
     * `receiveAsFlow`); it completes once the queue is closed and empty, or fails with the close cause.
     */
    @JvmStatic
    public fun <T : Any> ofQueue(queue: Queue<T>): Flow.Publisher<T> = PullPublisher {
        object : PullSource<T> {
            override fun poll(): T? = queue.tryGet()

            override fun terminal(): Any? {
                if (!queue.isDrained()) return null
                return queue.closeCause() ?: PullSource.COMPLETE
            }

            override fun next(): CompletableFuture<T> = queue.getAsync()

            override fun handBack(item: T) = queue.handBack(item)
        }
    }

    /**
     * asyncio's `as_completed` as a publisher: the inputs' values in completion order; fails with the
     * first failure (or [java.util.concurrent.TimeoutException] after [timeoutNanos], if >= 0). Each
     * subscriber sees the whole sequence. Cancelling a subscription does not cancel the inputs.
     */
    @JvmStatic
    public fun <T : Any> asCompleted(inputs: List<CompletableFuture<out T>>, timeoutNanos: Long): Flow.Publisher<T> {
        val slots = Combinators.asCompleted(inputs, timeoutNanos)
        return PullPublisher {
            object : PullSource<T> {
                @Volatile
                private var index = 0

                override fun poll(): T? {
                    if (index == slots.size) return null
                    val s = slots[index]
                    if (!s.isDone || s.isCompletedExceptionally) return null
                    val v = s.join() ?: return null
                    index++
                    return v
                }

                override fun terminal(): Any? {
                    if (index == slots.size) return PullSource.COMPLETE
                    val s = slots[index]
                    if (s.isDone && !s.isCompletedExceptionally && s.join() == null) {
                        return NullPointerException("asCompletedPublisher: an input completed with null (Rule 2.13)")
                    }
                    if (s.isCompletedExceptionally) {
                        return try {
                            s.join()
                            null
                        } catch (e: Throwable) {
                            Awaits.unwrap(e)
                        }
                    }
                    return null
                }

                override fun next(): CompletableFuture<T> {
                    val i = index
                    return slots[i].thenApply { v ->
                        index = i + 1
                        v ?: throw NullPointerException("asCompletedPublisher: input $i completed with null")
                    }
                }

                override fun handBack(item: T) {
                    // the next subscriber-side poll would skip it otherwise; slots are per publisher, so nothing to do
                }
            }
        }
    }

    /**
     * A queue fed by [publisher]: it requests [buffer] items (at least 1) up front and one more each
     * time an item is taken out, so at most [buffer] items wait in the queue (one waiting put for a
     * rendezvous). The publisher's completion closes the queue; its failure closes it with that cause.
     * Closing the queue cancels the subscription at the next item.
     */
    @JvmStatic
    public fun <T : Any> toQueue(publisher: Flow.Publisher<out T>, buffer: Int, errors: QueueErrors): Queue<T> {
        require(buffer >= 0) { "buffer must be >= 0" }
        val queue = Queue<T>(Queue.Kind.FIFO, buffer, null, errors)
        publisher.subscribe(object : Flow.Subscriber<T> {
            @Volatile
            private var subscription: Flow.Subscription? = null

            override fun onSubscribe(s: Flow.Subscription) {
                if (subscription != null) {
                    s.cancel()
                    return
                }
                subscription = s
                queue.onTaken = Runnable { s.request(1) }
                s.request(maxOf(buffer, 1).toLong())
            }

            override fun onNext(item: T) {
                if (queue.tryPut(item)) return
                if (queue.isShutDown()) {
                    subscription?.cancel()
                    return
                }
                queue.putAsync(item).whenComplete { _, e -> if (e != null) subscription?.cancel() }
            }

            override fun onError(throwable: Throwable) {
                queue.close(throwable, false)
            }

            override fun onComplete() {
                queue.close(null, false)
            }
        })
        return queue
    }
}
