package io.asyncio4j;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Server} from {@link Async#startServer}, with real clients on 127.0.0.1. */
@Timeout(30)
class ServerTest {
    private static final ConnectionHandler ECHO_LINES = (reader, writer) -> {
        byte[] line;
        while ((line = Async.await(reader.readLine())).length > 0) {
            writer.write(line);
            Async.await(writer.drain());
        }
    };

    /** A plain blocking client, so the server is exercised by something other than itself. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
            out = socket.getOutputStream();
        }

        String roundTrip(String line) throws IOException {
            send(line);
            return in.readLine();
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void echoServerOnPortZero_servesSeveralClients_thenCloseCancelsHandlers() throws Exception {
        AtomicInteger cancelled = new AtomicInteger();
        Async.run(() -> {
            Server server = Async.startServer((reader, writer) -> {
                try {
                    ECHO_LINES.handle(reader, writer);
                } catch (CancellationException e) {
                    cancelled.incrementAndGet();
                    throw e;
                }
            }, "127.0.0.1", 0);
            assertThat(server.port()).isPositive();
            assertThat(server.isServing()).isTrue();
            int port = server.port();
            Async.await(Async.toThread(() -> {
                try (Client a = new Client(port); Client b = new Client(port)) {
                    assertThat(a.roundTrip("hello")).isEqualTo("hello");
                    assertThat(b.roundTrip("world")).isEqualTo("world");
                    assertThat(a.roundTrip("again")).isEqualTo("again");
                }
                return null;
            }));
            // Two more clients stay connected, their handlers waiting in readLine, when the server closes.
            Client c = new Client(port);
            Client d = new Client(port);
            assertThat(Async.await(Async.toThread(() -> c.roundTrip("x") + d.roundTrip("y")))).isEqualTo("xy");
            server.close();
            assertThat(server.isServing()).isFalse();
            Async.await(server.waitClosed());
            assertThat(cancelled.get()).isEqualTo(2);
            // The clients see their connections closed, and nobody listens any more.
            assertThat(Async.await(Async.toThread(() -> c.in.readLine()))).isNull();
            c.close();
            d.close();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .isInstanceOf(ConnectException.class);
        });
    }

    @Test
    void maxConnections_keepsFurtherClientsWaiting_untilOneEnds() throws Exception {
        AtomicInteger started = new AtomicInteger();
        Async.run(() -> {
            Server server = Async.startServer((reader, writer) -> {
                started.incrementAndGet();
                ECHO_LINES.handle(reader, writer);
            }, "127.0.0.1", 0, StreamOptions.defaults().withMaxConnections(2));
            int port = server.port();
            Async.await(Async.toThread(() -> {
                try (Client a = new Client(port); Client b = new Client(port); Client c = new Client(port)) {
                    assertThat(a.roundTrip("a")).isEqualTo("a");
                    assertThat(b.roundTrip("b")).isEqualTo("b");
                    c.send("c"); // connected in the backlog, not yet accepted
                    assertThat(a.roundTrip("a2")).isEqualTo("a2");
                    assertThat(b.roundTrip("b2")).isEqualTo("b2");
                    assertThat(started.get()).isEqualTo(2);
                    a.close(); // its handler ends; c is accepted and served
                    assertThat(c.in.readLine()).isEqualTo("c");
                    assertThat(started.get()).isEqualTo(3);
                }
                return null;
            }));
            server.close();
            Async.await(server.waitClosed());
        });
    }

    @Test
    void aHandlerThatReturns_hasItsQueuedBytesSent_thenTheConnectionClosed() throws Exception {
        byte[] big = new byte[4 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Async.run(() -> {
            try (Server server = Async.startServer((reader, writer) -> writer.write(big), "127.0.0.1", 0)) {
                Connection c = Async.await(Async.openConnection("127.0.0.1", server.port()));
                byte[] got = Async.await(c.reader().read(-1));
                assertThat(got).isEqualTo(big);
                assertThat(c.reader().atEof()).isTrue();
                c.close();
            }
        });
    }

    @Test
    void futureStyleHandlers_serveManyConcurrentClients_withoutAThreadEach() throws Exception {
        int clients = 200;
        Async.run(() -> {
            Server server = Async.startServer(ServerTest::echoFutureStyle, "127.0.0.1", 0);
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String msg = "client-" + i + "\n";
                tasks.add(Async.createTask(() -> {
                    try (Connection c = Async.await(Async.openConnection("127.0.0.1", server.port()))) {
                        StringBuilder sb = new StringBuilder();
                        for (int k = 0; k < 5; k++) {
                            c.writer().write(msg.getBytes(US_ASCII));
                            sb.append(new String(Async.await(c.reader().readExactly(msg.length())), US_ASCII));
                        }
                        return sb.toString();
                    }
                }));
            }
            List<String> replies = Async.await(Async.gather(tasks));
            for (int i = 0; i < clients; i++) {
                assertThat(replies.get(i)).isEqualTo(("client-" + i + "\n").repeat(5));
            }
            server.close();
            Async.await(server.waitClosed());
        });
    }

    static CompletableFuture<Void> echoFutureStyle(Connection c) {
        return c.reader().read(4096).thenCompose(bytes -> {
            if (bytes.length == 0) {
                return CompletableFuture.completedFuture(null);
            }
            c.writer().write(bytes);
            return c.writer().drain().thenCompose(x -> echoFutureStyle(c));
        });
    }

    @Test
    void handlersRunInACopyOfTheContextCurrentAtStartServer() throws Exception {
        ContextVar<String> v = ContextVar.of("request");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        String callerAfter = Async.run(() -> {
            v.set("at start");
            AtomicInteger n = new AtomicInteger();
            Server blocking = Async.startServer((reader, writer) -> {
                seen.add("blocking " + v.get("none"));
                v.set("handler " + n.incrementAndGet()); // stays in this handler's copy
                writer.write("ok\n".getBytes(US_ASCII));
            }, "127.0.0.1", 0);
            Server futures = Async.startServer(c -> {
                seen.add("future " + v.get("none"));
                v.set("future handler");
                return CompletableFuture.completedFuture(null);
            }, "127.0.0.1", 0);
            v.set("after start"); // CPython: handlers see the values of start_server's time
            for (int i = 0; i < 2; i++) {
                for (Server s : List.of(blocking, futures)) {
                    try (Connection c = Async.await(Async.openConnection("127.0.0.1", s.port()))) {
                        Async.await(c.reader().read(-1)); // the handler has run once the server closes it
                    }
                }
            }
            blocking.close();
            futures.close();
            return v.get();
        });
        assertThat(seen).containsExactly("blocking at start", "future at start", "blocking at start", "future at start");
        assertThat(callerAfter).isEqualTo("after start");
    }

    @Test
    void cancellingServeForever_closesTheServer() throws Exception {
        Async.run(() -> {
            Server server = Async.startServer(ECHO_LINES, "127.0.0.1", 0);
            Task<Void> serving = Async.createTask(() -> Async.await(server.serveForever()));
            Async.await(Async.sleep(java.time.Duration.ZERO));
            serving.cancel();
            assertThatThrownBy(() -> Async.await(serving)).isInstanceOf(CancellationException.class);
            Async.await(server.waitClosed());
            assertThat(server.isServing()).isFalse();
        });
    }

    @Test
    void theServerClosesWithItsLoop_nothingLeaks() throws Exception {
        CountDownLatch handlerRunning = new CountDownLatch(1);
        List<Client> clients = new ArrayList<>();
        int port = Async.run(() -> {
            Server server = Async.startServer((reader, writer) -> {
                handlerRunning.countDown();
                ECHO_LINES.handle(reader, writer);
            }, "127.0.0.1", 0);
            Client c = new Client(server.port());
            clients.add(c);
            assertThat(Async.await(Async.toThread(() -> c.roundTrip("hi")))).isEqualTo("hi");
            return server.port(); // main returns with a client connected and its handler waiting
        });
        assertThat(handlerRunning.await(1, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        // Its connection was closed too.
        assertThat(clients.get(0).in.readLine()).isNull();
        clients.get(0).close();
    }

    @Test
    void badArguments_andABusyPort_failAtOnce() throws Exception {
        Async.run(() -> {
            assertThatThrownBy(() -> Async.startServer((ConnectionHandler) null, "127.0.0.1", 0))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
            assertThatThrownBy(() -> Async.startServer(ECHO_LINES, "127.0.0.1", -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
            try (Server a = Async.startServer(ECHO_LINES, "127.0.0.1", 0)) {
                assertThatThrownBy(() -> Async.startServer(ECHO_LINES, "127.0.0.1", a.port()))
                        .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(Integer.toString(a.port()));
            }
        });
        assertThatThrownBy(() -> Async.startServer(ECHO_LINES, "127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no running event loop");
    }
}
