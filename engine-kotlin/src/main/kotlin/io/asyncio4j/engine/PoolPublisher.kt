package io.asyncio4j.engine

import java.util.ArrayDeque
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.function.Function

/**
 * A pool's `imap` as a `Flow.Publisher`: each subscription walks [items] afresh and submits an item
 * only while fewer than [window] are submitted but not yet delivered, so a slow subscriber holds
 * back the submissions (backpressure reaches the pool's queue). Ordered: items' order; else the order
 * jobs finish. Cancelling the subscription cancels the jobs in flight.
 */
internal class PoolPublisher<T, R : Any>(
    private val pool: WorkerPool,
    private val fn: Function<in T, out R>,
    private val items: Iterable<T>,
    private val ordered: Boolean,
    private val window: Int,
) : Flow.Publisher<R> {
    init {
        require(window >= 1) { "window must be >= 1, was $window" }
    }

    override fun subscribe(subscriber: Flow.Subscriber<in R>?) {
        if (subscriber == null) throw NullPointerException("subscriber")
        val source = Source()
        PullPublisher { source }.subscribe(object : Flow.Subscriber<R> {
            // After cancel, the jobs' own cancellations must not reach the subscriber as onError (rule 1.8/3.13).
            @Volatile
            private var cancelled = false

            override fun onSubscribe(subscription: Flow.Subscription) {
                subscriber.onSubscribe(object : Flow.Subscription {
                    override fun request(n: Long) = subscription.request(n)

                    override fun cancel() {
                        cancelled = true
                        subscription.cancel()
                        source.cancelAll()
                    }
                })
            }

            override fun onNext(item: R) {
                if (!cancelled) subscriber.onNext(item)
            }

            override fun onError(throwable: Throwable) {
                source.cancelAll()
                if (!cancelled) subscriber.onError(throwable)
            }

            override fun onComplete() {
                if (!cancelled) subscriber.onComplete()
            }
        })
    }

    /** One subscription's jobs. PullPublisher serializes poll/terminal/next; completions come from any thread. */
    private inner class Source : PullSource<R> {
        private val iterator = items.iterator()
        private val lock = Any()
        private val inFlight = ArrayDeque<CompletableFuture<R>>() // ordered: submission order; else: not yet finished
        private val ready = ArrayDeque<R>() // unordered: finished, not yet delivered
        private var outstanding = 0 // submitted and not yet delivered
        private var taken: CompletableFuture<R>? = null // ordered: the job handed out by next()
        private var signal: CompletableFuture<R>? = null // unordered: the future handed out by next()
        private var failure: Throwable? = null
        private var sourceDone = false

        private fun topUp() {
            while (true) {
                val item = synchronized(lock) {
                    if (sourceDone || failure != null || outstanding >= window) return
                    if (!iterator.hasNext()) {
                        sourceDone = true
                        return
                    }
                    outstanding++
                    iterator.next()
                }
                val job = try {
                    pool.submitOne(fn, item)
                } catch (e: Throwable) {
                    synchronized(lock) { failure = failure ?: e }
                    return
                }
                synchronized(lock) { inFlight.addLast(job) }
                if (!ordered) job.whenComplete { v, e -> finished(job, v, e) }
            }
        }

        private fun finished(job: CompletableFuture<R>, value: R?, error: Throwable?) {
            var s: CompletableFuture<R>?
            var fail: Throwable? = null
            synchronized(lock) {
                inFlight.remove(job)
                val e = error ?: if (value == null) NullPointerException("imapPublisher: fn returned null (a Flow cannot carry null)") else null
                s = signal
                if (e != null) {
                    failure = failure ?: Awaits.unwrap(e)
                    fail = failure
                    signal = null
                } else if (s == null) {
                    ready.addLast(value)
                } else {
                    signal = null
                    outstanding--
                }
            }
            // outside the lock: completing runs the subscription's drain
            if (fail != null) s?.completeExceptionally(fail) else s?.complete(value)
        }

        override fun poll(): R? {
            topUp()
            if (ordered) {
                val head = synchronized(lock) { inFlight.peekFirst() } ?: return null
                if (!head.isDone || head.isCompletedExceptionally) return null
                val v = head.join() ?: return null
                synchronized(lock) {
                    inFlight.pollFirst()
                    outstanding--
                }
                return v
            }
            return synchronized(lock) { ready.pollFirst()?.also { outstanding-- } }
        }

        override fun terminal(): Any? = synchronized(lock) {
            failure?.let { return it }
            if (ordered) {
                for (f in listOf(taken, inFlight.peekFirst())) {
                    if (f == null || !f.isDone) continue
                    val bad = try {
                        if (f.join() == null) NullPointerException("imapPublisher: fn returned null (a Flow cannot carry null)") else null
                    } catch (e: Throwable) {
                        Awaits.unwrap(e)
                    }
                    if (bad != null) {
                        failure = bad
                        return bad
                    }
                }
            }
            if (sourceDone && outstanding == 0 && ready.isEmpty() && inFlight.isEmpty()) PullSource.COMPLETE else null
        }

        override fun next(): CompletableFuture<R> {
            topUp()
            if (ordered) {
                val head = synchronized(lock) { inFlight.pollFirst()?.also { outstanding-- } }
                    ?: return CompletableFuture<R>().also { it.completeExceptionally(failure ?: IllegalStateException("no job in flight")) }
                taken = head
                return head
            }
            synchronized(lock) {
                ready.pollFirst()?.let {
                    outstanding--
                    return CompletableFuture.completedFuture(it)
                }
                failure?.let { return CompletableFuture.failedFuture(it) }
                return CompletableFuture<R>().also { signal = it }
            }
        }

        override fun handBack(item: R) {
            synchronized(lock) {
                ready.addFirst(item)
                outstanding++
            }
        }

        fun cancelAll() {
            val jobs = synchronized(lock) {
                sourceDone = true
                ArrayList(inFlight).also { inFlight.clear() }
            }
            jobs.forEach { it.cancel(true) }
            taken?.cancel(true)
        }
    }
}
