package io.asyncio4j.benchmarks.soak;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.LimitOverrunException;
import io.asyncio4j.Server;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain-socket clients against a line-echo server made with {@link Async#startServer} on 127.0.0.1.
 * Most clients send lines in odd-sized pieces and check that every byte comes back and then EOF; some
 * drop the connection in the middle of a line (a reset); some send garbage — random bytes, or a line
 * longer than the reader's limit — and reset. The server must serve every correct client correctly
 * all along, and after the round every handler task must have ended.
 */
final class EchoClients implements SoakLoad {
    private static final int CLIENTS_PER_ROUND = 24;
    private static final int PARALLEL = 6;
    private static final int SO_TIMEOUT_MS = 15_000;
    private static final Duration BOUND = Duration.ofSeconds(15);

    private final SoakCounters counters;
    private final EventLoop loop = EventLoop.startInThread("soak-echo");
    private final AtomicInteger handlersRunning = new AtomicInteger();
    private final Server server;
    private final ExecutorService clients = Executors.newFixedThreadPool(PARALLEL, r -> {
        Thread t = new Thread(r, "soak-echo-client");
        t.setDaemon(true);
        return t;
    });
    private int round;

    EchoClients(SoakCounters counters) throws Exception {
        this.counters = counters;
        server = loop.runCoroutineThreadsafe(() -> Async.startServer((reader, writer) -> {
            handlersRunning.incrementAndGet();
            try {
                for (int i = 0; i < 100_000; i++) {
                    byte[] line;
                    try {
                        line = Async.await(reader.readLine());
                    } catch (LimitOverrunException e) {
                        continue;   // the too-long line is dropped; read on
                    }
                    if (line.length == 0) {
                        break;
                    }
                    writer.write(line);
                    Async.await(writer.drain());
                }
            } catch (CancellationException e) {
                throw e;
            } catch (Exception e) {
                // a client that reset the connection: expected, the client counted it as a fault
            } finally {
                writer.close();
                handlersRunning.decrementAndGet();
            }
        }, "127.0.0.1", 0)).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public LoadKind kind() {
        return LoadKind.STREAMS;
    }

    @Override
    public void round() throws Exception {
        round++;
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < CLIENTS_PER_ROUND; i++) {
            done.add(clients.submit(this::oneClient));
        }
        for (Future<?> f : done) {
            try {
                f.get(SO_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                f.cancel(true);
                counters.hung(LoadKind.STREAMS, 1, "client not done in " + SO_TIMEOUT_MS * 2 / 1000 + " s");
            }
        }
        checkHandlersEnded();
        counters.round(LoadKind.STREAMS);
    }

    private Void oneClient() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int kind = rnd.nextInt(100);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(SO_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (kind < 70) {
                byte[] sent = lines(rnd, 1 + rnd.nextInt(20));
                writeInPieces(out, sent, rnd);
                byte[] back = in.readNBytes(sent.length);
                s.shutdownOutput();
                int eof = in.read();
                if (!Arrays.equals(sent, back) || eof != -1) {
                    counters.violation(LoadKind.STREAMS, "echo of " + sent.length + " bytes came back as "
                            + back.length + " bytes" + (Arrays.equals(sent, back) ? "" : " that differ")
                            + (eof == -1 ? "" : ", and no EOF after it"));
                }
                counters.op(LoadKind.STREAMS, 1);
            } else if (kind < 85) {
                byte[] sent = lines(rnd, 1 + rnd.nextInt(5));
                int cut = 1 + rnd.nextInt(sent.length - 1);
                out.write(sent, 0, cut);
                out.flush();
                if (rnd.nextBoolean()) {
                    Thread.sleep(rnd.nextInt(3));
                }
                s.setSoLinger(true, 0);   // close() now resets the connection
                counters.fault(LoadKind.STREAMS, 1);
            } else {
                byte[] junk;
                if (kind < 93) {
                    junk = new byte[1 + rnd.nextInt(16_384)];
                    rnd.nextBytes(junk);
                } else {
                    junk = new byte[70_000 + rnd.nextInt(30_000)];   // over the 64 KiB line limit
                    Arrays.fill(junk, (byte) 'x');
                }
                writeInPieces(out, junk, rnd);
                s.setSoLinger(true, 0);
                counters.fault(LoadKind.STREAMS, 1);
            }
        } catch (Exception e) {
            if (kind < 70) {
                counters.violation(LoadKind.STREAMS, "a well-behaved client failed: " + e);
            }
        }
        return null;
    }

    private static byte[] lines(ThreadLocalRandom rnd, int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            int len = rnd.nextInt(200);
            StringBuilder sb = new StringBuilder(len + 1);
            for (int j = 0; j < len; j++) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
            b.writeBytes(sb.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    private static void writeInPieces(OutputStream out, byte[] data, ThreadLocalRandom rnd) throws Exception {
        for (int off = 0; off < data.length; ) {
            int n = Math.min(data.length - off, 1 + rnd.nextInt(4096));
            out.write(data, off, n);
            out.flush();
            off += n;
        }
    }

    /** Every handler has ended: waits up to {@link #BOUND}, counts the ones still running as hung. */
    void checkHandlersEnded() throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (handlersRunning.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int left = handlersRunning.get();
        if (left > 0) {
            counters.hung(LoadKind.STREAMS, left, "server handlers still running " + BOUND.toSeconds()
                    + " s after every client closed");
        }
    }

    @Override
    public void close() throws Exception {
        clients.shutdownNow();
        clients.awaitTermination(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        checkHandlersEnded();
        loop.runCoroutineThreadsafe(() -> {
            server.close();
            Async.await(server.waitClosed());
            return null;
        }).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        loop.close();
    }
}
