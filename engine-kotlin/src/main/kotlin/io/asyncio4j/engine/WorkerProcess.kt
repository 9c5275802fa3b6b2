package io.asyncio4j.engine

import java.io.IOException
import java.util.concurrent.CancellationException
import java.util.concurrent.TimeUnit

/**
 * The parent's side of one process worker: a worker JVM ([WorkerMain]) started by [WorkerLaunch],
 * fed serialized jobs over its [WorkerChannel] and answering there (see [WorkerFrames]). Its stdin is
 * empty and its stdout and stderr are shown on this JVM's `System.out`/`System.err` ([WorkerOutput]);
 * what a job printed through `System.out`/`System.err` is shown before its result is delivered, so
 * output keeps its order relative to results (bytes written to the file descriptors some other way,
 * or by a process the job started, show as they come).
 *
 * A worker that dies mid-job (crash, kill, `OutOfMemoryError`: workers run with
 * `-XX:+ExitOnOutOfMemoryError`) or cannot start fails that job with the pool's broken-worker error
 * naming the exit code and the worker's last words on stderr, and a new worker replaces it; the pool
 * as a whole stays usable. Cancelling a running job kills its worker (the only way to stop foreign
 * code in another JVM) and starts a new one.
 */
internal class WorkerProcess(
    private val pool: WorkerPool,
    private val settings: Settings,
    initializer: Runnable?,
    private val broken: WorkerErrors,
) : JobRunner {
    /** How workers are started ([jvmOptions] after the defaults) and what their answers may hold beyond [allow]'s built-ins. */
    class Settings(val jvmOptions: List<String>, val allow: ClassAllowList)

    private class Child(val process: Process, val channel: WorkerChannel, val out: WorkerOutput, val err: WorkerOutput)

    /** A worker that exited before it connected: [code] is its exit code. */
    private class StartFailure(message: String, val code: Int, cause: Throwable?) : IOException(message, cause)

    private val init: WorkerFrames.Outgoing? = initializer?.let { WorkerFrames.outgoing(it, "initializer", it, settings.allow) }
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
        val listener = WorkerChannel.Listener.open()
        try {
            val process = ProcessBuilder(WorkerLaunch.command(settings.jvmOptions, listener.path.toString())).start()
            pool.children += process
            try {
                process.outputStream.close() // an empty stdin: a job that reads System.in sees its end
            } catch (_: IOException) {
            }
            val out = WorkerOutput(process.inputStream, { System.out }, "asyncio4j-worker-${process.pid()}-stdout")
            val err = WorkerOutput(process.errorStream, { System.err }, "asyncio4j-worker-${process.pid()}-stderr")
            process.onExit().thenRun { listener.close() } // a worker that dies before it connects ends the wait
            val channel = try {
                listener.accept()
            } catch (e: IOException) {
                val code = exitCode(process)
                pool.children -= process
                err.awaitEnd(LAST_WORDS_MILLIS)
                throw StartFailure("worker process ${process.pid()} exited with code $code before it connected${lastWords(err)}", code, e)
            }
            init?.let {
                try {
                    WorkerFrames.write(channel.output, WorkerFrames.INIT, 0, it.payload)
                } catch (_: IOException) {
                    // the worker died at once: the job sees it
                }
            }
            return Child(process, channel, out, err)
        } catch (e: RuntimeException) {
            throw IOException("cannot start a worker process: $e", e) // reported to the job, as an I/O failure is
        } finally {
            listener.close()
        }
    }

    override fun run(job: PoolJob<*>) {
        @Suppress("UNCHECKED_CAST")
        job as PoolJob<Any?>
        val c = child?.takeIf { it.process.isAlive } ?: try {
            child?.let { discard(it) }
            child = null
            start().also { child = it }
        } catch (e: IOException) {
            if (job.begin {}) {
                job.end()
                job.deliver(null, broken.broken("cannot start a worker process: ${e.message ?: e}", (e as? StartFailure)?.code ?: -1, e))
            }
            return
        }
        if (!job.begin { c.process.destroyForcibly() }) return
        val sent = job.sent!!
        var answered = false
        var value: Any? = null
        var failure: Throwable? = null
        try {
            WorkerFrames.write(c.channel.output, WorkerFrames.JOB, ++nextId, sent.payload)
            val frame = WorkerFrames.read(c.channel.input)
            if (frame != null) {
                val answer = WorkerFrames.answer(frame.payload)
                c.out.awaitShown(answer.out, SHOW_MILLIS)
                c.err.awaitShown(answer.err, SHOW_MILLIS)
                answered = true
                val read = try {
                    WorkerFrames.deserialize(answer.payload, WorkerFrames.OBJECT_AT, sent.allow, sent.loader, ::refusal)
                } catch (e: Exception) {
                    if (frame.kind == WorkerFrames.OK) failure = e
                    e
                } catch (e: OutOfMemoryError) {
                    failure = outOfHeap(frame.payload.size.toLong(), e)
                    e
                }
                when (frame.kind) {
                    WorkerFrames.OK -> if (failure == null) value = read
                    WorkerFrames.FAIL -> failure = failure ?: read as? Throwable ?: IOException("a worker answered a failure with $read")
                    else -> failure = broken.broken("worker initializer failed: $read", -1, read as? Throwable)
                }
            }
        } catch (e: WorkerFrames.FrameTooLarge) {
            // the answer was not read, so the channel is out of step: this worker goes, and the job says why
            job.end()
            job.deliver(null, outOfHeap(e.length.toLong(), e.cause as OutOfMemoryError))
            discard(c)
            child = null
            restart()
            return
        } catch (_: IOException) {
            // the channel broke: the worker is gone, handled below
        }
        if (answered) {
            job.end()
            job.deliver(value, failure)
            return
        }
        val code = exitCode(c.process)
        c.err.awaitEnd(LAST_WORDS_MILLIS)
        discard(c)
        child = null
        failure = if (job.isCancelled) {
            CancellationException("job cancelled: its worker process ${c.process.pid()} was killed")
        } else {
            broken.broken("worker process ${c.process.pid()} exited with code $code while running the job${lastWords(c.err)}", code, null)
        }
        job.end()
        job.deliver(null, failure)
        restart()
    }

    /** Replaces a worker that went, so the pool keeps its size; if it cannot start, the next job retries. */
    private fun restart() {
        try {
            child = start()
        } catch (_: IOException) {
        }
    }

    private fun outOfHeap(bytes: Long, e: OutOfMemoryError): Throwable =
        IllegalStateException(
            "the job's answer, $bytes bytes serialized, did not fit in this JVM's heap (OutOfMemoryError); " +
                "return less from the job, or give this JVM more heap",
            e,
        )

    private fun refusal(c: Class<*>): String =
        "the job's answer holds class ${c.name}, which this pool does not let in from its worker processes; it was not read. " +
            "Let it in with WorkerOptions.allowClasses(\"${c.name}\") (or its package). By default a pool lets in the JDK's " +
            "value types and exceptions, asyncio4j's own types, the classes a job carries and the classes of the job's package"

    private fun lastWords(err: WorkerOutput): String = err.tail().let { if (it.isEmpty()) "" else "; its last words on stderr:\n$it" }

    private fun exitCode(p: Process): Int {
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor()
        return p.exitValue()
    }

    private fun discard(c: Child) {
        c.process.destroyForcibly()
        try {
            c.channel.close()
        } catch (_: IOException) {
        }
        pool.children -= c.process
    }

    /** Ends the worker's channel (it exits at end of input), waits briefly, then kills it. */
    override fun retire() {
        val c = child ?: return
        child = null
        try {
            c.channel.close()
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

    private companion object {
        /** How long an answer waits for the job's prints to be shown (they normally are already). */
        const val SHOW_MILLIS = 10_000L

        /** How long a dead worker's stderr may take to end, for its last words. */
        const val LAST_WORDS_MILLIS = 2_000L
    }
}
