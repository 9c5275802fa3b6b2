package io.asyncio4j.engine

import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Where blocking-style bodies and `toThread` functions run: a new virtual thread each on JDK 21+,
 * a pooled daemon platform thread on JDK 17 (correct, but not for a million tasks).
 */
internal object BodyThreads {
    private val virtualFactory: ThreadFactory? = findVirtualThreadFactory()

    private val platformPool: ThreadPoolExecutor by lazy {
        val ids = AtomicInteger()
        ThreadPoolExecutor(0, Int.MAX_VALUE, 30, TimeUnit.SECONDS, SynchronousQueue()) { r ->
            Thread(r, "asyncio4j-worker-${ids.incrementAndGet()}").apply { isDaemon = true }
        }
    }

    /** True when bodies run on virtual threads (JDK 21+). */
    @JvmStatic
    public val virtual: Boolean get() = virtualFactory != null

    /** Runs [r] on a fresh virtual thread, or a pooled platform thread; returns nothing to wait on. */
    @JvmStatic
    public fun start(r: Runnable) {
        val f = virtualFactory
        if (f != null) f.newThread(r).start() else platformPool.execute(r)
    }

    /** A new, unstarted thread for a task body: virtual on JDK 21+, a daemon platform thread before. */
    internal fun newThread(name: String, r: Runnable): Thread =
        newVirtualThread(name, r) ?: Thread(r, name).apply { isDaemon = true }

    /** A new, unstarted virtual thread named [name]; null before JDK 21. */
    internal fun newVirtualThread(name: String, r: Runnable): Thread? =
        virtualFactory?.newThread(r)?.also { it.name = name }

    private fun findVirtualThreadFactory(): ThreadFactory? {
        if (Runtime.version().feature() < 21 || System.getProperty("asyncio4j.platformThreads").toBoolean()) return null
        return try {
            val lookup = MethodHandles.publicLookup()
            val builderClass = Class.forName("java.lang.Thread\$Builder")
            val ofVirtual = lookup.findStatic(Thread::class.java, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread\$Builder\$OfVirtual")))
            val builder = ofVirtual.invoke()
            val named = builderClass.getMethod("name", String::class.java, Long::class.javaPrimitiveType)
                .invoke(builder, "asyncio4j-vthread-", 1L)
            builderClass.getMethod("factory").invoke(named) as ThreadFactory
        } catch (e: ReflectiveOperationException) {
            null
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            null
        }
    }
}
