package io.asyncio4j.engine

import java.io.IOException
import java.io.InputStream
import java.io.PrintStream
import java.nio.ByteBuffer
import java.nio.CharBuffer
import java.nio.charset.CodingErrorAction
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * Shows what a worker process writes to its stdout or stderr on this JVM's `System.out` or
 * `System.err` (whichever is current when the bytes come, so `System.setOut` is honoured), on a
 * thread of its own, decoding UTF-8 even when a character is split between reads. It counts what it
 * has shown, so the pool can wait for a job's prints before delivering its result ([awaitShown]), and
 * keeps the last few KiB, so a worker that dies can be reported with its last words ([tail]).
 */
internal class WorkerOutput(private val input: InputStream, private val target: () -> PrintStream, name: String) {
    private val lock = ReentrantLock()
    private val changed = lock.newCondition()
    private val decoder = Charsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
    private var pending = ByteBuffer.allocate(0)
    private var shown = 0L
    private var ended = false
    private val last = ByteArray(TAIL)
    private var lastSize = 0

    init {
        Thread({ pump() }, name).apply { isDaemon = true }.start()
    }

    private fun pump() {
        val buffer = ByteArray(1 shl 13)
        try {
            while (true) {
                val n = input.read(buffer)
                if (n < 0) break
                lock.withLock {
                    show(buffer, n)
                    keep(buffer, n)
                    shown += n
                    changed.signalAll()
                }
            }
        } catch (_: IOException) {
            // the worker has gone
        } finally {
            lock.withLock {
                ended = true
                changed.signalAll()
            }
        }
    }

    private fun show(bytes: ByteArray, n: Int) {
        val input = ByteBuffer.allocate(pending.remaining() + n).put(pending).put(bytes, 0, n).flip() as ByteBuffer
        val chars = CharBuffer.allocate(input.remaining() + 1)
        decoder.decode(input, chars, false)
        pending = input.slice() // an incomplete character waits for the next read
        chars.flip()
        val out = target()
        out.print(chars.toString())
        out.flush()
    }

    private fun keep(bytes: ByteArray, n: Int) {
        if (n >= TAIL) {
            System.arraycopy(bytes, n - TAIL, last, 0, TAIL)
            lastSize = TAIL
            return
        }
        val kept = minOf(lastSize, TAIL - n)
        System.arraycopy(last, lastSize - kept, last, 0, kept)
        System.arraycopy(bytes, 0, last, kept, n)
        lastSize = kept + n
    }

    /** Waits until [bytes] bytes in all have been shown, or the stream ended, or [timeoutMillis] passed. */
    fun awaitShown(bytes: Long, timeoutMillis: Long) {
        var left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
        lock.withLock {
            try {
                while (shown < bytes && !ended && left > 0) left = changed.awaitNanos(left)
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt() // the output is still shown; only this wait ends early
            }
        }
    }

    /** Waits up to [timeoutMillis] for the end of the stream (the worker has exited, and anything it started). */
    fun awaitEnd(timeoutMillis: Long) = awaitShown(Long.MAX_VALUE, timeoutMillis)

    /** The last lines shown (at most a few KiB), trimmed; empty if none. */
    fun tail(): String = lock.withLock {
        val text = String(last, 0, lastSize, Charsets.UTF_8).trim()
        if (lastSize == TAIL) text.substringAfter('\n', text) else text // a partial first line says little
    }

    private companion object {
        const val TAIL = 4096
    }
}
