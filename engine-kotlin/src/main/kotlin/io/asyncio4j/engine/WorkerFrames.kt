package io.asyncio4j.engine

import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.EOFException
import java.io.IOException
import java.io.InputStream
import java.io.InvalidClassException
import java.io.NotSerializableException
import java.io.ObjectInputStream
import java.io.ObjectOutputStream
import java.io.ObjectStreamClass
import java.io.OutputStream
import java.lang.reflect.Proxy

/**
 * The protocol between a pool and its worker JVMs on their [WorkerChannel]: length-prefixed frames
 * `[int length][byte kind][long id][payload]`.
 *
 * A job's payload (and an initializer's) is a header — the allow-list patterns its reader applies
 * and the class path entries it needs (see [WorkerClassPath]) — then the Java-serialized object. The
 * patterns are the pool's own, the exact classes the sender wrote into the object, and the package
 * of the job's own class: so the worker reads only what the pool says it sent, and the pool reads an
 * answer under the same list ([ClassAllowList]). An answer's payload is how many bytes the job had
 * written to `System.out` and `System.err` by then (so the pool can show them before the result),
 * then the serialized value or Throwable.
 */
internal object WorkerFrames {
    /** parent → worker: run the serialized Callable in the payload. */
    const val JOB: Byte = 1

    /** parent → worker: run the serialized Runnable in the payload once, before any job. */
    const val INIT: Byte = 2

    /** worker → parent: the job's serialized value. */
    const val OK: Byte = 3

    /** worker → parent: the job's serialized Throwable. */
    const val FAIL: Byte = 4

    /** worker → parent: the initializer failed; payload is the serialized Throwable. */
    const val INIT_FAIL: Byte = 7

    class Frame(val kind: Byte, val id: Long, val payload: ByteArray)

    fun write(out: DataOutputStream, kind: Byte, id: Long, payload: ByteArray) {
        synchronized(out) {
            out.writeInt(payload.size)
            out.writeByte(kind.toInt())
            out.writeLong(id)
            out.write(payload)
            out.flush()
        }
    }

    /** The next frame, or null at a clean end of stream. */
    fun read(input: DataInputStream): Frame? {
        val length = try {
            input.readInt()
        } catch (_: EOFException) {
            return null
        }
        if (length < 0) throw IOException("corrupt frame: length $length")
        val kind = input.readByte()
        val id = input.readLong()
        val payload = try {
            ByteArray(length)
        } catch (e: OutOfMemoryError) {
            throw FrameTooLarge(length, e)
        }
        input.readFully(payload)
        return Frame(kind, id, payload)
    }

    /** A frame of [length] bytes did not fit in the heap; the channel is no longer in step (its bytes were not read). */
    class FrameTooLarge(val length: Int, cause: OutOfMemoryError) : RuntimeException("a frame of $length bytes", cause)

    /**
     * A job or initializer ready to send: the payload, the list its answer is read under, and the
     * class loader of the job's own class (its answer may hold classes only that loader knows).
     */
    class Outgoing(val payload: ByteArray, val allow: ClassAllowList, val loader: ClassLoader?)

    /**
     * [value] serialized for a worker, [root] being the user's own job object (the function inside a
     * map's chunk, say); [base] holds the pool's patterns. A value that cannot be serialized, or that
     * carries a class no worker can load, is an [IllegalArgumentException] naming [what].
     */
    fun outgoing(value: Any, what: String, root: Any, base: ClassAllowList): Outgoing {
        val recorded = record(value) { e ->
            "$what is not serializable, so it cannot be sent to a worker process (${e.message}). " +
                "Use a WorkerCallable/WorkerFunction lambda or a Serializable class, and capture only Serializable values"
        }
        val carried = LinkedHashSet<String>()
        for (c in recorded.classes) {
            if (Proxy.isProxyClass(c)) c.interfaces.forEach { carried += elementName(it) } else carried += elementName(c)
        }
        ClassAllowList.packageOf(root.javaClass)?.let { carried += it }
        val allow = base.plus(carried.filter { it.isNotEmpty() })
        val classPath = WorkerClassPath.entriesFor(recorded.classes + root.javaClass)
        val header = ByteArrayOutputStream()
        DataOutputStream(header).use { out ->
            out.writeInt(allow.patterns.size)
            allow.patterns.forEach { out.writeUTF(it) }
            out.writeInt(classPath.size)
            classPath.forEach { out.writeUTF(it) }
            out.write(recorded.bytes)
        }
        return Outgoing(header.toByteArray(), allow, root.javaClass.classLoader)
    }

