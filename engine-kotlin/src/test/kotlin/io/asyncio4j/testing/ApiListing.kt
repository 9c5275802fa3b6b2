package io.asyncio4j.testing

import java.lang.reflect.Executable
import java.lang.reflect.GenericArrayType
import java.lang.reflect.Member
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.Type
import java.lang.reflect.TypeVariable
import java.lang.reflect.WildcardType
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.TreeSet
import java.util.function.Predicate
import java.util.jar.JarFile

/**
 * The committed API listings (kotlinx's `api/ *.api` dumps, trio's `test_exports.py`), shared by the
 * engine's and the facade's surface tests: one line per public class and per public or protected
 * member, in a stable order, diffed against a file under the module's `api/` folder.
 *
 * After an intended API change, regenerate the listing and commit the diff with the change: run the
 * module's surface test with `-Dasyncio4j.updateApi=true`.
 */
object ApiListing {
    /**
     * Every public top-level or public nested class of [packageName], found where [anchor] was loaded
     * from (a class directory or a jar), sorted by name.
     */
    @JvmStatic
    fun publicClasses(anchor: Class<*>, packageName: String): List<Class<*>> {
        val root = Path.of(anchor.protectionDomain.codeSource.location.toURI())
        val dir = packageName.replace('.', '/') + "/"
        val names = ArrayList<String>()
        if (Files.isDirectory(root)) {
            Files.list(root.resolve(dir)).use { files ->
                files.map { it.fileName.toString() }.filter { it.endsWith(".class") }
                    .forEach { names.add(packageName + "." + it.removeSuffix(".class")) }
            }
        } else {
            JarFile(root.toFile()).use { jar ->
                for (e in jar.entries()) {
                    val n = e.name
                    if (n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length) < 0) {
                        names.add(n.removeSuffix(".class").replace('/', '.'))
                    }
                }
            }
        }
        return names.filter { !it.endsWith("package-info") && !it.endsWith("module-info") }
            .map { Class.forName(it, false, anchor.classLoader) }
            .filter { isVisible(it) }
            .sortedBy { it.name }
    }

    /** True for a public or protected member the compiler did not make up (bridges, synthetic accessors). */
    @JvmStatic
    fun exposed(m: Member): Boolean {
        val synthetic = m.isSynthetic || (m is Method && m.isBridge)
        return !synthetic && (Modifier.isPublic(m.modifiers) || Modifier.isProtected(m.modifiers))
    }

    /**
     * Every type named with one of the [forbidden] prefixes (`kotlin.`, `io.asyncio4j.engine.`) anywhere in
     * a public or protected signature of [classes] — superclass, interfaces, type-parameter bounds, fields,
     * constructors, methods (parameters, results, exceptions), at any depth of generics — as "where: type".
     * The facade's and the adapters' surface tests require none.
     */
    @JvmStatic
    fun forbiddenTypes(classes: List<Class<*>>, forbidden: List<String>): List<String> {
        val leaks = ArrayList<String>()
        fun check(where: String, t: Type?, seen: MutableSet<Type> = HashSet()) {
            if (t == null || !seen.add(t)) return
            when (t) {
                is Class<*> -> {
                    var c: Class<*> = t
                    while (c.isArray) c = c.componentType
                    for (prefix in forbidden) if (c.name.startsWith(prefix)) leaks.add(where + ": " + c.name)
                }
                is ParameterizedType -> {
                    check(where, t.rawType, seen)
                    check(where, t.ownerType, seen)
                    for (a in t.actualTypeArguments) check(where, a, seen)
                }
                is WildcardType -> {
                    for (b in t.upperBounds) check(where, b, seen)
                    for (b in t.lowerBounds) check(where, b, seen)
                }
                is TypeVariable<*> -> for (b in t.bounds) check(where, b, seen)
                is GenericArrayType -> check(where, t.genericComponentType, seen)
            }
        }
        for (c in classes) {
            check(c.name + " extends", c.genericSuperclass)
            for (i in c.genericInterfaces) check(c.name + " implements", i)
            for (v in c.typeParameters) check(c.name + " type parameter " + v, v)
            for (f in c.declaredFields) if (exposed(f)) check(f.toGenericString(), f.genericType)
            for (e in c.declaredConstructors.toList<Executable>() + c.declaredMethods.toList()) {
                if (!exposed(e)) continue
                val where = e.toGenericString()
                if (e is Method) check("$where returns", e.genericReturnType)
                for (p in e.genericParameterTypes) check("$where parameter", p)
                for (x in e.genericExceptionTypes) check("$where throws", x)
                for (v in e.typeParameters) check("$where type parameter", v)
            }
        }
        return leaks
    }

    /** One line per class of [classes] and per member that [include] accepts, in a stable order. */
    @JvmStatic
    fun listing(classes: List<Class<*>>, include: Predicate<Member>): String {
        val sb = StringBuilder()
        for (c in classes) {
            // newer JDKs print "sealed"/"non-sealed", JDK 17 does not: leave them out, "permits" below says it
            sb.append(c.toGenericString().replace("non-sealed ", "").replace("sealed ", ""))
            val superclass = c.genericSuperclass
            if (superclass != null && superclass != Any::class.java && !c.isEnum) {
                sb.append(" extends ").append(superclass.typeName)
            }
            val interfaces = c.genericInterfaces.map(Type::getTypeName)
            if (interfaces.isNotEmpty()) {
                sb.append(if (c.isInterface) " extends " else " implements ").append(interfaces.joinToString(", "))
            }
            if (c.isSealed) {
                sb.append(" permits ").append(c.permittedSubclasses.joinToString(", ") { it.name })
            }
            sb.append(" {\n")
            val members = TreeSet<String>()
            c.declaredFields.filter { include.test(it) }.forEach { members.add(it.toGenericString()) }
            c.declaredConstructors.filter { include.test(it) }.forEach { members.add(it.toGenericString()) }
            c.declaredMethods.filter { include.test(it) }.forEach { members.add(it.toGenericString()) }
            members.forEach { sb.append("    ").append(it).append('\n') }
            sb.append("}\n\n")
        }
        return sb.toString()
    }

    /**
     * Compares [actual] with the committed listing [file]; with `-Dasyncio4j.updateApi=true` writes it
     * instead. Fails with the added and removed lines.
     */
    @JvmStatic
    fun assertMatchesCommitted(file: Path, actual: String) {
        if (java.lang.Boolean.getBoolean("asyncio4j.updateApi")) {
            Files.createDirectories(file.parent)
            Files.writeString(file, actual, StandardCharsets.UTF_8)
            return
        }
        if (!Files.exists(file)) {
            throw AssertionError("The committed API listing $file is missing; generate it with -Dasyncio4j.updateApi=true")
        }
        val expected = Files.readString(file, StandardCharsets.UTF_8)
        if (expected != actual) {
            val was = TreeSet(expected.lines())
            val now = TreeSet(actual.lines())
            val diff = now.filter { it !in was }.map { "+ $it" } + was.filter { it !in now }.map { "- $it" }
            throw AssertionError(
                "The public API differs from $file (regenerate with -Dasyncio4j.updateApi=true if the change is " +
                    "intended, and commit it):\n" + diff.joinToString("\n"),
            )
        }
    }

    /** The committed listing `api/<name>` of the module whose tests run now. */
    @JvmStatic
    fun committedFile(name: String): Path = Path.of(System.getProperty("basedir", ".")).resolve("api").resolve(name)

    private fun isVisible(c: Class<*>): Boolean {
        if (c.isSynthetic || c.isAnonymousClass || c.isLocalClass) return false
        var k: Class<*>? = c
        while (k != null) {
            if (!Modifier.isPublic(k.modifiers) && !(k != c && Modifier.isProtected(k.modifiers))) return false
            k = k.declaringClass
        }
        return true
    }
}
