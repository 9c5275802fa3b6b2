package io.asyncio4j.engine

import java.util.concurrent.Callable
import java.util.function.Consumer

/** asyncio's `run()`. */
public object Runners {
    /**
     * Runs [main] as the blocking-style task "main" on a new loop while the calling thread waits; then
     * cancels whatever is left, waits for it and for `toThread` work started from the loop, reports
     * unretrieved failures and closes the loop.
     * Returns main's value or throws its failure as is. Interrupting the calling thread cancels main.
     * On the JVM's main thread, Ctrl-C (SIGINT) cancels main too; if main ends cancelled, run throws
     * Python's KeyboardInterrupt (a CancellationException) once it has cleaned up, and the JVM exits with
     * status 130 unless the caller catches it; a second Ctrl-C ends the process at once (see
     * [KeyboardInterrupt] for what this needs from the JVM). [configure] sees the loop before it runs.
     */
    @JvmStatic
    public fun <T> run(main: Callable<T>, configure: Consumer<EventLoop>?): T {
        check(EventLoop.current() == null) { "A new event loop cannot be run from a running event loop (this thread runs '${EventLoop.current()?.name}')" }
        val loop = EventLoop()
        var sigint: KeyboardInterrupt? = null
        try {
            configure?.accept(loop)
            val task = Task.createBlocking(loop, "main", null, main)
            sigint = KeyboardInterrupt.install(task)
            return loop.runUntilComplete(task)
        } catch (e: java.util.concurrent.CancellationException) {
            throw sigint?.rethrow(e) ?: e
        } finally {
            try {
                try {
                    // asyncio.run's order: cancel what is left, wait for it, wait for to_thread work, close.
                    loop.cancelAllAndDrain()
                    loop.awaitThreadJobs()
                } finally {
                    loop.close()
                }
            } finally {
                sigint?.uninstall()
            }
        }
    }
}
