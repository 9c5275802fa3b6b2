package io.asyncio4j.engine

import kotlinx.coroutines.delay
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CopyOnWriteArrayList

/** Context variables in suspending (Kotlin) task steps: each step enters the task's own context. */
@Timeout(10)
class ContextVarsTest {
    @Test
    fun suspendingSiblingsKeepTheirOwnValuesAcrossSteps() {
        val v = ContextVariable.of("v", "none")
        val out = CopyOnWriteArrayList<String>()
        EventLoop("ctx-test").use { loop ->
            val main = Task.create<Unit>(loop, "main", null) {
                v.set("main")
                val tasks = (1..3).map { i ->
                    Task.create<Unit>(loop, "t$i", null) {
                        val inherited = v.get()
                        v.set("t$i")
                        yield() // the siblings run their first steps meanwhile
                        delay(1) // resumed from a timer, maybe on another driver thread
                        out.add("$inherited>${v.get()}")
                    }
                }
                tasks.forEach { it.await() }
                out.add("main=${v.get()}")
            }
            loop.runUntilComplete(main)
            // the loop's drivers ran steps of four tasks: nothing is left entered on a plain callback
            val fromCallback = java.util.concurrent.CompletableFuture<String>()
            loop.callSoon { fromCallback.complete(v.get()) }
            loop.runUntilComplete(fromCallback)
            assertEquals("none", fromCallback.get())
        }
        assertEquals(listOf("main=main", "main>t1", "main>t2", "main>t3"), out.sorted())
    }
}
