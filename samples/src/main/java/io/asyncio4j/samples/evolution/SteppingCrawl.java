package io.asyncio4j.samples.evolution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stage (d) of seed 000's evolution: a hand-made {@code Future} and a {@code Task} that steps a
 * coroutine, over the same selector loop as stage (c). The seed's fetch is a generator: it
 * {@code yield}s a Future where it would block, and {@code Task.step} resumes it with
 * {@code coro.send(future.result)} when the future's callback runs.
 *
 * <pre>
 * class Task:                                   def fetch(self):
 *     def __init__(self, coro):                     sock = socket.socket(); sock.setblocking(False)
 *         self.coro = coro                          ... sock.connect(...)
 *         f = Future(); f.set_result(None)          f = Future()
 *         self.step(f)                              selector.register(sock.fileno(), EVENT_WRITE, lambda: f.set_result(None))
 *     def step(self, future):                       yield f
 *         try:                                      sock.send(request)
 *             next_future = self.coro.send(         while True:
 *                 future.result)                        f = Future()
 *         except StopIteration:                         selector.register(..., EVENT_READ, lambda: f.set_result(sock.recv(4096)))
 *             return                                    chunk = yield f
 *         next_future.add_done_callback(                if chunk: self.response += chunk
 *             self.step)                                else: break
 * </pre>
 *
 * <p><b>How Java differs.</b> Java has no generators: a method cannot stop at {@code yield} and be
 * resumed later with its local variables intact. So the coroutine is written as what the Python
 * compiler makes of a generator: an object whose fields are the generator's locals ({@code sock},
 * {@code response}) and whose {@code state} field says where to resume; {@link Coroutine#send} runs
 * from that point to the next "yield" (it returns the Future to wait for) or to the end (it returns
 * {@code null}, the generator's {@code StopIteration}). The {@code Future} and {@code Task} are the
 * seed's, line for line. asyncio4j (stage e) needs none of this: its tasks suspend at
 * {@code Async.await} with their stack intact (Kotlin coroutines or a thread per task body), so the
 * code reads like stage (a).
 */
final class SteppingCrawl {

    /** The seed's Future: a result that comes later, and callbacks to run when it comes. */
    static final class Future {
        private Object result;
        private final List<Consumer<Future>> callbacks = new ArrayList<>();

        void addDoneCallback(Consumer<Future> fn) {
            callbacks.add(fn);
        }

        void setResult(Object value) {
            result = value;
            for (Consumer<Future> fn : List.copyOf(callbacks)) {
                fn.accept(this);
            }
        }
    }

    /** A generator: {@code send} resumes it with a value and runs it to its next yield. */
    interface Coroutine {
        /** @return the Future it now waits for, or {@code null} when it has finished (StopIteration) */
        Future send(Object value) throws IOException;
    }

    /** The seed's Task: steps its coroutine each time the Future it yielded is resolved. */
    static final class Task {
        private final Coroutine coro;

        Task(Coroutine coro) {
            this.coro = coro;
            Future f = new Future();
            f.setResult(null); // no callbacks yet: only stores the first value to send
            step(f);
        }

        private void step(Future future) {
            Future next;
            try {
                next = coro.send(future.result);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (next != null) {
                next.addDoneCallback(this::step);
            }
        }
    }

    private final Selector selector;
    private final Set<String> urlsTodo;
    private final Map<String, byte[]> answers = new LinkedHashMap<>();

    private SteppingCrawl(Selector selector, List<String> paths) {
        this.selector = selector;
        this.urlsTodo = new HashSet<>(paths);
    }

    /** The seed's {@code fetch} generator, its locals as fields and its resume points as states. */
    private final class Fetch implements Coroutine {
        private static final int START = 0;
        private static final int CONNECTING = 1;
        private static final int READING = 2;

        private final String host;
        private final int port;
        private final String url;
        private final ByteArrayOutputStream response = new ByteArrayOutputStream();
        private int state = START;
        private SocketChannel sock;
        private SelectionKey key;

        Fetch(String host, int port, String url) {
            this.host = host;
            this.port = port;
            this.url = url;
        }

        @Override
        public Future send(Object value) throws IOException {
            switch (state) {
                case START -> {
                    sock = SocketChannel.open();
                    sock.configureBlocking(false);
                    sock.connect(new InetSocketAddress(host, port));
                    Future f = new Future();
                    key = sock.register(selector, SelectionKey.OP_CONNECT, (SelectorLoop.Callback) k -> f.setResult(null));
                    state = CONNECTING;
                    return f; // yield f
                }
                case CONNECTING -> {
                    sock.finishConnect();
                    ByteBuffer get = ByteBuffer.wrap(RawHttp.request(host, url));
                    while (get.hasRemaining()) {
                        sock.write(get);
                    }
                    state = READING;
                    return readable(); // chunk = yield f
                }
                case READING -> {
                    byte[] chunk = (byte[]) value;
                    if (chunk.length > 0) {
                        response.write(chunk, 0, chunk.length);
                        return readable(); // the seed's `while True`: yield again
                    }
                    key.cancel();
                    sock.close();
                    answers.put(url, response.toByteArray());
                    urlsTodo.remove(url);
                    return null; // the generator returns: StopIteration
                }
                default -> throw new IllegalStateException("fetch of " + url + " already finished");
            }
        }

        /** A Future resolved with the next chunk (empty at end of stream) when the socket is readable. */
        private Future readable() {
            Future f = new Future();
            key.interestOps(SelectionKey.OP_READ);
            key.attach((SelectorLoop.Callback) k -> {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                int n = sock.read(buf);
                if (n == 0) {
                    return; // nothing after all: keep waiting, the Future stays unresolved
                }
                f.setResult(n < 0 ? new byte[0] : Arrays.copyOf(buf.array(), n));
            });
            return f;
        }
    }

    static List<byte[]> crawl(String host, int port, List<String> paths) throws IOException {
        try (Selector selector = Selector.open()) {
            SteppingCrawl crawl = new SteppingCrawl(selector, paths);
            for (String url : paths) {
                new Task(crawl.new Fetch(host, port, url));
            }
            SelectorLoop.loop(selector, crawl.urlsTodo::isEmpty);
            return paths.stream().map(crawl.answers::get).toList();
        }
    }
}
