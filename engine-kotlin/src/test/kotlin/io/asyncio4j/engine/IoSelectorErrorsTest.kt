package io.asyncio4j.engine

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.nio.ByteBuffer
import java.nio.channels.Pipe
import java.nio.channels.SelectionKey
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * Issue 18, item 1, the selector thread's part: an Error thrown while a channel is served (an
 * OutOfMemoryError growing a read buffer, in the field) used to end the selector thread, and every
 * connection it served hung unheard of. Now the failing channel is failed and the thread goes on.
 */
@Timeout(30)
class IoSelectorErrorsTest {
    private fun readable(sel: IoSelector, handler: IoHandler): Pipe {
        val pipe = Pipe.open()
        pipe.source().configureBlocking(false)
        sel.execute { pipe.source().register(sel.selector, SelectionKey.OP_READ, handler) }
        pipe.sink().write(ByteBuffer.wrap(byteArrayOf(1)))
        return pipe
    }

    @Test
    fun anErrorServingOneChannel_failsThatChannel_andTheSelectorGoesOn() {
        val sel = IoSelector("selector-errors-test")
        val failedWith = CompletableFuture<Throwable>()
        readable(sel, object : IoHandler {
            override fun ready(key: SelectionKey) = throw OutOfMemoryError("thrown by a test handler")

            override fun failed(e: Throwable) {
                failedWith.complete(e)
            }
        })
        assertTrue(failedWith.get(10, TimeUnit.SECONDS) is OutOfMemoryError)

        val served = CompletableFuture<Int>()
        val next = readable(sel) { key ->
            val buf = ByteBuffer.allocate(1)
            (key.channel() as Pipe.SourceChannel).read(buf)
            key.cancel()
            served.complete(buf.get(0).toInt())
        }
        assertEquals(1, served.get(10, TimeUnit.SECONDS), "a channel registered after the Error is served")
        next.source().close()
        sel.selector.close()
    }
}
