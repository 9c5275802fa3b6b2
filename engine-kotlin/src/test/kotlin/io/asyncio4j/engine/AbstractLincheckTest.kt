package io.asyncio4j.engine

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Options
import org.jetbrains.lincheck.datastructures.StressOptions
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.TimeUnit

/**
 * Lincheck model checking and stress for one structure (kotlinx's `AbstractLincheckTest`). Small
 * scenarios (2 threads x 2-3 operations) keep each run to seconds; `-Dlincheck.iterations=N` runs longer.
 * The work is bounded by the counts below; the time limits only catch a hang, and are wide because a
 * loaded machine slows Lincheck's own class instrumentation most (at a load of 40-150 one retransformation
 * took over a minute: the invocation was reported hung and the test ran past a 120 s timeout).
 */
@Timeout(15, unit = TimeUnit.MINUTES)
abstract class AbstractLincheckTest {
    private val iterations = Integer.getInteger("lincheck.iterations", 2)

    /** Operations per thread; structures with many operations keep scenarios small. */
    protected open val actorsPerThread: Int = 3

    /**
     * Lincheck reports an invocation as hung after 10 s; on a loaded CI machine the first invocations
     * (which instrument classes) can take far longer, so allow five minutes (the option is internal in 3.7).
     */
    private fun <O : Options<O, *>> O.patient(): O {
        Options::class.java.getMethod("invocationTimeout\$lincheck", Long::class.javaPrimitiveType).invoke(this, 300_000L)
        return this
    }

    @Test
    fun modelChecking() {
        ModelCheckingOptions()
            .patient()
            .iterations(iterations)
            .invocationsPerIteration(30)
            .threads(2)
            .actorsPerThread(actorsPerThread)
            .actorsBefore(1)
            .actorsAfter(1)
            .check(this::class)
    }

    @Test
    fun stress() {
        StressOptions()
            .patient()
            .iterations(iterations)
            .invocationsPerIteration(60)
            .threads(2)
            .actorsPerThread(actorsPerThread)
            .actorsBefore(1)
            .actorsAfter(1)
            .check(this::class)
    }
}
