package io.asyncio4j.engine

import java.io.BufferedInputStream
import java.io.BufferedOutputStream
import java.io.Closeable
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.nio.file.Path

/**
 * The job channel between a pool and one worker process: a Unix-domain socket (JDK 16+; Linux, macOS
 * and Windows 10+) that the worker dials at start, so the worker's stdin, stdout and stderr stay its
 * own — a job may print, write `FileDescriptor.out` or start a process that inherits them.
 *
 * Why a Unix-domain socket: it lives in a new directory that only this user can enter
 * ([Files.createTempDirectory] makes it owner-only on POSIX), so no other local user can connect in
 * its place — a loopback TCP port would need a secret handed to the worker and a check of every
 * connection. Nothing is left on disk once the worker has connected: the socket file and its
 * directory are deleted then. When either process dies the other sees end of stream, as with a pipe,
 * so a worker still exits with its parent, even one killed by SIGKILL.
 */
internal class WorkerChannel private constructor(private val channel: SocketChannel) : Closeable {
    /** Frames from the other side. */
    val input = DataInputStream(BufferedInputStream(ChannelInput(channel)))

    /** Frames to the other side ([WorkerFrames.write] flushes each). */
    val output = DataOutputStream(BufferedOutputStream(ChannelOutput(channel), 1 shl 16))

    /** Ends the channel: the other side reads end of stream. */
    override fun close() = channel.close()

    /** A socket waiting for one worker to connect; [path] is what the worker is told. */
    class Listener private constructor(private val dir: Path, private val server: ServerSocketChannel) : Closeable {
        val path: Path = dir.resolve("s")

        /** The worker's connection; fails with an IOException once [close] was called (the worker died, say). */
        fun accept(): WorkerChannel = try {
            WorkerChannel(server.accept())
        } finally {
            close() // one worker per listener: nobody else may connect, and nothing stays on disk
        }

        override fun close() {
            try {
                server.close()
            } finally {
                Files.deleteIfExists(path)
                Files.deleteIfExists(dir)
            }
        }

        companion object {
            fun open(): Listener {
                val dir = Files.createTempDirectory("asyncio4j-worker")
                val server = try {
                    ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("s")))
                } catch (e: IOException) {
                    Files.deleteIfExists(dir)
                    throw e
                }
                return Listener(dir, server)
            }
        }
    }

    companion object {
        /** The worker's end: connects to the pool listening at [path]. */
        fun connect(path: String): WorkerChannel = WorkerChannel(SocketChannel.open(UnixDomainSocketAddress.of(path)))
    }

    // Channels.newInputStream/newOutputStream on a socket hold one lock for reads and writes on JDK 17,
    // so a read blocked waiting for the next job would block the answer being written: use our own. Each
    // keeps a direct buffer (the channel would otherwise copy through a temporary one on every call).
    private class ChannelInput(private val channel: SocketChannel) : InputStream() {
        private val direct = ByteBuffer.allocateDirect(1 shl 16).limit(0)

        override fun read(): Int {
            val one = ByteArray(1)
            return if (read(one, 0, 1) < 0) -1 else one[0].toInt() and 0xff
        }

        override fun read(b: ByteArray, off: Int, len: Int): Int {
            if (len == 0) return 0
            if (!direct.hasRemaining()) {
                direct.clear()
                val n = channel.read(direct)
                direct.flip()
                if (n < 0) return -1
            }
            val n = minOf(len, direct.remaining())
            direct.get(b, off, n)
            return n
        }
    }

    private class ChannelOutput(private val channel: SocketChannel) : OutputStream() {
        private val direct = ByteBuffer.allocateDirect(1 shl 16)

        override fun write(b: Int) = write(byteArrayOf(b.toByte()), 0, 1)

        override fun write(b: ByteArray, off: Int, len: Int) {
            var at = off
            while (at < off + len) {
                val n = minOf(off + len - at, direct.capacity())
                direct.clear()
                direct.put(b, at, n).flip()
                while (direct.hasRemaining()) channel.write(direct)
                at += n
            }
        }
    }
}
