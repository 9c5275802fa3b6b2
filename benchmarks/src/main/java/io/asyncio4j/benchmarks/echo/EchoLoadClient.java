package io.asyncio4j.benchmarks.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * W8's load client, the same for every server, in its own JVM:
 * {@code echo-client <port> <server pid> <connections> <messages> <size>}.
 *
 * <ol>
 *   <li>reads the server's RSS ({@code /proc/<pid>/status}) as the baseline;</li>
 *   <li>opens every connection, makes one round trip on each (so the server has accepted and set up
 *       every one), waits a second and reads the server's RSS again: the difference divided by the
 *       connections is the memory per idle connection;</li>
 *   <li>then, timed, every connection sends {@code messages} messages of {@code size} bytes one after
 *       another, each after the previous one's echo arrived, all connections at once; every echoed byte
 *       is checked.</li>
 * </ol>
 * One thread with one selector drives every connection, so the client costs the same for every
 * server. Prints {@code RESULT key=value...}.
 */
public final class EchoLoadClient {
    private EchoLoadClient() {}

    private static final class Conn {
        final int id;
        final SocketChannel ch;
        int sent;
        int received; // bytes of the current message

        Conn(int id, SocketChannel ch) {
            this.id = id;
            this.ch = ch;
        }

        byte expected(int message, int offset) {
            return (byte) (id * 31 + message * 7 + offset);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: echo-client <port> <server pid> <connections> <messages> <size>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        int messages = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);

        long baseline = rssKib(pid);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        Selector selector = Selector.open();
        List<Conn> conns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(address);
            ch.configureBlocking(false);
            Conn c = new Conn(i, ch);
            ch.register(selector, SelectionKey.OP_READ, c);
            conns.add(c);
        }
        // Warm-up round (one message each, not timed): every connection is accepted and served.
        exchange(selector, conns, 1, size, deadline);
        Thread.sleep(1000);
        long idle = rssKib(pid);

        for (Conn c : conns) {
            c.sent = 0;
            c.received = 0;
        }
        long t0 = System.nanoTime();
        exchange(selector, conns, messages, size, deadline);
        long wall = System.nanoTime() - t0;
        long peak = hwmKib(pid);
        for (Conn c : conns) {
            c.ch.setOption(StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT pile-up between runs
            c.ch.close();
        }
        double perSecond = (double) n * messages / (wall / 1e9);
        System.out.printf(Locale.ROOT,
                "RESULT connections=%d messages=%d size=%d wallNanos=%d throughput=%.0f rssBaselineKib=%d rssIdleKib=%d rssPeakKib=%d%n",
                n, messages, size, wall, perSecond, baseline, idle, peak);
        System.exit(0);
    }

    /** Every connection sends {@code messages} messages of {@code size} bytes, each after the previous echo. */
    private static void exchange(Selector selector, List<Conn> conns, int messages, int size, long deadline) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(size);
        ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        int done = 0;
        for (Conn c : conns) {
            send(c, out, size);
        }
        while (done < conns.size()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out with " + (conns.size() - done) + " connections unfinished");
            }
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                Conn c = (Conn) key.attachment();
                in.clear();
                int k = c.ch.read(in);
                if (k < 0) {
                    throw new IllegalStateException("server closed connection " + c.id);
                }
                in.flip();
                int message = c.sent - 1;
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b != c.expected(message, c.received)) {
                        throw new IllegalStateException("wrong byte on connection " + c.id + " message " + message);
                    }
                    if (++c.received == size) {
                        c.received = 0;
                        if (in.hasRemaining()) {
                            throw new IllegalStateException("more bytes than were sent on connection " + c.id);
                        }
                        if (c.sent < messages) {
                            send(c, out, size);
                        } else {
                            done++;
                        }
                    }
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static void send(Conn c, ByteBuffer out, int size) throws IOException {
        out.clear();
        for (int j = 0; j < size; j++) {
            out.put(c.expected(c.sent, j));
        }
        out.flip();
        while (out.hasRemaining()) {
            c.ch.write(out); // a small message always fits the socket buffer
        }
        c.sent++;
    }

    static long rssKib(long pid) {
        return status(pid, "VmRSS:");
    }

    static long hwmKib(long pid) {
        return status(pid, "VmHWM:");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the server is gone
        }
        return -1;
    }
}
