package io.asyncio4j.testing

import java.nio.file.Files
import java.nio.file.Path

/**
 * For tests that send SIGINT to a child process: a signal ignored when a process starts stays ignored in
 * its children, and a JVM that starts with SIGINT ignored (a background job of a non-interactive shell,
 * such as a CI script's) leaves it so. [prefix] goes before the child's command to reset it.
 */
object SigintDefault {
    /** `env --default-signal=INT` if SIGINT is ignored in this process (Linux), else nothing. */
    @JvmStatic
    fun prefix(): List<String> {
        val status = Path.of("/proc/self/status")
        if (!Files.exists(status)) return emptyList()
        val ignored = Files.readAllLines(status).firstOrNull { it.startsWith("SigIgn:") }
            ?.substringAfter(':')?.trim()?.toLong(16) ?: 0L
        return if (ignored and 0b10L != 0L) listOf("env", "--default-signal=INT") else emptyList()
    }
}
