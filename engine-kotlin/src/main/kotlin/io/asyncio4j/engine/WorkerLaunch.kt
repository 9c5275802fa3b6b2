package io.asyncio4j.engine

import java.io.File

/**
 * The command line of a worker JVM ([WorkerMain]): this JVM's `java`, and what it needs to load the
 * classes this JVM has —
 * - the class path, plus where asyncio4j's engine came from if not from there ([WorkerClassPath]);
 * - for an application on the module path, the same module path as a module path (not flattened
 *   onto the class path, where a directory of modular jars means nothing), every module of this
 *   JVM's boot layer added as a root, and the engine started as a module;
 * - this JVM's `--add-opens`, `--add-exports`, `--add-reads`, `--patch-module` and
 *   `--enable-native-access` options, so a job sees the same module graph;
 * then the worker defaults and the pool's own JVM options.
 */
internal object WorkerLaunch {
    private val DEFAULT_OPTIONS = listOf("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+ExitOnOutOfMemoryError")

    private val MODULE_OPTIONS = listOf("--add-opens=", "--add-exports=", "--add-reads=", "--patch-module=", "--enable-native-access=")

    /** The command for a worker that connects to [socket], with [jvmOptions] after the defaults. */
    fun command(jvmOptions: List<String>, socket: String): List<String> {
        val command = ArrayList<String>()
        command += ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java")
        val modulePath = System.getProperty("jdk.module.path").orEmpty()
        if (modulePath.isNotEmpty()) {
            command += listOf("--module-path", modulePath)
            System.getProperty("jdk.module.upgrade.path")?.takeIf { it.isNotEmpty() }?.let { command += listOf("--upgrade-module-path", it) }
            command += listOf("--add-modules", ModuleLayer.boot().modules().map { it.name }.sorted().joinToString(","))
        }
        val classPath = (System.getProperty("java.class.path").orEmpty().split(File.pathSeparator) + WorkerClassPath.engineEntries())
            .filter { it.isNotEmpty() }.distinct()
        if (classPath.isNotEmpty()) command += listOf("-cp", classPath.joinToString(File.pathSeparator))
        command += moduleOptions()
        command += DEFAULT_OPTIONS
        command += jvmOptions
        val main = WorkerMain::class.java
        command += if (main.module.isNamed && main.module.layer === ModuleLayer.boot()) listOf("-m", "${main.module.name}/${main.name}") else listOf(main.name)
        command += listOf(ProcessHandle.current().pid().toString(), socket)
        return command
    }

    /** Refuses, with the reason, to make a process pool that could never start a worker. */
    fun check() {
        try {
            WorkerClassPath.engineEntries()
        } catch (e: IllegalArgumentException) {
            throw IllegalStateException("cannot start worker processes: asyncio4j's engine class ${e.message}", e)
        }
    }

    /** This JVM's options that shape the module graph, as `--name=value` (the management API gives them so). */
    private fun moduleOptions(): List<String> {
        // java.management is optional for the engine module; in a modular application without it, nothing is copied
        if (WorkerLaunch::class.java.module.isNamed && ModuleLayer.boot().findModule("java.management").isEmpty) return emptyList()
        return try {
            java.lang.management.ManagementFactory.getRuntimeMXBean().inputArguments.filter { arg -> MODULE_OPTIONS.any { arg.startsWith(it) } }
        } catch (_: LinkageError) {
            emptyList()
        }
    }
}
