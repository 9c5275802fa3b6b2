package io.asyncio4j.testing

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.TreeMap
import java.util.jar.JarFile
import kotlin.io.path.extension
import kotlin.io.path.name

/**
 * What a module publishes beside its jar, opened after `package` by the modules' `*JarsIT` tests: the
 * sources jar holds every source file, the Javadoc jar every `{@snippet}` example, rendered.
 */
object PublishedJars {
    /** `target/<artifactId>-<version>-<classifier>.jar`, the only one there. */
    @JvmStatic
    fun jar(target: Path, artifactId: String, classifier: String): Path {
        val found = Files.list(target).use { files ->
            files.filter { it.name.startsWith("$artifactId-") && it.name.endsWith("-$classifier.jar") }.toList()
        }
        check(found.size == 1) { "expected one $classifier jar of $artifactId in $target, found $found" }
        return found[0]
    }

    /** The text of every entry of [jar] whose name ends with [suffix], by entry name. */
    @JvmStatic
    fun texts(jar: Path, suffix: String): Map<String, String> = JarFile(jar.toFile()).use { j ->
        val out = TreeMap<String, String>()
        for (e in j.entries()) {
            if (!e.isDirectory && e.name.endsWith(suffix)) {
                out[e.name] = String(j.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8)
            }
        }
        out
    }

    /** Every `.java` file under [root], by its path relative to [root] (as a jar names it). */
    @JvmStatic
    fun sources(root: Path): Map<String, String> = Files.walk(root).use { files ->
        val out = TreeMap<String, String>()
        files.filter { Files.isRegularFile(it) && it.extension == "java" }
            .forEach { out[root.relativize(it).joinToString("/")] = Files.readString(it) }
        out
    }

    /** How many `{@snippet` tags [sources] hold. */
    @JvmStatic
    fun snippetTags(sources: Map<String, String>): Int = sources.values.sumOf { count(it, "{@snippet") }

    /**
     * How many examples the class pages of [packagePath] (`io/asyncio4j`) in [javadoc] (an entry name →
     * HTML map, module directories or not) render: javadoc's
     * `{@snippet}` on JDK 18+, and build-tools/javadoc/SnippetTaglet on 17, both write a
     * `snippet-container` per example.
     */
    @JvmStatic
    fun renderedSnippets(javadoc: Map<String, String>, packagePath: String): Int =
        javadoc.filterKeys { name -> // <module>/a/b/C.html or a/b/C.html
            name.substringBeforeLast('/').let { it == packagePath || it.endsWith("/$packagePath") } &&
                name.substringAfterLast('/')[0].isUpperCase()
        }.values.sumOf { count(it, "<div class=\"snippet-container\">") }

    private fun count(text: String, what: String): Int {
        var n = 0
        var at = text.indexOf(what)
        while (at >= 0) {
            n++
            at = text.indexOf(what, at + what.length)
        }
        return n
    }
}
