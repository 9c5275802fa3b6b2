package io.asyncio4j.engine

/**
 * What a loop reports to its exception handler: a failure nobody retrieved, a callback that threw,
 * or (in debug mode) a body that held the loop too long. asyncio's exception-handler `context`.
 */
public class LoopError(
    /** A human-readable description. */
    public val message: String,
    /** The failure, or null for a report that is not a failure (a slow body). */
    public val exception: Throwable?,
    /** The task concerned, or null. */
    public val task: Task<*>?,
    /** Where the loop's owner thread was when the report was made (slow bodies), or null. */
    public val stackTrace: Array<StackTraceElement>?,
) {
    override fun toString(): String = message + (exception?.let { ": $it" } ?: "")
}
