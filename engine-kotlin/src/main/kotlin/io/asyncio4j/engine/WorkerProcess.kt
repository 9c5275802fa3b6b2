package io.asyncio4j.engine

import java.io.BufferedInputStream
import java.io.BufferedOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.IOException
import java.io.PrintStream
import java.nio.ByteBuffer
import java.nio.CharBuffer
import java.nio.charset.CodingErrorAction
import java.util.concurrent.CancellationException
import java.util.concurrent.TimeUnit

/**
 * The parent's side of one process worker: a child JVM ([WorkerMain]) started with this JVM's `java`
 * and classpath, fed serialized jobs over its stdin and answering over its stdout (see
 * [WorkerFrames]). What a job prints in the child is copied to this JVM's `System.out`/`System.err`
 * before its result is delivered, so output keeps its order relative to results.
 *
 * A child that dies mid-job (crash, kill, `OutOfMemoryError`: children run with
 * `-XX:+ExitOnOutOfMemoryError`) fails that job with the pool's broken-worker error naming the exit
 * code, and a new child replaces it; the pool as a whole stays usable. Cancelling a running job
 * kills its child (the only way to stop foreign code in another JVM) and starts a new one.
 */
internal class WorkerProcess(
    private val pool: WorkerPool,
    private val settings: Settings,
    initializer: Runnable?,
    private val broken: WorkerErrors,
) : JobRunner {
    /** How children are started: extra JVM options after the defaults. */
    class Settings(val jvmOptions: List<String>)

    private class Child(val process: Process) {
        val input = DataOutputStream(BufferedOutputStream(process.outputStream))
        val output = DataInputStream(BufferedInputStream(process.inputStream, 1 shl 16))
        val out = Utf8Relay()
        val err = Utf8Relay()
    }

    /** Decodes what a child prints (UTF-8, possibly split mid-character across frames) and prints it as text here. */
    private class Utf8Relay {
        private val decoder = Charsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
        private var pending = ByteBuffer.allocate(0)

        fun relay(bytes: ByteArray, target: PrintStream) {
            val input = ByteBuffer.allocate(pending.remaining() + bytes.size).put(pending).put(bytes).flip() as ByteBuffer
            val chars = CharBuffer.allocate(input.remaining() + 1)
            decoder.decode(input, chars, false)
            pending = input.slice() // an incomplete character waits for the next frame
            chars.flip()
            target.print(chars.toString())
            target.flush()
        }
    }

    private val initPayload: ByteArray? = initializer?.let { WorkerFrames.serialize(it, "initializer") }
    private var child: Child? = null
    private var nextId = 0L

    init {
        try {
            child = start() // eagerly, like Python's pools: the first job need not wait for a JVM to boot
        } catch (_: IOException) {
            // reported to the first job, which retries the start
        }
    }

    private fun start(): Child {
        val java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java")
        val command = ArrayList<String>()
        command += java
        command += listOf("-cp", childClassPath())
        command += listOf("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+ExitOnOutOfMemoryError")
        command += settings.jvmOptions
        command += listOf(WorkerMain::class.java.name, ProcessHandle.current().pid().toString())
        val process = ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        pool.children += process
        val c = Child(process)
        if (initPayload != null) {
            try {
                WorkerFrames.write(c.input, WorkerFrames.INIT, 0, initPayload)
            } catch (_: IOException) {
                // the child died at once: the job sees it
            }
        }
        return c
    }

    override fun run(job: PoolJob<*>) {
        @Suppress("UNCHECKED_CAST")
        job as PoolJob<Any?>
        val c = child?.takeIf { it.process.isAlive } ?: try {
            child?.let { discard(it) }
            start().also { child = it }
        } catch (e: IOException) {
            child = null
            if (job.begin {}) {
                job.end()
                job.deliver(null, broken.broken("cannot start a worker process: $e", -1, e))
            }
            return
        }
        if (!job.begin { c.process.destroyForcibly() }) return
        var answered = false
        var value: Any? = null
        var failure: Throwable? = null
        try {
            WorkerFrames.write(c.input, WorkerFrames.JOB, ++nextId, job.payload!!)
            while (!answered) {
                val frame = WorkerFrames.read(c.output) ?: break
                when (frame.kind) {
                    WorkerFrames.OUT -> c.out.relay(frame.payload, System.out)
                    WorkerFrames.ERR -> c.err.relay(frame.payload, System.err)
                    WorkerFrames.OK -> {
                        answered = true
                        try {
                            value = WorkerFrames.deserialize(frame.payload)
                        } catch (e: Exception) {
                            failure = e
                        }
                    }
                    WorkerFrames.FAIL, WorkerFrames.INIT_FAIL -> {
                        answered = true
                        val remote = try {
                            WorkerFrames.deserialize(frame.payload) as Throwable
                        } catch (e: Exception) {
                            e
                        }
                        failure = if (frame.kind == WorkerFrames.FAIL) remote else broken.broken("worker initializer failed: $remote", -1, remote)
                    }
                }
            }
        } catch (_: IOException) {
            // the pipe broke: the child is gone, handled below
        }
        if (!answered) {
            val code = exitCode(c.process)
            discard(c)
            child = null
            failure = if (job.isCancelled) {
                CancellationException("job cancelled: its worker process ${c.process.pid()} was killed")
            } else {
                broken.broken("worker process ${c.process.pid()} exited with code $code while running the job", code, null)
            }
            try {
                child = start() // replace it now, so the pool keeps its size
            } catch (_: IOException) {
                // the next job retries
            }
        }
        job.end()
        job.deliver(value, failure)
    }

    private fun exitCode(p: Process): Int {
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor()
        return p.exitValue()
    }

    private fun discard(c: Child) {
        c.process.destroyForcibly()
        pool.children -= c.process
    }

    /** Closes the child's stdin (it exits at end of input), waits briefly, then kills it. */
    override fun retire() {
        val c = child ?: return
        child = null
        try {
            c.input.close()
        } catch (_: IOException) {
        }
        try {
            if (!c.process.waitFor(5, TimeUnit.SECONDS)) c.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS)
        } catch (_: InterruptedException) {
            c.process.destroyForcibly()
            Thread.currentThread().interrupt()
        }
        pool.children -= c.process
    }
}

/**
 * The child's classpath: the parent's classpath and, for a parent started on the module path, every
 * module-path entry too (the child runs it all in the unnamed module, where module-info is ignored).
 */
internal fun childClassPath(): String =
    listOfNotNull(System.getProperty("java.class.path"), System.getProperty("jdk.module.path"))
        .filter { it.isNotEmpty() }
        .joinToString(java.io.File.pathSeparator)
