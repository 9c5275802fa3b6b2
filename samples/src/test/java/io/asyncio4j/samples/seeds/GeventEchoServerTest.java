package io.asyncio4j.samples.seeds;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.Async;
import io.asyncio4j.Connection;
import io.asyncio4j.Server;
import io.asyncio4j.samples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** Seed 003's gevent echo server on {@code Async.startServer}: the sample as a user runs it, and 1,000 clients at once. */
@Isolated
@Timeout(60)
class GeventEchoServerTest {
    @Test
    void aPortOutOfRangeOrNotANumber_isRefusedByName() throws Exception {
        for (String bad : List.of("99999", "-1", "nine")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeventEchoServer.main(new String[] {bad}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port must be a number in 0..65535, was '" + bad + "'");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeventEchoServer.main(new String[] {"0", "many"}))
                .hasMessage("clients must be a number in 0..10000, was 'many'");
        // As a user runs it: one line on stderr, exit code 2.
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "echo-server", "99999").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(log.lines()).containsExactly("echo-server: port must be a number in 0..65535, was '99999'");
    }

    @Test
    void theSampleAnswersItsClientsInUpperCase_thenCloses() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, UTF_8));
        try {
            Main.main(new String[] {"echo-server", "0", "3"});
        } finally {
            System.setOut(old);
        }
        List<String> out = buf.toString(UTF_8).lines().toList();
        old.println(String.join("\n", out));
        assertThat(out.get(0)).startsWith("echo server on 127.0.0.1:");
        assertThat(out).contains("client 0 got: HELLO FROM CLIENT 0", "client 1 got: HELLO FROM CLIENT 1",
                "client 2 got: HELLO FROM CLIENT 2");
        assertThat(out.get(out.size() - 1)).isEqualTo("server closed");
    }

    /**
     * 1,000 clients connected at the same time, each served by its own handler task (a greenlet in the
     * seed): all connections are opened first, so they are concurrent, then each makes a round trip.
     */
    @Test
    void thousandConcurrentConnections_eachServedByItsOwnTask() {
        int n = 1000;
        Async.run(() -> {
            Server server = GeventEchoServer.start("127.0.0.1", 0);
            List<CompletableFuture<Connection>> opening = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                opening.add(Async.openConnection("127.0.0.1", server.port()));
            }
            List<Connection> conns = Async.await(Async.gather(opening));
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Connection c = conns.get(i);
                byte[] msg = ("message " + i + " from a client\n").getBytes(UTF_8);
                c.writer().write(msg);
                answers.add(c.reader().readExactly(msg.length).thenApply(b -> new String(b, UTF_8)));
            }
            List<String> got = Async.await(Async.gather(answers));
            for (int i = 0; i < n; i++) {
                assertThat(got.get(i)).isEqualTo("MESSAGE " + i + " FROM A CLIENT\n");
            }
            // Every connection is still open and has its own handler task (plus this main task).
            assertThat(Async.allTasks().size()).isGreaterThanOrEqualTo(n + 1);
            for (Connection c : conns) {
                c.close();
            }
            for (Connection c : conns) {
                Async.await(c.writer().waitClosed());
            }
            server.close();
            Async.await(server.waitClosed());
        });
    }
}
