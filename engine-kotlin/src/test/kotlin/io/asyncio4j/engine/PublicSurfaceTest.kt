package io.asyncio4j.engine

import io.asyncio4j.testing.ApiListing
import kotlin.metadata.KmConstructor
import kotlin.metadata.Visibility
import kotlin.metadata.jvm.KotlinClassMetadata
import kotlin.metadata.visibility
import kotlin.metadata.jvm.signature
import kotlin.metadata.jvm.getterSignature
import kotlin.metadata.jvm.setterSignature
import kotlin.metadata.jvm.fieldSignature
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.lang.reflect.Constructor
import java.lang.reflect.Field
import java.lang.reflect.Member
import java.lang.reflect.Method
import java.util.concurrent.TimeUnit

/**
 * Guards the engine's binary surface the way `facade-java`'s `PublicSurfaceTest` guards the facade:
 * the public classes and members of `io.asyncio4j.engine`, as Kotlin sees them (declarations that are
 * `internal` or `private` in Kotlin but public in bytecode are left out, read from the classes'
 * Kotlin metadata, as kotlinx's binary-compatibility-validator does), diffed against the committed `engine-kotlin/api/asyncio4j-engine.api`.
 * Regenerate after an intended change:
 * `mvn -q -pl engine-kotlin verify -Dtest=PublicSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false -Dasyncio4j.updateApi=true`
 */
@Timeout(30, unit = TimeUnit.SECONDS)
class PublicSurfaceTest {
    // an opt-in marker may only be named as an annotation, so look it up by name
    private val internalEngineApi = Class.forName("io.asyncio4j.engine.InternalEngineApi")

    @Test
    fun publicSurfaceMatchesTheCommittedListing() {
        val classes = ApiListing.publicClasses(Queue::class.java, "io.asyncio4j.engine").filter { kotlinVisible(it) }
        assertThat(classes).contains(EventLoop::class.java, Task::class.java, Queue::class.java, internalEngineApi)
        // per class: a private `abort()` of one class must not hide a public `abort()` of another
        val hidden = classes.associateWith { hiddenSignatures(it).toSet() }
        val listing = ApiListing.listing(classes) { m -> ApiListing.exposed(m) && signature(m) !in hidden.getValue(m.declaringClass) }
        ApiListing.assertMatchesCommitted(ApiListing.committedFile("asyncio4j-engine.api"), listing)
    }

    @Test
    fun internalDeclarationsAreNotListed() {
        val classes = ApiListing.publicClasses(Queue::class.java, "io.asyncio4j.engine").filter { kotlinVisible(it) }
        // public in bytecode, internal in Kotlin
        assertThat(classes.map { it.simpleName }).doesNotContain("Waiter", "WaitList", "BlockingBody", "QueueBuffer")
        val hidden = hiddenSignatures(Queue::class.java)
        assertThat(hidden).anyMatch { it.startsWith("handBack") }
    }

    private fun metadata(c: Class<*>): KotlinClassMetadata? =
        c.getAnnotation(Metadata::class.java)?.let { KotlinClassMetadata.readLenient(it) }

    private fun public(v: Visibility) = v == Visibility.PUBLIC || v == Visibility.PROTECTED

    /** False for synthetic Kotlin classes and for classes (or their outer classes) that Kotlin makes internal or private. */
    private fun kotlinVisible(c: Class<*>): Boolean {
        var k: Class<*>? = c
        while (k != null) {
            when (val md = metadata(k)) {
                is KotlinClassMetadata.Class -> if (!public(md.kmClass.visibility)) return false
                is KotlinClassMetadata.SyntheticClass -> return false
                // a file's class of top-level declarations, when they are all internal or private
                is KotlinClassMetadata.FileFacade ->
                    if (md.kmPackage.functions.none { public(it.visibility) } && md.kmPackage.properties.none { public(it.visibility) }) {
                        return false
                    }
                else -> {}
            }
            k = k.declaringClass
        }
        return true
    }

    /** JVM signatures (name + descriptor) of [c]'s members that are internal or private in Kotlin. */
    private fun hiddenSignatures(c: Class<*>): List<String> {
        val (functions, constructors, properties) = when (val md = metadata(c)) {
            is KotlinClassMetadata.Class -> Triple(md.kmClass.functions, md.kmClass.constructors, md.kmClass.properties)
            is KotlinClassMetadata.FileFacade -> Triple(md.kmPackage.functions, emptyList<KmConstructor>(), md.kmPackage.properties)
            else -> return emptyList()
        }
        val out = ArrayList<String>()
        functions.filter { !public(it.visibility) }.mapNotNullTo(out) { it.signature?.toString() }
        constructors.filter { !public(it.visibility) }.mapNotNullTo(out) { it.signature?.toString() }
        for (p in properties) {
            if (!public(p.visibility)) {
                listOfNotNull(p.getterSignature, p.setterSignature).mapTo(out) { it.toString() }
            } else if (p.setter != null && !public(p.setter!!.visibility)) {
                p.setterSignature?.let { out.add(it.toString()) }
            }
            // a backing field is public only for const/lateinit/@JvmField, which follow the property
            if (!public(p.visibility)) p.fieldSignature?.let { out.add(it.toString()) }
        }
        return out
    }

    private fun signature(m: Member): String = when (m) {
        is Method -> m.name + "(" + m.parameterTypes.joinToString("") { descriptor(it) } + ")" + descriptor(m.returnType)
        is Constructor<*> -> "<init>(" + m.parameterTypes.joinToString("") { descriptor(it) } + ")V"
        is Field -> m.name + ":" + descriptor(m.type)
        else -> m.name
    }

    private fun descriptor(c: Class<*>): String = when {
        c.isArray -> "[" + descriptor(c.componentType)
        c == Void.TYPE -> "V"
        c == java.lang.Boolean.TYPE -> "Z"
        c == java.lang.Byte.TYPE -> "B"
        c == java.lang.Character.TYPE -> "C"
        c == java.lang.Short.TYPE -> "S"
        c == java.lang.Integer.TYPE -> "I"
        c == java.lang.Long.TYPE -> "J"
        c == java.lang.Float.TYPE -> "F"
        c == java.lang.Double.TYPE -> "D"
        else -> "L" + c.name.replace('.', '/') + ";"
    }
}
