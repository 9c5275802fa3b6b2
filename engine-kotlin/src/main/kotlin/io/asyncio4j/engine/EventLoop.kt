package io.asyncio4j.engine

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Delay
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import java.util.PriorityQueue
import java.util.concurrent.Callable
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.CoroutineContext

/**
 * An event loop: one logical thread that runs callbacks, timers and the steps of tasks, one at a time.
 *
 * Whatever belongs to one loop never runs at the same time as anything else of that loop, so the
 * loop's tasks may share plain mutable state. The loop is driven by whichever thread calls
 * [runUntilComplete] or [runForever]; while a blocking-style task body runs, its thread holds the
 * loop and the driving thread waits (see [BlockingBody]).
 *
 * It is a [CoroutineDispatcher] (Kotlin code may `launch(loop)`), a [Delay] (`delay` and
 * `withTimeout` use the loop's timers) and an [Executor] (`execute` is `callSoonThreadsafe`).
 */
public class EventLoop @JvmOverloads constructor(
    name: String? = null,
    /** Runs this loop instead of its own driver threads (a Vert.x context); see [LoopHost]. */
    internal val host: LoopHost? = null,
) : CoroutineDispatcher(), Delay, Executor, AutoCloseable {
    /** The loop's name, used in thread names, reports and `dumpTasks`. */
    public val name: String = name ?: "asyncio4j-loop-${LOOP_IDS.incrementAndGet()}"

    // Makes the loop's driver and body threads on its own [LoopScheduler]; null: the JDK's scheduler.
    private val loopThreads: ((String, Runnable) -> Thread)? = if (host == null) LoopScheduler.forLoop(this.name) else null

    /** A new, unstarted virtual thread named for this loop, on its own scheduler when it has one; null before JDK 21. */
    internal fun newVirtualThread(r: Runnable): Thread? = loopThreads?.invoke(name, r) ?: BodyThreads.newVirtualThread(name, r)

    // Callbacks from other threads; the owner moves them to [ready] at each iteration.
    private val inbox = ConcurrentLinkedQueue<Runnable>()

    // Touched only by the owner thread.
    private val ready = ArrayDeque<Runnable>()

    // Callbacks to run right after the current one, in this iteration, in the order scheduled ([scheduleNext]).
    private val next = ArrayDeque<Runnable>()

    /** True while a delivery callback (a granted lock, an item handed to a getter) completes its future; owner-only. */
    internal var delivering = false
    private val timers = PriorityQueue<TimerHandle>()
    private val timerSeq = AtomicLong()
    private val cancelledTimers = AtomicInteger()

    private val state = AtomicInteger(IDLE)

    @Volatile
    private var stopping = false

    @Volatile
    private var sleeping = false

    /** Who may run the loop now: DESIGN rule 1, kept by [Baton]. */
    internal val baton = Baton(this)

    /** The thread that may touch the loop's state now (the baton's holder). */
    internal val owner: Thread? get() = baton.owner

    /** The thread started by [startInThread], which closes the loop when it exits. */
    @Volatile
    private var ownThread: Thread? = null

    /** Root of every task of this loop: cancelling it cancels them all. */
    internal val rootJob: Job = SupervisorJob()

    /** Scope in which the loop's tasks are created. */
    public val scope: CoroutineScope = CoroutineScope(
        rootJob + this + CoroutineExceptionHandler { _, e -> report(LoopError("Unhandled exception in a coroutine", e, null, null)) },
    )

    /** Tasks that have not finished, for `allTasks`, `dumpTasks` and shutdown. */
    internal val liveTasks = LiveTasks()

    /** Waiting calls (a get, an acquire) made on this loop; withdrawn when it closes. */
    internal val waiters = LoopWaiters(this.name)

    /** Failures nobody has retrieved yet; reported when the task is collected or the loop closes. */
    internal val unretrieved: MutableSet<UnretrievedFailure> = ConcurrentHashMap.newKeySet()

    /** The handler for [LoopError]s; null means the default (log through `System.Logger`). */
    @Volatile
    public var exceptionHandler: ((LoopError) -> Unit)? = null

    /** Debug mode: report bodies that hold the loop longer than [slowCallbackNanos]. */
    @Volatile
    public var debug: Boolean = DEFAULT_DEBUG
        set(value) {
            field = value
            if (value) Watchdog.watch(this)
        }

    /** The debug threshold, nanoseconds (asyncio's `slow_callback_duration`, default 100 ms). */
    @Volatile
    public var slowCallbackNanos: Long = TimeUnit.MILLISECONDS.toNanos(100)

    // Debug bookkeeping read by the watchdog.
    @Volatile
    internal var callbackStart = 0L
    internal val callbackSeq = AtomicLong()

    @Volatile
    internal var reportedSeq = -1L

    /** The task whose step runs now (set by [TaskElement]), for debug reports. */
    @Volatile
    internal var runningTask: Task<*>? = null

    /** The facade object that stands for this loop, so identity is kept across calls. */
    @InternalEngineApi
    public val facade: AtomicReference<Any?> = AtomicReference(null)

    init {
        if (DEFAULT_DEBUG) Watchdog.watch(this)
        LOOPS.add(this)
    }

    /** True while some thread runs the loop. */
    public val isRunning: Boolean get() = state.get() == RUNNING || (host != null && state.get() != CLOSED)

    /** True once [close] has finished its work. */
    public val isClosed: Boolean get() = state.get() == CLOSED

    /** Monotonic loop time in nanoseconds. */
    public fun time(): Long = System.nanoTime()

    /** True if the current thread may touch the loop's state (it drives the loop or holds it for a body). */
    public fun inLoop(): Boolean = host?.isCurrent() ?: (owner === Thread.currentThread())

    // ---------------------------------------------------------------- scheduling

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        if (state.get() == CLOSED) {
            // Nothing will ever run this loop again: cancel the coroutine and let it unwind elsewhere,
            // as kotlinx's executor dispatchers do on rejection.
            context[Job]?.cancel(java.util.concurrent.CancellationException("Event loop '$name' is closed"))
            Dispatchers.IO.dispatch(context, block)
            return
        }
        schedule(block)
    }

    /** Queues [r] to run on the loop; from any thread. Does not check for a closed loop. */
    internal fun schedule(r: Runnable) {
        host?.let { return it.execute(r) } // hosted loop (LoopHost)
        if (owner === Thread.currentThread()) {
            ready.addLast(r)
        } else {
            inbox.add(r)
            wakeUp()
            // Closed meanwhile, after close() ran its last leftovers: nothing would ever run this one.
            if (state.get() == CLOSED) runLeftovers()
        }
    }

    /** On a closed loop: runs callbacks that arrived too late, so what they complete still completes. */
    private fun runLeftovers() {
        while (true) {
            val r = inbox.poll() ?: break
            try {
                r.run()
            } catch (e: Throwable) { // Errors too: see runCallback
                deliver(LoopError("Exception in a callback that ran after the loop closed", e, null, null))
            }
        }
    }

    /** Runs [r] right after the current callback, in this iteration; only from the baton's holder. */
    internal fun scheduleNext(r: Runnable) {
        host?.let { return it.execute(r) } // hosted loop (LoopHost)
        check(inLoop())
        next.addLast(r)
    }

    private fun wakeUp() {
        if (sleeping) owner?.let { LockSupport.unpark(it) }
    }

    /** asyncio's `call_soon`: run [action] on a next iteration. Callable from any thread. */
    public fun callSoon(action: Runnable): CallbackHandle {
        checkNotClosed()
        val h = CallbackHandle(ContextVars.wrap(action)) // contextvars hook: runs in the caller's context
        schedule(h)
        return h
    }

    /** asyncio's `call_soon_threadsafe`; the same as [callSoon], which is already thread-safe. */
    public fun callSoonThreadsafe(action: Runnable): CallbackHandle = callSoon(action)

    /** [Executor.execute]: [callSoonThreadsafe]. Rejects with [IllegalStateException] once closed. */
    override fun execute(command: Runnable) {
        callSoon(command)
    }

    /** asyncio's `call_later`: run [action] after [delayNanos]. Callable from any thread. */
    public fun callLater(delayNanos: Long, action: Runnable): TimerHandle {
        require(delayNanos >= 0) { "delay must be >= 0" }
        checkNotClosed()
        return addTimer(saturatedAdd(time(), delayNanos), ContextVars.wrap(action)) // contextvars hook
    }

    /** asyncio's `call_at`: run [action] at loop time [deadline]. Callable from any thread. */
    public fun callAt(deadline: Long, action: Runnable): TimerHandle {
        checkNotClosed()
        return addTimer(deadline, ContextVars.wrap(action)) // contextvars hook
    }

    internal fun addTimer(deadline: Long, action: Runnable): TimerHandle {
        host?.let { return addHostTimer(it, deadline, action) } // hosted loop (LoopHost)
        val h = TimerHandle(this, clampDeadline(deadline, time()), action, timerSeq.incrementAndGet())
        if (inLoop()) {
            timers.add(h)
            return h
        }
        schedule { if (!h.isCancelled) timers.add(h) }
        return h
    }

    internal fun timerCancelled() {
        // Lazily dropped at the top of the heap; compact when more than half of a big heap is dead
        // (CPython does the same), so a million cancelled timeouts do not pin memory.
        val n = cancelledTimers.incrementAndGet()
        if (n > 256 && inLoop() && n * 2 > timers.size) {
            timers.removeIf { it.isCancelled }
            cancelledTimers.set(0)
        }
    }

    // kotlinx's Delay: `delay(ms)` and `withTimeout` inside the loop's coroutines use the loop's timers.
    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        val h = addTimer(saturatedAdd(time(), millisToNanos(timeMillis))) {
            with(continuation) { resumeUndispatched(Unit) }
        }
        continuation.invokeOnCancellation { h.cancel() }
    }

    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val h = addTimer(saturatedAdd(time(), millisToNanos(timeMillis)), block)
        return DisposableHandle { h.cancel() }
    }

    // ---------------------------------------------------------------- running
    //
    // The loop is driven by whichever thread holds its baton (see [Baton]: drivers and task bodies),
    // never by the caller of `run*`, which only waits. This part is what the holder runs: one
    // iteration at a time, asyncio's `_run_once`.

    private class Session(val done: () -> Boolean, val onInterrupt: () -> Unit, val waiter: Thread) {
        @Volatile
        var ended = false

        /** Set once the session has run an iteration: `stop()` takes effect only after one (asyncio's order). */
        var ranOnce = false
    }

    @Volatile
    private var session: Session? = null

    // How many callbacks of the current iteration are left; a field, because the thread that
    // finishes an iteration may not be the one that began it.
    private var batchLeft = 0

    /**
     * Runs the loop until [done] answers true (checked between callbacks by the driving thread) or
     * [stop] is called; the calling thread waits. [onInterrupt] runs when the calling thread is
     * interrupted (Python's KeyboardInterrupt).
     */
    @InternalEngineApi
    public fun runUntil(done: () -> Boolean, onInterrupt: () -> Unit) {
        runLoop(done, onInterrupt, null)
    }

    private fun runLoop(done: () -> Boolean, onInterrupt: () -> Unit, started: java.util.concurrent.CountDownLatch?) {
        enter()
        val s = Session(done, onInterrupt, Thread.currentThread())
        session = s
        try {
            baton.handOff()
            started?.countDown()
            while (!s.ended) {
                LockSupport.park(this)
                if (Thread.interrupted()) onInterrupt()
            }
        } finally {
            session = null
            stopping = false
            state.compareAndSet(RUNNING, IDLE)
        }
    }

    /** asyncio's `run_forever`: runs until [stop]. Interrupting the calling thread stops it. */
    public fun runForever() {
        runUntil({ false }, { stop() })
    }

    /** Runs the blocking-style [main] as the task "main" to completion; returns its value or throws its failure. */
    public fun <T> runUntilComplete(main: Callable<T>): T {
        checkCanRun()
        return runUntilComplete(Task.createBlocking(this, "main", null, main))
    }

    /** Runs the loop until [stage] is done (a task's future: until that task is); returns its value or throws its failure. */
    public fun <T> runUntilComplete(stage: CompletionStage<T>): T {
        checkCanRun()
        return runUntilComplete((stage as? TaskFuture<T>)?.task() ?: Task.ofStage(this, null, stage))
    }

    /**
     * Runs [task] (created on this loop) to completion and returns its result or throws its failure.
     * The done callbacks added to it before this call have run when it returns (asyncio stops the loop
     * from a done callback of its own, added last).
     */
    public fun <T> runUntilComplete(task: Task<T>): T {
        require(task.loop === this) { "task belongs to another loop" }
        val key = Any()
        var callbacksRan = false
        task.addDoneCallback(key) { callbacksRan = true }
        try {
            runUntil({ callbacksRan }, { task.cancel() })
        } finally {
            task.removeDoneCallback(key)
        }
        if (!task.isDone) throw IllegalStateException("Event loop stopped before the task completed")
        return task.getOutcome()
    }

    /**
     * asyncio's `stop`: the loop returns from `run*` after the current iteration. Called while the loop
     * is not running, the next `run*` runs one iteration and returns, as in asyncio. Thread-safe.
     */
    public fun stop() {
        stopping = true
        wakeUp()
    }

    /** The checks of `run*`, made before anything is created for the run, so a rejected call changes nothing. */
    private fun checkCanRun() {
        if (host != null) throw IllegalStateException("Event loop '$name' runs on $host: it cannot be run with run*")
        if (CURRENT_LOOP.get() != null) {
            throw IllegalStateException("Cannot run event loop '$name' while another loop is running in this thread")
        }
        checkNotClosed()
        if (state.get() == RUNNING) throw IllegalStateException("Event loop '$name' is already running")
    }

    private fun enter() {
        checkCanRun()
        if (!state.compareAndSet(IDLE, RUNNING)) {
            checkNotClosed()
            throw IllegalStateException("Event loop '$name' is already running")
        }
    }

    /**
     * The holder [me] runs a piece of an iteration; false once the `run*` session is over (the baton is
     * then dropped and the caller of `run*` returns).
     */
    internal fun runStep(me: Thread): Boolean {
        val s = session
        if (s == null || (stopping && s.ranOnce) || s.done()) {
            baton.drop()
            if (s != null) {
                s.ended = true
                LockSupport.unpark(s.waiter)
            }
            return false
        }
        runOnce(me)
        if (!baton.keeps(me)) return true
        if (betweenIterations()) s.ranOnce = true
        // A callback that interrupted the thread running it is Python's KeyboardInterrupt reaching the
        // loop: the same as interrupting the thread that called run*. (Bodies clear their own.)
        if (Thread.interrupted()) s.onInterrupt()
        return true
    }

    /** True when the current iteration's callbacks have all run. */
    private fun betweenIterations(): Boolean = batchLeft == 0 && next.isEmpty()

    /** One iteration (or the rest of one): take foreign callbacks and due timers, run what is ready, or sleep. */
    private fun runOnce(me: Thread) {
        if (betweenIterations()) {
            while (true) {
                val r = inbox.poll() ?: break
                ready.addLast(r)
            }
            val now = time()
            while (true) {
                val t = timers.peek() ?: break
                if (t.isCancelled) {
                    timers.poll()
                    cancelledTimers.decrementAndGet()
                    continue
                }
                if (t.deadline - now > 0) break
                ready.addLast(timers.poll())
            }
            if (ready.isEmpty()) {
                sleep()
                return
            }
            // Only what is ready now: callbacks queued by these ones wait for the next iteration, which
            // is what makes `sleep(0)` yield to every other ready task.
            batchLeft = ready.size
        }
        while (true) {
            val r = next.removeFirstOrNull() ?: if (batchLeft > 0) {
                batchLeft--
                ready.removeFirst()
            } else {
                break
            }
            runCallback(r, me)
            if (!baton.keeps(me)) return
        }
    }

    private fun sleep() {
        // Spin briefly before parking: a request from another thread that arrives within microseconds
        // (the next round trip of a caller) then costs no wake-up of this thread.
        val spinEnd = time() + IDLE_SPIN_NANOS
        while (inbox.isEmpty() && !stopping && time() - spinEnd < 0) Thread.onSpinWait()
        sleeping = true
        try {
            if (!inbox.isEmpty() || stopping || session?.done() != false) return
            val next = timers.peek()
            if (next == null) {
                LockSupport.park(this)
            } else {
                val d = next.deadline - time()
                if (d > 0) LockSupport.parkNanos(this, d)
            }
        } finally {
            sleeping = false
        }
    }

    private fun runCallback(r: Runnable, me: Thread) {
        val debugging = debug
        if (debugging) {
            callbackSeq.incrementAndGet()
            callbackStart = time()
        }
        try {
            r.run()
            // A callback that interrupted the thread running it is Python's KeyboardInterrupt reaching the
            // loop. Seen here, before a later callback of the batch can hand this thread's baton away. A
            // body's thread that this callback resumed keeps its interrupt: that one is its cancellation's.
            if (baton.keeps(me) && Thread.interrupted()) session?.onInterrupt?.invoke()
        } catch (e: Throwable) {
            // Errors too (an OutOfMemoryError, a StackOverflowError): the thread running this holds the
            // loop, and if it died here the loop would freeze for good, unheard of. The stack has unwound
            // and what the callback allocated is garbage, so the loop goes on and its handler is told.
            report(LoopError("Exception in callback $r", e, null, null))
        } finally {
            ContextVars.clearAfterCallback()
            // A callback that handed the baton to a task body is not measured here: the body is.
            if (debugging && owner === me) {
                val took = time() - callbackStart
                callbackStart = 0
                if (took > slowCallbackNanos) Watchdog.afterSlowCallback(this, took)
            }
        }
    }

    // ---------------------------------------------------------------- errors

    /** Passes [error] to the exception handler, on the loop if it can still run, else here. */
    public fun report(error: LoopError) {
        if (!inLoop() && state.get() != CLOSED) schedule { deliver(error) } else deliver(error)
    }

    private fun deliver(error: LoopError) {
        val h = exceptionHandler
        try {
            if (h == null) defaultHandler(error) else h(error)
        } catch (e: Throwable) {
            try {
                defaultHandler(LoopError("Unhandled error in the exception handler", e, error.task, null))
                defaultHandler(error)
            } catch (_: Throwable) {
                // Even logging failed (out of memory): nothing is left to tell, and the loop must go on.
            }
        }
    }

    /** The default handler: one log record through `System.Logger` ("io.asyncio4j"). */
    public fun defaultHandler(error: LoopError) {
        val logger = System.getLogger("io.asyncio4j")
        val level = if (error.exception == null) System.Logger.Level.WARNING else System.Logger.Level.ERROR
        val text = StringBuilder("[").append(name).append("] ").append(error.message)
        error.stackTrace?.forEach { text.append("\n\tat ").append(it) }
        if (error.exception != null) logger.log(level, text.toString(), error.exception) else logger.log(level, text.toString())
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Cancels every task still alive and runs the loop until they have finished (asyncio.run's
     * `_cancel_all_tasks`). The loop must not be running.
     */
    @InternalEngineApi
    public fun cancelAllAndDrain() {
        if (drained()) return
        stopping = false // a stop() requested while idle must not cut the drain short
        // Callbacks still queued (a runCoroutineThreadsafe that arrived as the loop stopped) may create
        // tasks while we drain: those are cancelled as they are created (see Task.start), or the drain
        // would wait for them forever.
        draining = true
        try {
            for (t in liveTasks.toList()) t.cancel()
            runUntil({ drained() }, { })
        } finally {
            draining = false
        }
    }

    /** No live task and no callback left in any queue. */
    private fun drained(): Boolean = liveTasks.isEmpty() && inbox.isEmpty() && ready.isEmpty() && next.isEmpty()

    // `toThread` work started from this loop and not finished: `Async.run` waits for it (asyncio.run
    // shuts down its default executor, waiting, since 3.9).
    private val threadJobs = AtomicInteger()
    private val threadJobsLock = java.util.concurrent.locks.ReentrantLock()
    private val threadJobsDone = threadJobsLock.newCondition()

    internal fun threadJobStarted() {
        threadJobs.incrementAndGet()
    }

    internal fun threadJobEnded() {
        if (threadJobs.decrementAndGet() == 0) {
            threadJobsLock.lock()
            try {
                threadJobsDone.signalAll()
            } finally {
                threadJobsLock.unlock()
            }
        }
    }

    /**
     * Waits until every `toThread` function started from this loop has returned. Interrupting the
     * caller ends the wait early (the interrupt flag is kept).
     */
    internal fun awaitThreadJobs() {
        threadJobsLock.lock()
        try {
            while (threadJobs.get() > 0) threadJobsDone.await()
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
        } finally {
            threadJobsLock.unlock()
        }
    }

    /** True while [cancelAllAndDrain] runs: tasks created then are cancelled at once. */
    @Volatile
    internal var draining: Boolean = false
        private set

    /**
     * Closes the loop: cancels what still runs, waits for it, reports failures nobody retrieved, and
     * refuses all further use. A loop from [startInThread] is stopped and its thread joined first;
     * any other running loop cannot be closed (asyncio raises the same). Idempotent.
     */
    override fun close() {
        if (state.get() == CLOSED) return
        if (host != null) throw IllegalStateException("Cannot close a running event loop ('$name'): it runs on $host and closes with it")
        val own = ownThread
        val onThisLoop = current() === this
        if (state.get() == RUNNING) {
            if (own != null && !onThisLoop) {
                stop()
                own.join()
                return // the loop's own thread closes it on the way out
            }
            throw IllegalStateException("Cannot close a running event loop ('$name')")
        }
        if (own != null && own.isAlive && !onThisLoop && own !== Thread.currentThread()) {
            own.join()
            return
        }
        closeNow()
    }

    private fun closeNow() {
        if (state.get() == CLOSED) return
        try {
            cancelAllAndDrain()
        } finally {
            rootJob.cancel()
            scope.cancel()
            state.set(CLOSED)
            LOOPS.remove(this)
            Watchdog.unwatch(this)
            // Nothing runs here any more: hand leftovers (late continuations) to their own unwinding.
            baton.holdForClose(Thread.currentThread())
            // Before the leftovers: a grant still on its way to a waiter of this loop goes back to its queue or lock.
            waiters.close()
            next.forEach { inbox.add(it) }
            next.clear()
            ready.forEach { inbox.add(it) }
            ready.clear()
            runLeftovers()
            baton.drop()
            baton.retireSpares()
            for (u in unretrieved.toList()) u.reportOnce()
        }
    }

    /** Hosted loop (LoopHost): the host has gone away and every task has finished ([LoopHosts.close]). */
    internal fun closeHosted() {
        if (!state.compareAndSet(IDLE, CLOSED)) return
        waiters.close()
        rootJob.cancel()
        LOOPS.remove(this)
        Watchdog.unwatch(this)
        for (u in unretrieved.toList()) u.reportOnce()
    }

    private fun checkNotClosed() {
        if (state.get() == CLOSED) throw IllegalStateException("Event loop '$name' is closed")
    }

    /** A text tree of the loop's live tasks; see [TaskTree]. */
    public fun dumpTasks(): String = TaskTree.render(this)

    override fun toString(): String = "EventLoop '$name' (" + when (state.get()) {
        RUNNING -> "running"
        CLOSED -> "closed"
        else -> "idle"
    } + ")"

    public companion object {
        private const val IDLE = 0
        private const val RUNNING = 1
        private const val CLOSED = 2
        private val LOOP_IDS = AtomicInteger()

        /** `-Dasyncio4j.debug=true` (or env `ASYNCIO4J_DEBUG=1`) turns debug mode on for every new loop. */
        private val DEFAULT_DEBUG: Boolean =
            System.getProperty("asyncio4j.debug")?.toBoolean()
                ?: System.getenv("ASYNCIO4J_DEBUG")?.let { it == "1" || it.equals("true", true) }
                ?: false

        internal val CURRENT_LOOP = ThreadLocal<EventLoop?>()

        /** A loop that never runs, for objects made only to warm up the JIT. */
        internal val WARM_UP_LOOP: EventLoop by lazy { EventLoop("warm-up").also { LOOPS.remove(it) } }
        internal val LOOPS: MutableSet<EventLoop> = ConcurrentHashMap.newKeySet()

        /** The loop running in (or held by) the current thread, or null. */
        @JvmStatic
        public fun current(): EventLoop? = CURRENT_LOOP.get() ?: LoopHosts.ambientLoop()

        /** Every loop not yet closed. */
        @JvmStatic
        public fun openLoops(): List<EventLoop> = LOOPS.toList()

        /**
         * Starts a loop that runs forever on a new (non-daemon) thread whose name contains
         * [threadName]: the seeds' "event loop in another thread". [close] stops and closes it.
         */
        @JvmStatic
        public fun startInThread(threadName: String): EventLoop {
            val loop = EventLoop(threadName)
            val started = java.util.concurrent.CountDownLatch(1)
            // A non-daemon thread of that name runs the loop (its drivers carry the name too), so that —
            // as with Python's loop thread — the JVM does not exit while the loop runs.
            val t = Thread({
                try {
                    loop.runLoop({ false }, { loop.stop() }, started)
                } finally {
                    loop.closeNow()
                }
            }, threadName)
            loop.ownThread = t
            t.start()
            started.await()
            return loop
        }

        /** How long an idle loop spins for new work before it parks. */
        private val IDLE_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50)

        /** Longest delay a timer takes (about 73 years); keeps `deadline - now` free of overflow. */
        private const val MAX_DELAY = Long.MAX_VALUE / 4

        internal fun saturatedAdd(now: Long, delay: Long): Long = now + minOf(delay, MAX_DELAY)

        /**
         * [deadline] moved to within [MAX_DELAY] of [now]: far-past deadlines (`callAt(Long.MIN_VALUE)`) are
         * due at once and sort first, and no two timers' difference overflows the heap's comparison.
         */
        internal fun clampDeadline(deadline: Long, now: Long): Long {
            val diff = try {
                Math.subtractExact(deadline, now)
            } catch (_: ArithmeticException) {
                if (deadline < now) -MAX_DELAY else MAX_DELAY
            }
            return now + diff.coerceIn(-MAX_DELAY, MAX_DELAY)
        }

        internal fun millisToNanos(ms: Long): Long =
            if (ms >= MAX_DELAY / 1_000_000) MAX_DELAY else ms * 1_000_000
    }
}
