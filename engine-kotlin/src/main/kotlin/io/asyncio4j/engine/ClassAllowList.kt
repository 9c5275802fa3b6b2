package io.asyncio4j.engine

import java.io.ObjectInputFilter
import java.lang.reflect.Proxy
import java.util.concurrent.ConcurrentHashMap

/**
 * The classes a stream that asyncio4j deserializes lets in — worker-pool frames and the calls to the
 * objects shared over RMI — as an [ObjectInputFilter]: everything else is refused before any of its
 * code runs (before its `readObject`, `readResolve`, constructor or static initializer), with an
 * exception naming the class.
 *
 * Always let in ([allowsBuiltIn]): primitives and arrays of allowed types; the JDK's value types
 * (boxed primitives, `String`, `BigInteger`/`BigDecimal`, `java.time` values, `UUID`, `URI`, the
 * `java.util` and `java.util.concurrent` collections and the immutable and unmodifiable ones — the
 * filter also sees the object a `readResolve` returns, so both the written and the resolved classes are here),
 * exceptions and enums of `java.base`, `SerializedLambda` (a lambda travels as one; it names the
 * class that defines it, which must be let in itself), and asyncio4j's own job wrappers, shared
 * objects and their RMI stubs (a dynamic proxy is let in when all its interfaces are). Left out on
 * purpose: `java.net.URL` (its `hashCode` resolves host names) and the JDK's other classes, among them
 * the classic gadget chains' links (`javax.management.BadAttributeValueExpException`, `TemplatesImpl`,
 * the annotation invocation handler).
 *
 * Beyond that, the [patterns]: a class name (`com.example.Point`), a package (`com.example.*`), a
 * package and its subpackages (`com.example.**`), a name prefix (`com.example.Po*`), or `*` for every
 * class (no check at all).
 */
