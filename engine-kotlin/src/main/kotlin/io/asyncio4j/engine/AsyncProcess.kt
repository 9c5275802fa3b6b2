package io.asyncio4j.engine

import java.io.File
import java.io.IOException
import java.io.UncheckedIOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException

/**
 * A child process, asyncio's `asyncio.subprocess.Process`: pipes as [ProcessReader]/[ProcessWriter],
 * [waitFor], [communicate], [terminate], [kill]. Futures complete on the loop that asked (when asked
 * from one). Cancelling the future of [waitFor] or [communicate] — which is what cancelling a task
 * that awaits it does — kills the process (and its descendants when [killTree]), so a cancelled or
 * timed-out task leaves no process behind.
 */
public class AsyncProcess private constructor(
    private val process: Process,
    private val killTree: Boolean,
    public val stdin: ProcessWriter?,
    public val stdout: ProcessReader?,
    public val stderr: ProcessReader?,
) {
    /** The child's process id. */
    public val pid: Long get() = process.pid()

    /** The exit code once the process has ended, else null (asyncio's `returncode`). */
    public fun returnCode(): Int? = if (process.isAlive) null else process.exitValue()

    /** The exit code when the process ends; cancelling this future kills the process. */
    public fun waitFor(): CompletableFuture<Int> {
        val loop = EventLoop.current()
        val result = killingFuture<Int>()
        process.onExit().whenComplete { p, e -> completeOn(loop, result, p?.exitValue(), e) }
        return result
    }

    /**
     * asyncio's `communicate(input)`: writes [input] (if stdin is a pipe) and closes stdin, while
     * reading stdout and stderr to their ends at the same time — so a child that fills one pipe
     * while we write the other never deadlocks — then waits for the exit. With [timeoutNanos] >= 0
     * the process is killed when it has not ended by then, and the future fails with
     * [TimeoutException]. Cancelling the future kills the process. When reading an output fails —
     * more than the process's output limit, or more than the heap holds — the process is killed and
     * the future fails at once with that reason (a child left writing to a pipe nobody reads would
     * never exit).
     */
    public fun communicate(input: ByteArray?, timeoutNanos: Long): CompletableFuture<Completed> =
        communicate(input, timeoutNanos) { it }

    /** As [communicate], with the outcome converted by [convert] (so the caller's type keeps the killing cancel). */
    public fun <R> communicate(input: ByteArray?, timeoutNanos: Long, convert: java.util.function.Function<Completed, R>): CompletableFuture<R> {
        val loop = EventLoop.current()
        val result = killingFuture<R>()
        val written = stdin?.let { w ->
            val wrote = if (input != null && !w.isClosed) w.write(input).handle { _, _ -> } else CompletableFuture.completedFuture(Unit)
            wrote.thenCompose { w.close() } // a child that does not read stdin fails the write (broken pipe): that is its choice
        } ?: CompletableFuture.completedFuture(Unit)
        val out = stdout?.readAll() ?: CompletableFuture.completedFuture(ByteArray(0))
        val err = stderr?.readAll() ?: CompletableFuture.completedFuture(ByteArray(0))
        val exit = process.onExit()
        // Whoever settles first reports: the timer (kill, then TimeoutException at once, even if a
        // grandchild keeps a pipe open) or the natural end; a kill by the timer cannot turn into a
        // "successful" exit code 137.
        val settled = java.util.concurrent.atomic.AtomicBoolean()
        val timer = if (timeoutNanos >= 0) {
            GlobalTimer.schedule(timeoutNanos) {
                if (settled.compareAndSet(false, true)) {
                    destroy(force = true)
                    completeOn(loop, result, null, TimeoutException("process $pid did not finish within ${timeoutNanos / 1_000_000} ms; it was killed"))
                }
            }
        } else {
            null
        }
        for (output in listOf(out, err)) {
            output.whenComplete { _, e ->
                if (e != null && settled.compareAndSet(false, true)) {
                    timer?.cancel()
                    destroy(force = true)
                    completeOn(loop, result, null, Awaits.unwrap(e))
                }
            }
        }
        CompletableFuture.allOf(written, out, err, exit).whenComplete { _, e ->
            timer?.cancel()
            if (!settled.compareAndSet(false, true)) return@whenComplete
            if (e != null) {
                completeOn(loop, result, null, Awaits.unwrap(e))
            } else {
                completeOn(loop, result, convert.apply(Completed(process.exitValue(), out.join(), err.join())), null)
            }
        }
        return result
    }

    /** SIGTERM (and to the descendants when [killTree]). */
    public fun terminate(): Unit = destroy(force = false)

    /** SIGKILL (and to the descendants when [killTree]). */
    public fun kill(): Unit = destroy(force = true)

    private fun destroy(force: Boolean) {
        if (killTree) {
            process.descendants().forEach { if (force) it.destroyForcibly() else it.destroy() }
        }
        if (force) process.destroyForcibly() else process.destroy()
    }

    private fun <T> killingFuture(): CompletableFuture<T> = object : CompletableFuture<T>() {
        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val r = super.cancel(mayInterruptIfRunning)
            if (r) kill()
            return r
        }

        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }

    /** What [communicate] returns: the exit code and everything the child wrote. */
    public class Completed(public val returnCode: Int, public val stdout: ByteArray, public val stderr: ByteArray)

    public companion object {
        /**
         * Starts [command] (asyncio's `create_subprocess_exec`). Each of [stdin], [stdout], [stderr] is a
         * `ProcessBuilder.Redirect`: PIPE gives a reader/writer, the others none. [mergeStderr] sends
         * stderr to stdout. A program that cannot be started throws [UncheckedIOException] whose cause
         * is the OS error. No read of stdout or stderr collects more than [maxOutputBytes]
         * ([Int.MAX_VALUE]: no limit but the heap); [errors] makes the exception that says so.
         */
        @JvmStatic
        public fun start(
            command: List<String>,
            stdin: ProcessBuilder.Redirect,
            stdout: ProcessBuilder.Redirect,
            stderr: ProcessBuilder.Redirect,
            mergeStderr: Boolean,
            directory: File?,
            environment: Map<String, String>?,
            killTree: Boolean,
            maxOutputBytes: Int,
            errors: StreamErrors,
        ): AsyncProcess {
            require(maxOutputBytes > 0) { "maxOutputBytes must be > 0, was $maxOutputBytes" }
            require(command.isNotEmpty()) { "command must not be empty" }
            val builder = ProcessBuilder(command).redirectInput(stdin).redirectOutput(stdout)
            if (mergeStderr) builder.redirectErrorStream(true) else builder.redirectError(stderr)
            if (directory != null) builder.directory(directory)
            if (environment != null) {
                builder.environment().clear()
                builder.environment().putAll(environment)
            }
            val process = try {
                spawn(builder)
            } catch (e: IOException) {
                throw UncheckedIOException("cannot start ${command[0]}: ${e.message}", e)
            }
            val pipe = ProcessBuilder.Redirect.PIPE
            return AsyncProcess(
                process,
                killTree,
                if (stdin == pipe) ProcessWriter(process.outputStream, "stdin of process ${process.pid()}") else null,
                if (stdout == pipe) ProcessReader(process.inputStream, "stdout of process ${process.pid()}", maxOutputBytes, errors) else null,
                if (stderr == pipe && !mergeStderr) {
                    ProcessReader(process.errorStream, "stderr of process ${process.pid()}", maxOutputBytes, errors)
                } else {
                    null
                },
            )
        }

        /**
         * Starts the process. In a blocking-style task body the fork/exec (a millisecond or more)
         * runs on a worker thread while the body lets go of its loop, so other tasks run meanwhile
         * and several starts overlap; elsewhere (a plain thread, a loop callback) it runs here.
         * The wait is uncancellable: a process that was started is always returned to its caller.
         */
        private fun spawn(builder: ProcessBuilder): Process {
            if (BlockingBody.CURRENT.get() == null) return builder.start()
            val started = Threadsafe.toThread {
                try {
                    Result.success(builder.start())
                } catch (e: IOException) {
                    Result.failure(e)
                }
            }
            return Awaits.awaitUncancellable(started).getOrThrow()
        }
    }
}
