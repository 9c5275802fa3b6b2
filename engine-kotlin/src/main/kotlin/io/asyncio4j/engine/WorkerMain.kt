package io.asyncio4j.engine

import java.io.BufferedInputStream
import java.io.BufferedOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.FileDescriptor
import java.io.FileInputStream
import java.io.FileOutputStream
import java.io.OutputStream
import java.io.PrintStream
import java.util.concurrent.Callable
import java.util.concurrent.LinkedBlockingQueue

/**
 * The entry point of a [WorkerPool]'s child JVM: `java -cp <parent's classpath> io.asyncio4j.engine.WorkerMain <parent pid>`.
 *
 * It reads frames from stdin and runs jobs one at a time on a second thread, answering on stdout;
 * `System.out`/`System.err` are replaced by streams that send what a job prints as frames. It exits
 * at once when stdin ends — the parent closed it, or the parent died, even by SIGKILL, since the
 * kernel closes a dead process's pipes — and, as a second guard, when the parent process is no
 * longer alive (checked every 500 ms), so a child never outlives its pool.
 */
@InternalEngineApi
public object WorkerMain {
    @JvmStatic
    public fun main(args: Array<String>) {
        val parent = args.firstOrNull()?.toLongOrNull()?.let { ProcessHandle.of(it).orElse(null) }
        val wire = DataOutputStream(BufferedOutputStream(FileOutputStream(FileDescriptor.out), 1 shl 16))
        // UTF-8 whatever the child's locale: the parent decodes it and prints with its own encoding.
        System.setOut(PrintStream(FrameSink(wire, WorkerFrames.OUT), true, "UTF-8"))
        System.setErr(PrintStream(FrameSink(wire, WorkerFrames.ERR), true, "UTF-8"))
        if (parent != null) {
            daemon("asyncio4j-worker-parent-watch") {
                while (parent.isAlive) Thread.sleep(500)
                Runtime.getRuntime().halt(0)
            }
        }
        val frames = LinkedBlockingQueue<WorkerFrames.Frame>()
        daemon("asyncio4j-worker-jobs") { while (true) runFrame(frames.take(), wire) }
        val input = DataInputStream(BufferedInputStream(FileInputStream(FileDescriptor.`in`), 1 shl 16))
        try {
            while (true) frames.put(WorkerFrames.read(input) ?: break)
        } finally {
            // End of input: the pool closed us or died. Nothing is waiting for a running job's result.
            Runtime.getRuntime().halt(0)
        }
    }

    private fun runFrame(frame: WorkerFrames.Frame, wire: DataOutputStream) {
        val initFailure = pendingInitFailure
        if (frame.kind == WorkerFrames.JOB && initFailure != null) {
            // A child whose initializer failed runs no job: each one is answered with that failure.
            WorkerFrames.write(wire, WorkerFrames.INIT_FAIL, frame.id, initFailure)
            return
        }
        val reply: Pair<Byte, ByteArray> = try {
            val work = WorkerFrames.deserialize(frame.payload)
            if (frame.kind == WorkerFrames.INIT) {
                (work as Runnable).run()
                flushPrints()
                return // the initializer has no answer of its own
            }
            val value = (work as Callable<*>).call()
            WorkerFrames.OK to WorkerFrames.serialize(value, "the job's result")
        } catch (e: Throwable) {
            if (frame.kind == WorkerFrames.INIT) {
                flushPrints()
                pendingInitFailure = WorkerFrames.serializeFailure(e)
                return
            }
            WorkerFrames.FAIL to WorkerFrames.serializeFailure(e)
        }
        flushPrints()
        WorkerFrames.write(wire, reply.first, frame.id, reply.second)
    }

    @Volatile
    private var pendingInitFailure: ByteArray? = null

    private fun flushPrints() {
        System.out.flush()
        System.err.flush()
    }

    private fun daemon(name: String, body: () -> Unit) {
        Thread({
            try {
                body()
            } catch (_: InterruptedException) {
            }
        }, name).apply { isDaemon = true }.start()
    }

    /** A stream whose writes become frames of [kind] on [wire]. */
    private class FrameSink(private val wire: DataOutputStream, private val kind: Byte) : OutputStream() {
        override fun write(b: Int) = write(byteArrayOf(b.toByte()), 0, 1)

        override fun write(b: ByteArray, off: Int, len: Int) {
            if (len > 0) WorkerFrames.write(wire, kind, 0, b.copyOfRange(off, off + len))
        }
    }
}
