package io.asyncio4j.engine.gadget

import java.io.ObjectInputStream
import java.io.Serializable
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * A stand-in for a deserialization gadget: reading it back appends a line to [marker]. A stream that
 * refuses it leaves no marker. In a package of its own, outside the lists the tests build.
 */
class Gadget(private val marker: String) : Serializable {
    private fun readObject(input: ObjectInputStream) {
        input.defaultReadObject()
        Files.writeString(Path.of(marker), "read back\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND)
    }

    override fun toString(): String = "Gadget[${Path.of(marker).fileName}]"

    private companion object {
        private const val serialVersionUID = 1L
    }
}
