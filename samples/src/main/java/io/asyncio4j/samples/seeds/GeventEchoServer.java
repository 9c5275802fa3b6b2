package io.asyncio4j.samples.seeds;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.asyncio4j.Async;
import io.asyncio4j.Connection;
import io.asyncio4j.Server;
import io.asyncio4j.StreamReader;
import io.asyncio4j.StreamWriter;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 003, "协程实现socket" (a socket server with coroutines): gevent's echo server that upper-cases
 * what each client sends, one greenlet per connection. Here each connection is a task that
 * {@link Async#startServer} starts; its body reads the way the greenlet does — {@code Async.await}
 * where gevent's monkey-patched {@code recv} would block — and no thread is blocked on a socket:
 * shared selector threads watch them all (on JDK 21+ a waiting handler costs a parked virtual thread,
 * on JDK 17 a parked platform thread; a future-style handler costs neither).
 *
 * <pre>
 * sk = socket.socket(); sk.bind(('127.0.0.1', 9000)); sk.listen()
 * def chat(con):
 *     while True:
 *         msg = con.recv(1024).decode('utf-8')
 *         con.send(msg.upper().encode('utf-8'))
 * while True:
 *     con, _ = sk.accept()
 *     gevent.spawn(chat, con)
 * </pre>
 *
 * Two differences, both fixes: the seed's {@code chat} spins forever once a client leaves
 * ({@code recv} returns {@code b''}), this one returns and its connection is closed; and
 * {@code send} may send only part of a message, so this one awaits {@code drain()} (asyncio's
 * flow control) instead. Like the seed it decodes each 1024-byte chunk on its own, which is right
 * for ASCII text and may split a multi-byte character.
 *
 * <p>{@code echo-server [port] [clients]}: with {@code clients} > 0 it starts that many clients that
 * each send a line and print the answer, then closes the server; with none it serves until Ctrl-C
 * ({@code echo-server 9000 0} is the seed's server). Without arguments: any free port, three clients.
 */
public final class GeventEchoServer {
    private GeventEchoServer() {}

    /** gevent's {@code chat(con)}: answer every chunk in upper case until the client leaves. */
    static void chat(StreamReader reader, StreamWriter writer) {
        while (true) {
            byte[] msg = Async.await(reader.read(1024));            // con.recv(1024)
            if (msg.length == 0) {
                return;                                             // the client left
            }
            String text = new String(msg, UTF_8);
            writer.write(text.toUpperCase(Locale.ROOT).getBytes(UTF_8)); // con.send(msg.upper())
            Async.await(writer.drain());
        }
    }

    /**
     * Starts the server on the running loop ({@code sk.bind; sk.listen; gevent.spawn(chat, con)} for
     * each client).
     *
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return the server
     */
    public static Server start(String host, int port) {
        return Async.startServer(GeventEchoServer::chat, host, port);
    }

    /** One client: sends {@code line} and returns the server's answer. */
    static String ask(int port, String line) {
        try (Connection c = Async.await(Async.openConnection("127.0.0.1", port))) {
            byte[] bytes = (line + "\n").getBytes(UTF_8);
            c.writer().write(bytes);
            return new String(Async.await(c.reader().readExactly(bytes.length)), UTF_8).strip();
        }
    }

    /** {@code arg} as a number in {@code min..max}, or an IllegalArgumentException that names it. */
    static int number(String arg, String name, int min, int max) {
        try {
            int n = Integer.parseInt(arg.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a number in " + min + ".." + max + ", was '" + arg + "'");
    }

    /**
     * Runs the sample.
     *
     * @param args optional: the port (default 0, any free one) and a number of demo clients (default 3, or
     *     0 when a port is given)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? number(args[0], "port", 0, 65535) : 0;
        int clients = args.length > 1 ? number(args[1], "clients", 0, 10_000) : args.length > 0 ? 0 : 3;
        Async.run(() -> {
            Server server = start("127.0.0.1", port);
            System.out.println("echo server on 127.0.0.1:" + server.port());
            if (clients == 0) {
                Async.await(server.serveForever());
                return;
            }
            List<Task<String>> asks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String line = "hello from client " + i;
                asks.add(Async.createTask(() -> ask(server.port(), line)));
            }
            List<String> answers = Async.await(Async.gather(asks));
            for (int i = 0; i < clients; i++) {
                System.out.println("client " + i + " got: " + answers.get(i));
            }
            server.close();
            Async.await(server.waitClosed());
            System.out.println("server closed");
        });
    }
}