internal class ClassAllowList private constructor(
    /** The patterns beyond the built-in list, as given: what a worker process is sent. */
    val patterns: List<String>,
    private val exact: Set<String>,
    private val packages: Set<String>,
    private val prefixes: List<String>,
) {
    /** Whether [c] may be read: arrays by their element type, proxies by their interfaces. */
    fun allows(c: Class<*>): Boolean {
        var k = c
        while (k.isArray) k = k.componentType
        // a lambda read back (SerializedLambda.readResolve) is an instance of a hidden class of the class that wrote it
        if (k.isHidden) k = k.nestHost
        if (k.isPrimitive || allowsBuiltIn(k)) return true
        if (Proxy.isProxyClass(k)) return k.interfaces.all { allows(it) }
        val name = k.name
        return name in exact || k.packageName in packages || prefixes.any { name.startsWith(it) }
    }

    /** This list plus [more] patterns. */
    fun plus(more: Collection<String>): ClassAllowList = if (more.isEmpty()) this else of(patterns + more)

    /**
     * The filter for one stream; a refused class fails the read with an [java.io.InvalidClassException]
     * whose cause is a [ClassRefusedException] saying [refusal] of it. The JVM-wide filter
     * (`jdk.serialFilter`), when one is set, is applied too.
     */
    fun filter(refusal: (Class<*>) -> String): ObjectInputFilter {
        val ours = ObjectInputFilter { info ->
            val c = info.serialClass()
            when {
                c == null -> ObjectInputFilter.Status.UNDECIDED // limits on depth and size: left to the JVM-wide filter
                allows(c) -> ObjectInputFilter.Status.ALLOWED
                else -> throw ClassRefusedException(refusal(c))
            }
        }
        val global = ObjectInputFilter.Config.getSerialFilter() ?: return ours
        return ObjectInputFilter.merge(ours, global)
    }

    companion object {
        /** Just the built-in list. */
        val BUILT_IN: ClassAllowList = build(emptyList())

        /** The built-in list plus [patterns] (checked: see [checkPattern]). */
        fun of(patterns: Collection<String>): ClassAllowList {
            val key = patterns.toList()
            RECENT[key]?.let { return it }
            // a pool's jobs mostly repeat one list (the same lambda, the same carried classes): keep a few
            if (RECENT.size >= 256) RECENT.clear()
            return build(key).also { RECENT[key] = it }
        }

        private val RECENT = ConcurrentHashMap<List<String>, ClassAllowList>()

        private fun build(patterns: List<String>): ClassAllowList {
            val distinct = LinkedHashSet<String>()
            val exact = HashSet<String>()
            val packages = HashSet<String>()
            val prefixes = ArrayList<String>()
            for (p in patterns) {
                checkPattern(p)
                if (!distinct.add(p)) continue
                when {
                    p.endsWith(".**") -> prefixes += p.dropLast(2) // "a.b.": the package and below
                    p.endsWith(".*") -> packages += p.removeSuffix(".*")
                    p.endsWith("*") -> prefixes += p.removeSuffix("*")
                    else -> exact += p
                }
            }
            return ClassAllowList(distinct.toList(), exact, packages, prefixes)
        }

        /** Refuses a pattern that is not one of the forms this list knows, naming it. */
        fun checkPattern(pattern: String) {
            ClassPatterns.check(pattern, "pattern")
        }

        /** The pattern for the package of [c] ("com.example.*"), or null for the unnamed package. */
        fun packageOf(c: Class<*>): String? = c.packageName.takeIf { it.isNotEmpty() }?.let { "$it.*" }

        /** The classes of the JDK and of asyncio4j that every list lets in. */
        fun allowsBuiltIn(c: Class<*>): Boolean {
            if (c.name in BUILT_IN_NAMES) return true
            val module = c.module
            if (!module.isNamed || module.name != "java.base") return false
            // java.base's own exceptions and enums carry no code that runs when they are read; java.time's
            // values are what java.time.Ser reads back (the filter sees what readResolve returns, too)
            return Throwable::class.java.isAssignableFrom(c) || c.isEnum || c.packageName in BUILT_IN_PACKAGES
        }

        private val BUILT_IN_PACKAGES = setOf("java.time", "java.time.chrono", "java.time.zone")

        private val BUILT_IN_NAMES: Set<String> = setOf(
            "java.lang.Object", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.String", "java.lang.Enum", "java.lang.StackTraceElement", "java.lang.invoke.SerializedLambda",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.net.URI",
            "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.BitSet",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Vector", "java.util.Stack",
            "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.Hashtable", "java.util.IdentityHashMap", "java.util.EnumMap", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet\$SerializationProxy",
            "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.Arrays\$ArrayList", "java.util.CollSer", "java.util.ImmutableCollections\$ListN",
            "java.util.ImmutableCollections\$List12", "java.util.ImmutableCollections\$SetN",
            "java.util.ImmutableCollections\$Set12", "java.util.ImmutableCollections\$MapN",
            "java.util.ImmutableCollections\$Map1", "java.util.AbstractMap\$SimpleEntry",
            "java.util.AbstractMap\$SimpleImmutableEntry",
            "java.util.Collections\$EmptyList", "java.util.Collections\$EmptySet", "java.util.Collections\$EmptyMap",
            "java.util.Collections\$SingletonList", "java.util.Collections\$SingletonSet",
            "java.util.Collections\$SingletonMap", "java.util.Collections\$CopiesList",
            "java.util.Collections\$UnmodifiableCollection", "java.util.Collections\$UnmodifiableList",
            "java.util.Collections\$UnmodifiableRandomAccessList", "java.util.Collections\$UnmodifiableSet",
            "java.util.Collections\$UnmodifiableSortedSet", "java.util.Collections\$UnmodifiableNavigableSet",
            "java.util.Collections\$UnmodifiableMap", "java.util.Collections\$UnmodifiableSortedMap",
            "java.util.Collections\$UnmodifiableNavigableMap", "java.util.Collections\$SynchronizedCollection",
            "java.util.Collections\$SynchronizedList", "java.util.Collections\$SynchronizedRandomAccessList",
            "java.util.Collections\$SynchronizedSet", "java.util.Collections\$SynchronizedMap",
            "java.util.Collections\$ReverseComparator", "java.util.Collections\$ReverseComparator2",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap\$Segment",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque",
            "java.util.concurrent.ArrayBlockingQueue",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicIntegerArray",
            "java.util.concurrent.atomic.AtomicLongArray",
            // the stub of an object shared over RMI: a proxy with this handler (its ref is read by RMI itself)
            "java.lang.reflect.Proxy", "java.rmi.Remote", "java.rmi.server.RemoteObject",
            "java.rmi.server.RemoteObjectInvocationHandler",
            // asyncio4j's own
            "io.asyncio4j.engine.Chunk", "io.asyncio4j.engine.Apply", "io.asyncio4j.engine.RunnableJob",
            "io.asyncio4j.engine.RemoteQueue", "io.asyncio4j.engine.RemoteLock", "io.asyncio4j.engine.RemoteDict",
            "io.asyncio4j.engine.SharedObjects\$LoopbackClient", "io.asyncio4j.engine.SharedObjects\$LoopbackServer",
            "io.asyncio4j.engine.ClassRefusedException",
            "io.asyncio4j.ProcessQueue", "io.asyncio4j.ProcessLock", "io.asyncio4j.SharedDict",
            "io.asyncio4j.ProcessPipe\$End", "io.asyncio4j.ProcessPipe\$Eof",
            "io.asyncio4j.BrokenWorkerException", "io.asyncio4j.IncompleteReadError", "io.asyncio4j.InvalidStateException",
            "io.asyncio4j.LimitOverrunException", "io.asyncio4j.QueueEmpty", "io.asyncio4j.QueueFull",
            "io.asyncio4j.QueueShutDown", "io.asyncio4j.TaskGroupException",
        )
    }
}

/** The forms of a [ClassAllowList] pattern, checked where an option takes them. */
public object ClassPatterns {
    /** [pattern] if it is a class name, `package.*`, `package.**`, `prefix*` or `*`; else an [IllegalArgumentException] naming [name]. */
    @JvmStatic
    public fun check(pattern: String, name: String): String {
        val body = when {
            pattern.endsWith(".**") -> pattern.dropLast(3)
            pattern.endsWith(".*") -> pattern.dropLast(2)
            pattern.endsWith("*") -> pattern.dropLast(1)
            else -> pattern
        }
        val ok = pattern == "*" || body.isNotEmpty() && body.split('.').all { part ->
            part.isNotEmpty() && part.all { Character.isJavaIdentifierPart(it) }
        }
        require(ok) {
            "$name is not a class pattern: \"$pattern\" (use a class name like com.example.Point, a package like " +
                "com.example.*, a package with its subpackages like com.example.**, or * for every class)"
        }
        return pattern
    }
}

/** Why a deserializing stream refused a class: the cause of the stream's [java.io.InvalidClassException]. */
internal class ClassRefusedException(message: String) : SecurityException(message) {
    private companion object {
        private const val serialVersionUID = 1L
    }
}
