package io.asyncio4j.engine

import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.ClosedSelectorException
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer

/** What a registered channel does when its key is ready; called on the selector's thread. */
internal fun interface IoHandler {
    fun ready(key: SelectionKey)

    /** [ready] threw [e] and the key was cancelled: the owner must learn that nothing more will come. */
    fun failed(e: Throwable) {}
}

/**
 * One selector thread: it waits for readiness of many non-blocking channels at once and does the
 * non-blocking reads and accepts; everything a task sees is handed to the task's own loop with
 * `schedule`, so continuations run there (as `Threadsafe.toThread` delivers results). A few of these
 * serve every loop ([IoSelectors]): 10,000 idle connections cost keys and buffers, not threads.
 *
 * Interest sets are changed on this thread only ([execute]), so they never race with a selection.
 */
internal class IoSelector(name: String) : Runnable {
    val selector: Selector = Selector.open()
    private val tasks = ConcurrentLinkedQueue<Runnable>()
    private val wakeupPending = AtomicBoolean()
    private val thread = Thread(this, name).apply { isDaemon = true }

    /** Where reads land before they are copied into a chunk for the loop; used on this thread only. */
    val readBuffer: ByteBuffer = ByteBuffer.allocateDirect(READ_CHUNK)

    /** Callbacks to run once the channels closed by [release] have let go of their descriptors. */
    private val released = ArrayList<Runnable>()

    init {
        thread.start()
    }

    /**
     * Closes [channel] on this thread and runs [then] once its descriptor is released. A channel
     * registered with a selector keeps its descriptor until the selector deregisters its key, so after
     * the closes of one round a `selectNow` deregisters them at once: a closed listener refuses the
     * next connect, and `waitClosed` means closed.
     */
    fun release(channel: java.nio.channels.Channel, then: Runnable?) {
        execute {
            try {
                channel.close()
            } catch (_: IOException) {
                // closing anyway
            }
            released.add(then ?: NOTHING)
        }
    }

    /**
     * Runs [r] on the selector thread after the current selection. From the selector thread itself it is
     * queued too (not run inline), so registering a channel never happens inside a selection.
     */
    fun execute(r: Runnable) {
        tasks.add(r)
        if (Thread.currentThread() !== thread && wakeupPending.compareAndSet(false, true)) selector.wakeup()
    }

    override fun run() {
        val onKey = Consumer<SelectionKey> { key -> dispatch(key) }
        while (true) {
            // Reset before looking at the queue: a task queued after this line wakes the selection below,
            // one queued before it is seen by the check (a wakeup can be used up by a selectNow).
            wakeupPending.set(false)
            try {
                if (tasks.isEmpty()) selector.select(onKey) else selector.selectNow(onKey)
            } catch (e: ClosedSelectorException) {
                return
            } catch (e: Throwable) {
                log("selection failed", e)
            }
            while (true) {
                val r = tasks.poll() ?: break
                runSafely(r)
            }
            if (released.isNotEmpty()) {
                try {
                    selector.selectNow(onKey)
                } catch (e: IOException) {
                    log("selection failed", e)
                }
                val done = released.toList()
                released.clear()
                for (r in done) runSafely(r)
            }
        }
    }

    // Errors too (an OutOfMemoryError while reading, say): if this thread died, every channel it serves
    // would hang unheard of. The failing channel is failed and closed; the others go on.
    private fun runSafely(r: Runnable) {
        try {
            r.run()
        } catch (e: Throwable) {
            log("selector task failed", e)
        }
    }

    private fun dispatch(key: SelectionKey) {
        val h = key.attachment() as? IoHandler ?: return
        try {
            if (key.isValid) h.ready(key)
        } catch (e: Throwable) {
            key.cancel()
            log("I/O handler failed", e)
            runSafely { h.failed(e) }
        }
    }

    private fun log(what: String, e: Throwable) {
        try {
            System.getLogger("io.asyncio4j").log(System.Logger.Level.ERROR, "[${thread.name}] $what", e)
        } catch (_: Throwable) {
            // out of memory even for the log record: this thread goes on regardless
        }
    }

    companion object {
        /** Bytes taken from a socket per readiness event. */
        const val READ_CHUNK: Int = 64 * 1024
        private val NOTHING = Runnable { }
    }
}

/**
 * The shared selector threads: `-Dasyncio4j.selectors=N`, by default one per four cores (at least one,
 * at most four). Channels are spread over them round-robin.
 */
internal object IoSelectors {
    private val count: Int = (
        System.getProperty("asyncio4j.selectors")?.toIntOrNull()
            ?: ((Runtime.getRuntime().availableProcessors() + 3) / 4).coerceAtMost(4)
        ).coerceAtLeast(1)
    private val all: Array<IoSelector> by lazy { Array(count) { IoSelector("asyncio4j-selector-${it + 1}") } }
    private val next = AtomicInteger()

    fun next(): IoSelector = all[Math.floorMod(next.getAndIncrement(), count)]
}
