package io.asyncio4j.engine

import java.util.concurrent.CancellationException
import java.util.concurrent.atomic.AtomicInteger
import sun.misc.Signal
import sun.misc.SignalHandler

/**
 * asyncio.run's Ctrl-C, for [Runners.run]: the first SIGINT cancels the main task (its `finally` blocks
 * run, the run cleans up as usual), and if main ends cancelled, run throws [KeyboardInterruptException],
 * Python's `KeyboardInterrupt`: a caller may catch it (it is a `CancellationException`) and go on; if no
 * one does, the JVM exits with status 130, as on Ctrl-C. A second SIGINT, or one after main finished,
 * goes to the JVM's own handler, which ends the process at once.
 *
 * It takes SIGINT only from the JVM's own handler (`sun.misc.Signal`, module jdk.unsupported): not with
 * `-Xrs`, nor when SIGINT was ignored when the JVM started (a background job of a shell), nor from a
 * handler the program installed; and only on the JVM's main thread, as asyncio does. The system
 * property `asyncio4j.sigint=false` turns it off.
 */
internal class KeyboardInterrupt private constructor(private val main: Task<*>) : SignalHandler {
    private val received = AtomicInteger()

    // The JVM's handler, set before this one is installed.
    @Volatile
    private var jvmHandler: SignalHandler? = null

    override fun handle(sig: Signal) {
        if (received.incrementAndGet() == 1 && main.cancel()) return
        jvmHandler?.handle(sig)
    }

    /** Puts the JVM's handler back; a handler that replaced this one meanwhile is left in place. */
    fun uninstall() {
        val jvm = jvmHandler ?: return
        synchronized(Signal::class.java) {
            val current = Signal.handle(INT, jvm)
            if (current !== this) Signal.handle(INT, current)
        }
    }

    /**
     * What run throws for main's [cancellation]: a [KeyboardInterruptException] if a SIGINT caused it (and
     * this thread then exits the JVM with 130 should it end with it uncaught), else [cancellation] itself.
     */
    fun rethrow(cancellation: CancellationException): CancellationException {
        if (received.get() == 0) return cancellation
        val thread = Thread.currentThread()
        val previous = thread.uncaughtExceptionHandler
        thread.uncaughtExceptionHandler = Thread.UncaughtExceptionHandler { t, e ->
            if (e is KeyboardInterruptException) {
                Runtime.getRuntime().exit(EXIT_STATUS)
            } else {
                previous.uncaughtException(t, e)
            }
        }
        return KeyboardInterruptException(cancellation)
    }

    companion object {
        private val INT = Signal("INT")

        /** 128 + SIGINT: what a shell reports for a program that Ctrl-C ended. */
        const val EXIT_STATUS: Int = 130

        /** Installs a handler that cancels [main] on SIGINT, if the conditions above hold; null if not. */
        fun install(main: Task<*>): KeyboardInterrupt? {
            if (System.getProperty("asyncio4j.sigint") == "false" || !onMainThread()) return null
            return try {
                val handler = KeyboardInterrupt(main)
                synchronized(Signal::class.java) {
                    val previous = Signal.handle(INT, handler)
                    if (previous.javaClass.name == JVM_HANDLER_CLASS) {
                        handler.jvmHandler = previous
                        handler
                    } else {
                        Signal.handle(INT, previous) // SIGINT is ignored or someone else's: leave it alone
                        null
                    }
                }
            } catch (_: IllegalArgumentException) {
                null // -Xrs: the JVM lets no one handle SIGINT
            } catch (_: LinkageError) {
                null // a runtime image without jdk.unsupported
            }
        }

        // How sun.misc.Signal hands back a handler installed inside the JDK: on SIGINT, only the JVM's.
        private const val JVM_HANDLER_CLASS = "sun.misc.Signal\$SunMiscHandler"

        private fun onMainThread(): Boolean {
            val t = Thread.currentThread()
            return t.name == "main" && t.threadGroup?.name == "main" && !t.isDaemon
        }
    }
}

/** Python's `KeyboardInterrupt`: Ctrl-C cancelled the main task of `Async.run`, which ended cancelled. */
internal class KeyboardInterruptException(cancellation: CancellationException) :
    CancellationException("Ctrl-C (SIGINT) cancelled the main task") {
    init {
        initCause(cancellation)
    }
}
