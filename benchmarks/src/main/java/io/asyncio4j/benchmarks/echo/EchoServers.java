package io.asyncio4j.benchmarks.echo;

import io.asyncio4j.Async;
import io.asyncio4j.ConnectionHandler;
import io.asyncio4j.Connection;
import io.asyncio4j.Server;
import io.asyncio4j.StreamOptions;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/**
 * W8's echo servers, one per fresh JVM: {@code echo-server <impl>} binds 127.0.0.1 on a free port,
 * prints {@code LISTENING <port> <pid>} and echoes every byte back until the process is killed. Each
 * reads up to 4 KiB and writes it back, with the flow control its API offers.
 *
 * <ul>
 *   <li>{@code asyncio4j-future}: {@link Async#startServer(java.util.function.Function, String, int, StreamOptions)}
 *       with a future-style handler (no thread per connection);</li>
 *   <li>{@code asyncio4j-blocking}: {@link Async#startServer(ConnectionHandler, String, int, StreamOptions)}
 *       with a blocking-style handler (a virtual thread per waiting handler on JDK 21+);</li>
 *   <li>{@code vertx}: a raw Vert.x 5 {@link NetServer} created outside a verticle (one event loop), the
 *       Vert.x echo example {@code sock.handler(sock::write)};</li>
 *   <li>{@code jdk-vthreads}: a {@link ServerSocket} with a virtual thread per connection (JDK 21+).</li>
 * </ul>
 */
public final class EchoServers {
    private EchoServers() {}

    static final int BACKLOG = 4096;

    public static void main(String[] args) throws Throwable {
        if (args.length != 1) {
            System.err.println("usage: echo-server asyncio4j-future|asyncio4j-blocking|vertx|jdk-vthreads");
            System.exit(2);
        }
        switch (args[0]) {
            case "asyncio4j-future": asyncio4j(false); break;
            case "asyncio4j-blocking": asyncio4j(true); break;
            case "vertx": vertx(); break;
            case "jdk-vthreads": jdkVirtualThreads(); break;
            default: throw new IllegalArgumentException("unknown echo server '" + args[0] + "'");
        }
    }

    private static void listening(int port) {
        System.out.println("LISTENING " + port + " " + ProcessHandle.current().pid());
        System.out.flush();
    }

    private static void asyncio4j(boolean blocking) {
        StreamOptions options = StreamOptions.defaults().withBacklog(BACKLOG);
        Async.run(() -> {
            Server server = blocking
                    ? Async.startServer(EchoServers::echoBlocking, "127.0.0.1", 0, options)
                    : Async.startServer(EchoServers::echoFutures, "127.0.0.1", 0, options);
            listening(server.port());
            Async.await(server.serveForever());
        });
    }

    private static void echoBlocking(io.asyncio4j.StreamReader reader, io.asyncio4j.StreamWriter writer) {
        byte[] data;
        while ((data = Async.await(reader.read(4096))).length > 0) {
            writer.write(data);
            Async.await(writer.drain());
        }
    }

    private static CompletableFuture<Void> echoFutures(Connection c) {
        return c.reader().read(4096).thenCompose(data -> {
            if (data.length == 0) {
                return CompletableFuture.completedFuture(null);
            }
            c.writer().write(data);
            return c.writer().drain().thenCompose(x -> echoFutures(c));
        });
    }

    private static void vertx() throws Exception {
        Vertx vertx = Vertx.vertx();
        NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setAcceptBacklog(BACKLOG))
                .connectHandler(sock -> {
                    sock.exceptionHandler(e -> { }); // the client resets its connections when done: not news
                    sock.handler(sock::write);
                });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        listening(server.actualPort());
        Thread.currentThread().join(); // until killed
    }

    private static void jdkVirtualThreads() throws Throwable {
        if (Runtime.version().feature() < 21) {
            System.out.println("NOT-AVAILABLE virtual threads need JDK 21+");
            System.exit(0);
        }
        Object builder = MethodHandles.publicLookup()
                .findStatic(Thread.class, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
                .invoke();
        ThreadFactory virtual = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        try (ServerSocket listener = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress())) {
            listening(listener.getLocalPort());
            while (true) {
                Socket s = listener.accept();
                virtual.newThread(() -> {
                    try (s) {
                        s.setTcpNoDelay(true);
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        byte[] buf = new byte[4096];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                    } catch (java.io.IOException e) {
                        // the client went away
                    }
                }).start();
            }
        }
    }
}