    /** A job or initializer as the worker reads it (see [outgoing]); the object is [payload] from [objectAt] on. */
    class Incoming(val allow: ClassAllowList, val classPath: List<String>, val payload: ByteArray, val objectAt: Int)

    fun incoming(payload: ByteArray): Incoming {
        val bytes = ByteArrayInputStream(payload)
        val input = DataInputStream(bytes)
        val patterns = List(input.readInt()) { input.readUTF() }
        val classPath = List(input.readInt()) { input.readUTF() }
        return Incoming(ClassAllowList.of(patterns), classPath, payload, payload.size - bytes.available())
    }

    /**
     * An answer: what the job had printed by then ([out], [err] bytes) and the serialized value or
     * Throwable, [payload] from [OBJECT_AT] on.
     */
    class Answer(val out: Long, val err: Long, val payload: ByteArray)

    /** Where an answer's object starts: after its two counts. */
    const val OBJECT_AT = 16

    fun answer(out: Long, err: Long, bytes: ByteArray): ByteArray {
        val payload = ByteArrayOutputStream(16 + bytes.size)
        DataOutputStream(payload).use {
            it.writeLong(out)
            it.writeLong(err)
            it.write(bytes)
        }
        return payload.toByteArray()
    }

    fun answer(payload: ByteArray): Answer {
        val input = DataInputStream(ByteArrayInputStream(payload))
        return Answer(input.readLong(), input.readLong(), payload)
    }

    /** [value] as bytes; one that cannot be serialized is an [IllegalArgumentException] saying [notSerializable] of it. */
    fun serialize(value: Any?, notSerializable: (NotSerializableException) -> String): ByteArray = record(value, notSerializable).bytes

    /** What a worker says when the job's result cannot be serialized: the direction is back to the pool. */
    fun resultNotSerializable(value: Any?, e: NotSerializableException): String =
        "the job's result, a ${value?.javaClass?.name}, is not serializable, so the worker process cannot send it back " +
            "(java.io.NotSerializableException: ${e.message}). Return a Serializable value (a record or class that " +
            "implements Serializable, holding only Serializable values)"

    /**
     * Reads back a value written by [serialize] (at [offset] in [bytes]) under [allow]: a class outside it fails with an
     * [InvalidClassException] saying [refusal] of it, before any of its code runs. Classes resolve
     * with [loader] first, then the context class loader, then the default. A class that cannot be
     * found is reported as such (also when the JDK would report the `ClassCastException` it leads to,
     * as for a lambda whose defining class is missing).
     */
    fun deserialize(bytes: ByteArray, offset: Int, allow: ClassAllowList, loader: ClassLoader?, refusal: (Class<*>) -> String): Any? {
        val input = FilteredInput(ByteArrayInputStream(bytes, offset, bytes.size - offset), loader)
        input.setObjectInputFilter(allow.filter(refusal))
        return try {
            input.use { it.readObject() }
        } catch (e: InvalidClassException) {
            val refused = generateSequence<Throwable>(e) { it.cause }.firstOrNull { it is ClassRefusedException } ?: throw e
            throw InvalidClassException(refused.message).apply { initCause(refused) }
        } catch (e: ClassCastException) {
            throw input.missing ?: e
        }
    }

