package io.asyncio4j.engine

import java.io.BufferedOutputStream
import java.io.DataOutputStream
import java.io.FileDescriptor
import java.io.FileOutputStream
import java.io.OutputStream
import java.io.PrintStream
import java.net.URLClassLoader
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.concurrent.LinkedBlockingQueue

/**
 * The entry point of a [WorkerPool]'s worker JVM, started by [WorkerLaunch]:
 * `java ... io.asyncio4j.engine.WorkerMain <parent pid> <socket path>`.
 *
 * It connects to the pool's [WorkerChannel], reads frames from it and runs jobs one at a time on a
 * second thread, answering on the same channel. Its stdin, stdout and stderr are its own: the pool
 * gives it an empty stdin (a job that reads `System.in` sees end of input) and shows what it writes
 * to stdout and stderr — through `System.out`, `FileDescriptor.out`, or a process it starts — on the
 * pool's `System.out`/`System.err`. It exits at once when the channel ends — the pool closed it, or
 * the pool's process died, even by SIGKILL, since the kernel closes a dead process's sockets — and,
 * as a second guard, when the parent process is no longer alive (checked every 500 ms), so a worker
 * never outlives its pool.
 */
@InternalEngineApi
public object WorkerMain {
    @JvmStatic
    public fun main(args: Array<String>) {
        val parent = args.firstOrNull()?.toLongOrNull()?.let { ProcessHandle.of(it).orElse(null) }
        if (parent != null) {
            daemon("asyncio4j-worker-parent-watch") {
                while (parent.isAlive) Thread.sleep(500)
                Runtime.getRuntime().halt(0)
            }
        }
        val channel = WorkerChannel.connect(args[1])
        // UTF-8 whatever the worker's locale: the pool decodes it and prints with its own encoding.
        System.setOut(PrintStream(BufferedOutputStream(out, 1 shl 13), true, "UTF-8"))
        System.setErr(PrintStream(BufferedOutputStream(err, 1 shl 13), true, "UTF-8"))
        val frames = LinkedBlockingQueue<WorkerFrames.Frame>()
        daemon("asyncio4j-worker-jobs") {
            Thread.currentThread().contextClassLoader = jobLoader
            while (true) runFrame(frames.take(), channel.output)
        }
        try {
            while (true) frames.put(WorkerFrames.read(channel.input) ?: break)
        } finally {
            // End of input: the pool closed us or died. Nothing is waiting for a running job's result.
            Runtime.getRuntime().halt(0)
        }
    }

    /** fd 1 and fd 2, counting what reaches them, so an answer can say how much was printed before it. */
    private val out = CountingOutput(FileOutputStream(FileDescriptor.out))
    private val err = CountingOutput(FileOutputStream(FileDescriptor.err))

    /** Where jobs' classes are found: the class path, then the entries jobs bring (see [WorkerClassPath]). */
    private val jobLoader = JobLoader()

    private fun runFrame(frame: WorkerFrames.Frame, wire: DataOutputStream) {
        val initFailure = pendingInitFailure
        if (frame.kind == WorkerFrames.JOB && initFailure != null) {
            // A worker whose initializer failed runs no job: each one is answered with that failure.
            answer(wire, WorkerFrames.INIT_FAIL, frame.id, initFailure)
            return
        }
        var allow = ClassAllowList.BUILT_IN
        val reply: Pair<Byte, ByteArray> = try {
            val incoming = WorkerFrames.incoming(frame.payload)
            allow = incoming.allow
            val work = try {
                jobLoader.add(incoming.classPath)
                WorkerFrames.deserialize(incoming.payload, incoming.objectAt, allow, jobLoader) { c ->
                    "the job holds class ${c.name}, which its pool did not say it sends; it was not read"
                }
            } catch (e: Exception) {
                throw IllegalStateException("worker process ${ProcessHandle.current().pid()} could not read the job: $e", e)
            }
            if (frame.kind == WorkerFrames.INIT) {
                (work as Runnable).run()
                flushPrints()
                return // the initializer has no answer of its own
            }
            val value = (work as Callable<*>).call()
            WorkerFrames.OK to WorkerFrames.serialize(value) { e -> WorkerFrames.resultNotSerializable(value, e) }
        } catch (e: Throwable) {
            if (frame.kind == WorkerFrames.INIT) {
                flushPrints()
                pendingInitFailure = WorkerFrames.serializeFailure(e, allow)
                return
            }
            WorkerFrames.FAIL to WorkerFrames.serializeFailure(e, allow)
        }
        answer(wire, reply.first, frame.id, reply.second)
    }

    private fun answer(wire: DataOutputStream, kind: Byte, id: Long, bytes: ByteArray) {
        flushPrints()
        WorkerFrames.write(wire, kind, id, WorkerFrames.answer(out.count, err.count, bytes))
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

    private class CountingOutput(private val target: OutputStream) : OutputStream() {
        @Volatile
        var count = 0L
            private set

        override fun write(b: Int) = write(byteArrayOf(b.toByte()), 0, 1)

        @Synchronized
        override fun write(b: ByteArray, off: Int, len: Int) {
            target.write(b, off, len)
            count += len
        }

        override fun flush() = target.flush()
    }

    private class JobLoader : URLClassLoader(arrayOf(), ClassLoader.getSystemClassLoader()) {
        private val added = HashSet<String>()

        @Synchronized
        fun add(entries: List<String>) {
            for (e in entries) if (added.add(e)) addURL(Path.of(e).toUri().toURL())
        }
    }
}
