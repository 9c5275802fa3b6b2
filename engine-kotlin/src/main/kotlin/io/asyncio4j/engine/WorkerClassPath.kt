package io.asyncio4j.engine

import java.lang.reflect.Proxy
import java.net.URL
import java.net.URLClassLoader
import java.nio.file.Path

/**
 * Where a worker process finds the classes of a job that this JVM did not load from its class path or
 * module path — a plugin's class loader, a test launcher's: the file location each class came from
 * and the file URLs of the `URLClassLoader`s that loaded it. A job carries these entries, and the
 * worker adds them to the class loader it reads jobs with; the worker's own class path is the
 * parent's (see [WorkerLaunch]) plus [engineEntries].
 *
 * A class that came from no file (defined at run time, or from a jar inside a jar) cannot reach a
 * worker: submitting a job that carries one fails at once, naming the class.
 */
internal object WorkerClassPath {
    /** What a worker needs for classes of [classes] beyond its class path; refuses, naming it, a class it cannot get. */
    fun entriesFor(classes: Collection<Class<*>>): List<String> {
        val entries = LinkedHashSet<String>()
        for (c in classes) {
            val origin = ORIGINS.get(elementType(c))
            origin.unreachable?.let { throw IllegalArgumentException(it) }
            entries += origin.entries
        }
        return entries.toList()
    }

    /** The entries for asyncio4j's engine and the Kotlin standard library when this JVM loaded them from elsewhere. */
    fun engineEntries(): List<String> = entriesFor(listOf(WorkerMain::class.java, Unit::class.java))

    private class Origin(val entries: List<String>, val unreachable: String?)

    private val ORIGINS = object : ClassValue<Origin>() {
        override fun computeValue(c: Class<*>): Origin {
            if (visibleToWorkers(c)) return Origin(emptyList(), null)
            if (Proxy.isProxyClass(c)) { // a proxy is made afresh where it is read: its interfaces are what must be found
                val of = c.interfaces.map { get(it) }
                return Origin(of.flatMap { it.entries }.distinct(), of.firstNotNullOfOrNull { it.unreachable })
            }
            val entries = LinkedHashSet<String>()
            val location = c.protectionDomain?.codeSource?.location
            fileOf(location)?.let { entries += it }
            // the loader's other entries too: the job may use classes of its own jar or library that it does not carry
            var loader: ClassLoader? = c.classLoader
            while (loader != null && loader !== SYSTEM && loader !== PLATFORM) {
                if (loader is URLClassLoader) loader.urLs.forEach { url -> fileOf(url)?.let { entries += it } }
                loader = loader.parent
            }
            if (location == null || fileOf(location) == null) {
                return Origin(
                    emptyList(),
                    "${c.name} cannot be loaded in a worker process: it was loaded by ${c.classLoader} from " +
                        "${location ?: "no file location"}, which a worker cannot put on its class path. Put it on the class " +
                        "path or module path of this JVM, or use a thread pool",
                )
            }
            return Origin(entries.toList(), null)
        }
    }

    private val SYSTEM: ClassLoader = ClassLoader.getSystemClassLoader()
    private val PLATFORM: ClassLoader = ClassLoader.getPlatformClassLoader()

    /** JDK classes and those the system class loader gives (class path and boot-layer modules) are a worker's already. */
    private fun visibleToWorkers(c: Class<*>): Boolean {
        val loader = c.classLoader
        if (loader == null || loader === PLATFORM || loader === SYSTEM || c.isPrimitive) return true
        return try {
            Class.forName(c.name, false, SYSTEM) === c
        } catch (_: ClassNotFoundException) {
            false
        } catch (_: LinkageError) {
            false
        }
    }

    private fun elementType(c: Class<*>): Class<*> {
        var k = c
        while (k.isArray) k = k.componentType
        return k
    }

    private fun fileOf(url: URL?): String? =
        if (url == null || url.protocol != "file") null else runCatching { Path.of(url.toURI()).toString() }.getOrNull()
}
