package io.asyncio4j.engine

import java.util.concurrent.atomic.AtomicInteger
import sun.misc.Signal
import sun.misc.SignalHandler

/**
 * asyncio.run's Ctrl-C, for [Runners.run]: the first SIGINT cancels the main task (its `finally` blocks
 * run, the run cleans up as usual); when main has ended cancelled, [exitIfInterrupted] hands the signal
 * to the JVM's own handler, which ends the process as Ctrl-C would have (status 130, shutdown hooks
 * run). A SIGINT that comes after main finished, or a second one, goes to the JVM's handler at once.
 *
 * It takes SIGINT only from the JVM's own handler (`sun.misc.Signal`, module jdk.unsupported): not
 * with `-Xrs`, nor when SIGINT was ignored when the JVM started (a background job of a shell), nor from
 * a handler the program installed; and only on the JVM's main thread, as asyncio does. The system
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

    /** After the run: if a SIGINT cancelled main and main ended cancelled, ends the process as Ctrl-C does. */
    fun exitIfInterrupted() {
        if (received.get() == 0 || !main.isCancelled) return
        jvmHandler?.handle(INT)
        Runtime.getRuntime().exit(EXIT_STATUS) // in case the JVM's handler returned
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
