package io.asyncio4j.engine

/**
 * Marks engine declarations that exist for the Java facade and the adapters, not for applications.
 * They may change without notice.
 */
@RequiresOptIn(level = RequiresOptIn.Level.ERROR, message = "Hook for asyncio4j's own modules; not a stable API.")
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY, AnnotationTarget.CONSTRUCTOR)
public annotation class InternalEngineApi
