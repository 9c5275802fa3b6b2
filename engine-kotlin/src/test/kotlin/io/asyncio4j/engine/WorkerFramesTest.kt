package io.asyncio4j.engine

import io.asyncio4j.engine.gadget.Gadget
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.io.DataOutputStream
import java.io.InvalidClassException
import java.io.ObjectOutputStream
import java.io.Serializable
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.function.Supplier

/**
 * The worker side of the job channel reads only what its pool says it sent: a frame holding a class
 * its header does not list is refused before that class's code runs (a forged frame; the pool's own
 * list every class they carry), and the pool's failures go back in a form the pool can read.
 */
@Timeout(20)
class WorkerFramesTest {
    @Test
    fun aJobFrameHoldingAnUnlistedClass_isRefused_andNothingOfItRuns(@TempDir dir: Path) {
        val marker = dir.resolve("gadget-ran")
        val forged = jobPayload(emptyList(), Gadget(marker.toString()))
        val incoming = WorkerFrames.incoming(forged)
        assertThatThrownBy {
            WorkerFrames.deserialize(incoming.payload, incoming.objectAt, incoming.allow, null) { c -> "refused ${c.name}" }
        }.isInstanceOf(InvalidClassException::class.java).hasMessage("refused io.asyncio4j.engine.gadget.Gadget")
        assertThat(marker).doesNotExist()

        // listed, it is read (and its readObject runs): the list is what stopped it
        val listed = WorkerFrames.incoming(jobPayload(listOf("io.asyncio4j.engine.gadget.*"), Gadget(marker.toString())))
        assertThat(WorkerFrames.deserialize(listed.payload, listed.objectAt, listed.allow, null) { "" }).isInstanceOf(Gadget::class.java)
        assertThat(marker).exists()
    }

    @Test
    fun whatAPoolSends_listsEveryClassItCarries_andReadsBack(@TempDir dir: Path) {
        val carried = Gadget(dir.resolve("read").toString())
        val job = object : Callable<String>, Serializable {
            override fun call(): String = carried.toString()
        }
        val sent = WorkerFrames.outgoing(job, "fn", job, ClassAllowList.BUILT_IN)
        assertThat(sent.allow.patterns).contains("io.asyncio4j.engine.gadget.Gadget", "io.asyncio4j.engine.*")
        val incoming = WorkerFrames.incoming(sent.payload)
        @Suppress("UNCHECKED_CAST")
        val read = WorkerFrames.deserialize(incoming.payload, incoming.objectAt, incoming.allow, null) { c -> "refused ${c.name}" } as Callable<String>
        assertThat(read.call()).isEqualTo("Gadget[read]")
    }

    @Test
    fun patterns_matchClassesPackagesSubpackagesAndPrefixes() {
        val list = ClassAllowList.of(listOf("io.asyncio4j.engine.gadget.Gadget", "org.assertj.core.api.*", "org.junit.**", "kotlin.collections.Array*"))
        assertThat(list.allows(Gadget::class.java)).isTrue()
        assertThat(list.allows(Array<Array<Gadget>>::class.java)).isTrue() // arrays by their element type
        assertThat(list.allows(org.assertj.core.api.Assertions::class.java)).isTrue()
        assertThat(list.allows(org.assertj.core.api.iterable.ThrowingExtractor::class.java)).isFalse() // a subpackage
        assertThat(list.allows(org.junit.jupiter.api.Test::class.java)).isTrue()
        assertThat(list.allows(kotlin.collections.ArrayDeque::class.java)).isTrue()
        assertThat(list.allows(kotlin.collections.AbstractList::class.java)).isFalse()
        assertThat(ClassAllowList.BUILT_IN.allows(java.util.List.of(1)::class.java)).isTrue()
        assertThat(ClassAllowList.BUILT_IN.allows(java.time.LocalDate::class.java)).isTrue()
        assertThat(ClassAllowList.BUILT_IN.allows(IntArray::class.java)).isTrue()
        assertThat(ClassAllowList.BUILT_IN.allows(java.net.URL::class.java)).isFalse()
        assertThat(ClassAllowList.BUILT_IN.allows(Gadget::class.java)).isFalse()
        assertThat(ClassAllowList.of(listOf("*")).allows(Gadget::class.java)).isTrue()
        // a lambda is let in with the class that wrote it
        val lambda = Supplier { 1 }
        assertThat(ClassAllowList.of(listOf(WorkerFramesTest::class.java.name)).allows(lambda.javaClass)).isTrue()
        for (bad in listOf("", "com..x", "com.example.", "**", "a b", "com.*.x")) {
            assertThatThrownBy { ClassAllowList.of(listOf(bad)) }.isInstanceOf(IllegalArgumentException::class.java)
                .hasMessageContaining("is not a class pattern: \"$bad\"")
        }
    }

    @Test
    fun aFailureOfAClassThePoolRefuses_goesBackAsACopyThatKeepsItsText() {
        val failure = IllegalStateException("outer", GadgetFailure("inner"))
        val bytes = WorkerFrames.serializeFailure(failure, ClassAllowList.BUILT_IN)
        val read = WorkerFrames.deserialize(bytes, 0, ClassAllowList.BUILT_IN, null) { c -> "refused ${c.name}" } as Throwable
        assertThat(read).isInstanceOf(IllegalStateException::class.java).hasMessage("outer")
        assertThat(read.cause).isExactlyInstanceOf(RuntimeException::class.java)
            .hasMessage("${GadgetFailure::class.java.name}: inner")
        assertThat(read.cause!!.stackTrace).isEqualTo(failure.cause!!.stackTrace)
    }

    private class GadgetFailure(message: String) : Exception(message)

    /** A job frame's payload as a pool would write it, with [patterns] in its header. */
    private fun jobPayload(patterns: List<String>, value: Any): ByteArray {
        val out = ByteArrayOutputStream()
        DataOutputStream(out).use { data ->
            data.writeInt(patterns.size)
            patterns.forEach { data.writeUTF(it) }
            data.writeInt(0)
            val objectBytes = ByteArrayOutputStream()
            ObjectOutputStream(objectBytes).use { it.writeObject(value) }
            data.write(objectBytes.toByteArray())
        }
        return out.toByteArray()
    }
}