    /**
     * The throwable to send for [e], written so the pool can read it back: each throwable in it (the
     * failure, its causes, its suppressed ones) whose class [allow] does not let in, or that cannot be
     * serialized, goes as a RuntimeException that keeps its class name, text, stack and causes.
     */
    fun serializeFailure(e: Throwable, allow: ClassAllowList): ByteArray {
        val bytes = ByteArrayOutputStream()
        val refusedInside = try {
            val out = FailureOutput(bytes, allow, replaceAll = false)
            out.use { it.writeObject(e) }
            out.classes.any { !allow.allows(it) } // a field of a class the pool would refuse
        } catch (_: IOException) {
            true // a field that cannot be serialized
        }
        if (refusedInside) {
            bytes.reset()
            FailureOutput(bytes, allow, replaceAll = true).use { it.writeObject(e) }
        }
        return bytes.toByteArray()
    }

    /** Writes a failure, replacing the throwables the pool could not read back ([replaceAll]: every one). */
    private class FailureOutput(out: OutputStream, private val allow: ClassAllowList, private val replaceAll: Boolean) :
        ObjectOutputStream(out) {
        val classes = LinkedHashSet<Class<*>>()

        init {
            enableReplaceObject(true)
        }

        override fun annotateClass(cl: Class<*>) {
            classes += cl
        }

        override fun annotateProxyClass(cl: Class<*>) {
            classes += cl
        }

        // Called once per object written, not again for what it returns; the cause and the suppressed
        // throwables of a copy are the originals, written next and replaced in turn if they must be.
        override fun replaceObject(obj: Any?): Any? {
            if (obj !is Throwable || !replaceAll && allow.allows(obj.javaClass)) return obj
            return RuntimeException("${obj.javaClass.name}: ${obj.message}", obj.cause?.takeIf { it !== obj }).also { copy ->
                copy.stackTrace = obj.stackTrace
                obj.suppressed.forEach { copy.addSuppressed(it) }
            }
        }
    }

    private class Recorded(val bytes: ByteArray, val classes: Set<Class<*>>)

    /** Serializes [value], noting every class whose description it writes. */
    private fun record(value: Any?, notSerializable: (NotSerializableException) -> String): Recorded {
        val bytes = ByteArrayOutputStream()
        val out = RecordingOutput(bytes)
        try {
            out.use { it.writeObject(value) }
        } catch (e: NotSerializableException) {
            throw IllegalArgumentException(notSerializable(e), e)
        }
        return Recorded(bytes.toByteArray(), out.classes)
    }

    private fun elementName(c: Class<*>): String {
        var k = c
        while (k.isArray) k = k.componentType
        return if (k.isPrimitive || ClassAllowList.allowsBuiltIn(k)) "" else k.name
    }

    private class RecordingOutput(out: OutputStream) : ObjectOutputStream(out) {
        val classes = LinkedHashSet<Class<*>>()

        override fun annotateClass(cl: Class<*>) {
            classes += cl
        }

        override fun annotateProxyClass(cl: Class<*>) {
            classes += cl
        }
    }

    private class FilteredInput(input: InputStream, private val loader: ClassLoader?) : ObjectInputStream(input) {
        /** The first class that could not be found: the real reason when a ClassCastException follows. */
        var missing: ClassNotFoundException? = null

        override fun resolveClass(desc: ObjectStreamClass): Class<*> = try {
            find(desc.name) ?: super.resolveClass(desc)
        } catch (e: ClassNotFoundException) {
            if (missing == null) missing = e
            throw e
        }

        private fun find(name: String): Class<*>? {
            for (l in listOfNotNull(loader, Thread.currentThread().contextClassLoader).distinct()) {
                try {
                    return Class.forName(name, false, l)
                } catch (_: ClassNotFoundException) {
                }
            }
            return null
        }
    }
}
