package io.asyncio4j.engine

import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.EOFException
import java.io.IOException
import java.io.InputStream
import java.io.NotSerializableException
import java.io.ObjectInputStream
import java.io.ObjectOutputStream
import java.io.ObjectStreamClass

/**
 * The pipe protocol between a pool and its child JVMs: length-prefixed frames
 * `[int length][byte kind][long id][payload]` whose payloads are Java-serialized objects (jobs,
 * results, exceptions) or raw bytes (what the job printed). Both sides are this code, on the same
 * classpath, so serialization sees the same classes; the channel is the child's own stdin/stdout.
 */
internal object WorkerFrames {
    /** parent → child: run the serialized Callable in the payload. */
    const val JOB: Byte = 1

    /** parent → child: run the serialized Runnable in the payload once, before any job. */
    const val INIT: Byte = 2

    /** child → parent: the job's serialized value. */
    const val OK: Byte = 3

    /** child → parent: the job's serialized Throwable. */
    const val FAIL: Byte = 4

    /** child → parent: bytes the job wrote to System.out. */
    const val OUT: Byte = 5

    /** child → parent: bytes the job wrote to System.err. */
    const val ERR: Byte = 6

    /** child → parent: the initializer failed; payload is the serialized Throwable. */
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
        val payload = ByteArray(length)
        input.readFully(payload)
        return Frame(kind, id, payload)
    }

    /** [value] as bytes; a value that cannot be serialized is an [IllegalArgumentException] naming [what]. */
    fun serialize(value: Any?, what: String): ByteArray {
        val bytes = ByteArrayOutputStream()
        try {
            ObjectOutputStream(bytes).use { it.writeObject(value) }
        } catch (e: NotSerializableException) {
            throw IllegalArgumentException(
                "$what is not serializable, so it cannot be sent to a worker process (${e.message}). " +
                    "Use a WorkerCallable/WorkerFunction lambda or a Serializable class, and capture only Serializable values",
                e,
            )
        }
        return bytes.toByteArray()
    }

    /** Reads back a value written by [serialize], resolving classes with the context class loader first. */
    fun deserialize(bytes: ByteArray): Any? = LoaderAwareInput(ByteArrayInputStream(bytes)).use { it.readObject() }

    /** The throwable to send for [e]: itself when it serializes, else a RuntimeException that keeps its text and stack. */
    fun serializeFailure(e: Throwable): ByteArray = try {
        serialize(e, "failure")
    } catch (_: Exception) {
        val copy = RuntimeException("${e.javaClass.name}: ${e.message}")
        copy.stackTrace = e.stackTrace
        serialize(copy, "failure")
    }

    private class LoaderAwareInput(input: InputStream) : ObjectInputStream(input) {
        override fun resolveClass(desc: ObjectStreamClass): Class<*> {
            val loader = Thread.currentThread().contextClassLoader ?: return super.resolveClass(desc)
            return try {
                Class.forName(desc.name, false, loader)
            } catch (_: ClassNotFoundException) {
                super.resolveClass(desc)
            }
        }
    }
}
