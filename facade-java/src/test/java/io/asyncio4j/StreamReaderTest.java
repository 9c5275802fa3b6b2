package io.asyncio4j;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StreamReader} against a real peer: a plain blocking socket on 127.0.0.1 served by a thread. */
@Timeout(30)
class StreamReaderTest {
    /** A one-connection TCP peer on 127.0.0.1 whose side runs on its own thread. */
    static final class Peer implements AutoCloseable {
        interface Side {
            void run(Socket s) throws Exception;
        }

        final ServerSocket listener;
        final Thread thread;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Peer(Side side) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    side.run(s);
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            }, "peer");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(10_000);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] b) {
        return new String(b, US_ASCII);
    }

    @Test
    void readLine_readUntil_readExactly_read_thenEof() throws Exception {
        try (Peer peer = new Peer(s -> {
            s.getOutputStream().write(b("hello\nworld\r\nabcdefXYZ"));
            s.shutdownOutput();
            s.getInputStream().read(); // wait for our close
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                StreamReader r = c.reader();
                assertThat(s(Async.await(r.readLine()))).isEqualTo("hello\n");
                assertThat(s(Async.await(r.readUntil(b("\r\n"))))).isEqualTo("world\r\n");
                assertThat(s(Async.await(r.readExactly(3)))).isEqualTo("abc");
                assertThat(Async.await(r.read(0))).isEmpty();
                assertThat(s(Async.await(r.read(-1)))).isEqualTo("defXYZ");
                assertThat(r.atEof()).isTrue();
                assertThat(Async.await(r.read(10))).isEmpty();
                assertThat(Async.await(r.readLine())).isEmpty();
                c.close();
                Async.await(c.writer().waitClosed());
            });
        }
    }

    @Test
    void peerLeavingMidMessage_givesIncompleteReadError_withThePartialBytes() throws Exception {
        try (Peer peer = new Peer(s -> {
            s.getOutputStream().write(b("abc"));
            s.shutdownOutput();
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                assertThatThrownBy(() -> Async.await(c.reader().readExactly(10)))
                        .isInstanceOfSatisfying(IncompleteReadError.class, e -> {
                            assertThat(s(e.partial())).isEqualTo("abc");
                            assertThat(e.expected()).hasValue(10);
                        });
                // The partial bytes were consumed: nothing is left.
                assertThat(c.reader().atEof()).isTrue();
                c.close();
            });
        }
    }

    @Test
    void readUntil_atEofWithoutSeparator_failsWithIncompleteReadError_andReadLineReturnsTheRest() throws Exception {
        try (Peer peer = new Peer(s -> {
            s.getOutputStream().write(b("no separator"));
            s.shutdownOutput();
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                assertThatThrownBy(() -> Async.await(c.reader().readUntil(b("--"))))
                        .isInstanceOfSatisfying(IncompleteReadError.class, e -> {
                            assertThat(s(e.partial())).isEqualTo("no separator");
                            assertThat(e.expected()).isEmpty();
                        });
                c.close();
            });
        }
        try (Peer peer = new Peer(s -> {
            s.getOutputStream().write(b("last line without newline"));
            s.shutdownOutput();
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                assertThat(s(Async.await(c.reader().readLine()))).isEqualTo("last line without newline");
                assertThat(Async.await(c.reader().readLine())).isEmpty();
                c.close();
            });
        }
    }

    /**
     * A peer that sends 64 MB without a newline: readLine fails with LimitOverrunException at the limit,
     * and because reading pauses at twice the limit, the peer cannot push more than the socket buffers
     * hold while nobody reads — memory stays bounded, nothing like the 64 MB is ever buffered.
     */
    @Test
    void aPeerSendingMegabytesWithoutNewline_failsReadLineAtTheLimit_andStaysBounded() throws Exception {
        long total = 64L << 20;
        AtomicLong sent = new AtomicLong();
        CountDownLatch stop = new CountDownLatch(1);
        try (Peer peer = new Peer(s -> {
            OutputStream out = s.getOutputStream();
            byte[] junk = new byte[16 * 1024];
            java.util.Arrays.fill(junk, (byte) 'x');
            try {
                while (sent.get() < total && stop.getCount() > 0) {
                    out.write(junk);
                    sent.addAndGet(junk.length);
                }
            } catch (IOException closed) {
                // we closed the connection: done
            }
        })) {
            StreamOptions options = StreamOptions.defaults().withLimit(64 * 1024);
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port(), options));
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> Async.await(c.reader().readLine()))
                            .isInstanceOfSatisfying(LimitOverrunException.class,
                                    e -> assertThat(e.consumed()).isGreaterThan(64 * 1024));
                }
                // Nobody reads now: the peer fills the socket buffers and stalls far below 64 MB.
                long before;
                long after = sent.get();
                do {
                    before = after;
                    Async.await(Async.sleep(Duration.ofMillis(200)));
                    after = sent.get();
                } while (after != before);
                assertThat(after).isLessThan(total / 2);
                c.close();
            });
            stop.countDown();
        }
    }

    @Test
    void cancellingAWaitingReadLine_losesNoBytes() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Peer peer = new Peer(s -> {
            OutputStream out = s.getOutputStream();
            out.write(b("par"));
            out.flush();
            cancelled.await();
            out.write(b("tial\nnext\n"));
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                Task<byte[]> t = Async.createTask(() -> Async.await(c.reader().readLine()));
                // The first bytes are buffered while the read waits for the newline.
                Async.await(Async.sleep(Duration.ofMillis(50)));
                t.cancel();
                assertThatThrownBy(() -> Async.await(t)).isInstanceOf(CancellationException.class);
                // A read that times out takes nothing either.
                assertThatThrownBy(() -> Async.await(Async.waitFor(c.reader().readLine(), Duration.ofMillis(20))))
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
                cancelled.countDown();
                assertThat(s(Async.await(c.reader().readLine()))).isEqualTo("partial\n");
                assertThat(s(Async.await(c.reader().readLine()))).isEqualTo("next\n");
                c.close();
            });
        }
    }

    @Test
    void aSecondConcurrentRead_failsClearly() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (Peer peer = new Peer(s -> {
            go.await();
            s.getOutputStream().write(b("x\n"));
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                CompletableFuture<byte[]> first = c.reader().readLine();
                assertThatThrownBy(() -> Async.await(c.reader().read(1)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already waiting");
                go.countDown();
                assertThat(s(Async.await(first))).isEqualTo("x\n");
                c.close();
            });
        }
    }

    @Test
    void readsFromAPlainThread_areCarriedToTheLoop() throws Exception {
        try (Peer peer = new Peer(s -> {
            s.getOutputStream().write(b("one\ntwo\n"));
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                String got = Async.await(Async.toThread(() -> s(c.reader().readLine().get(10, TimeUnit.SECONDS))));
                assertThat(got).isEqualTo("one\n");
                assertThat(s(Async.await(c.reader().readLine()))).isEqualTo("two\n");
                c.close();
            });
        }
    }

    @Test
    void badArguments_failAtOnce_andNoLoopIsAnError() {
        assertThatThrownBy(() -> Async.openConnection("127.0.0.1", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
        assertThatThrownBy(() -> Async.openConnection(null, 1)).isInstanceOf(NullPointerException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> Async.openConnection("127.0.0.1", 70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> StreamOptions.defaults().withLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> StreamOptions.defaults().withWriteBufferLimits(1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("high");
    }

    @Test
    void connectingToAClosedPort_fails_andAFullBacklog_timesOut() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Async.run(() -> {
            assertThatThrownBy(() -> Async.await(Async.openConnection("127.0.0.1", closedPort)))
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
        });
        // A listener that never accepts, with its backlog filled: further SYNs are dropped and a connect hangs.
        try (ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            java.util.List<Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(stuck.getLocalSocketAddress(), 100);
                        fillers.add(f);
                    } catch (IOException full) {
                        f.close();
                        break;
                    }
                }
                StreamOptions quick = StreamOptions.defaults().withConnectTimeout(Duration.ofMillis(200));
                Async.run(() -> {
                    assertThatThrownBy(() -> Async.await(Async.openConnection("127.0.0.1", stuck.getLocalPort(), quick)))
                            .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class)
                            .hasMessageContaining("timed out");
                });
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    /**
     * Reads that time out while lines keep arriving race their cancellation against their completion
     * (on the loop versus the timer); whichever wins, no line is lost or repeated. Bounded: 2,000 lines.
     */
    @Test
    void readsCancelledWhileDataArrives_neverLoseOrRepeatALine() throws Exception {
        int lines = 2000;
        try (Peer peer = new Peer(s -> {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < lines; i++) {
                out.write(b(i + "\n"));
                if (i % 50 == 0) {
                    out.flush();
                    Thread.sleep(1);
                }
            }
            out.flush();
            s.getInputStream().read();
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                java.util.List<String> got = new java.util.ArrayList<>();
                int timeouts = 0;
                java.util.Random random = new java.util.Random(1);
                while (got.size() < lines) {
                    try {
                        Duration d = Duration.ofNanos(random.nextInt(300_000));
                        got.add(s(Async.await(Async.waitFor(c.reader().readLine(), d))).strip());
                    } catch (CompletionException e) {
                        assertThat(e).hasCauseInstanceOf(TimeoutException.class);
                        timeouts++;
                    }
                }
                for (int i = 0; i < lines; i++) {
                    assertThat(got.get(i)).isEqualTo(Integer.toString(i));
                }
                assertThat(timeouts).as("some reads were cancelled").isPositive();
                c.close();
            });
        }
    }
}
