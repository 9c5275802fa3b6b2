package io.asyncio4j.samples.evolution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage (c) of seed 000's evolution: non-blocking sockets, a {@link Selector} and callbacks, driven by
 * the hand-written {@link SelectorLoop#loop}. One thread waits for all pages at once. The price is
 * the one the seed names: each step is a separate method, so the state that the blocking version
 * kept in local variables ({@code sock}, {@code response}) lives in the {@code Crawler} object, and
 * an exception in a callback no longer knows which fetch it belongs to.
 *
 * <pre>
 * class Crawler:
 *     def fetch(self):
 *         self.sock = socket.socket(); self.sock.setblocking(False)
 *         try: self.sock.connect(('example.com', 80))
 *         except BlockingIOError: pass
 *         selector.register(self.sock.fileno(), EVENT_WRITE, self.connected)
 *     def connected(self, key, mask):
 *         selector.unregister(key.fd)
 *         self.sock.send(get.encode('ascii'))
 *         selector.register(key.fd, EVENT_READ, self.read_response)
 *     def read_response(self, key, mask):
 *         chunk = self.sock.recv(4096)
 *         if chunk: self.response += chunk
 *         else:
 *             selector.unregister(key.fd); urls_todo.remove(self.url)
 *             if not urls_todo: stopped = True
 * </pre>
 *
 * <p>Java differs in one detail: a channel whose key was cancelled cannot be registered again before
 * the next {@code select}, so instead of {@code unregister} + {@code register} the callbacks change
 * the key's interest set and attachment, which means the same.
 */
final class SelectorCrawl {
    private final Selector selector;
    private final Set<String> urlsTodo;
    private final Map<String, byte[]> answers = new LinkedHashMap<>();

    private SelectorCrawl(Selector selector, List<String> paths) {
        this.selector = selector;
        this.urlsTodo = new HashSet<>(paths);
    }

    /** The seed's {@code Crawler}: one per page, its state in fields because no call stack survives a step. */
    private final class Crawler {
        private final String host;
        private final int port;
        private final String url;
        private final ByteArrayOutputStream response = new ByteArrayOutputStream();
        private final ByteBuffer buffer = ByteBuffer.allocate(4096);
        private SocketChannel sock;

        Crawler(String host, int port, String url) {
            this.host = host;
            this.port = port;
            this.url = url;
        }

        void fetch() throws IOException {
            sock = SocketChannel.open();
            sock.configureBlocking(false);
            sock.connect(new InetSocketAddress(host, port)); // returns at once: usually not yet connected
            sock.register(selector, SelectionKey.OP_CONNECT, (SelectorLoop.Callback) this::connected);
        }

        void connected(SelectionKey key) throws IOException {
            sock.finishConnect();
            ByteBuffer get = ByteBuffer.wrap(RawHttp.request(host, url));
            while (get.hasRemaining()) { // a few dozen bytes: the socket buffer takes them at once
                sock.write(get);
            }
            key.interestOps(SelectionKey.OP_READ);
            key.attach((SelectorLoop.Callback) this::readResponse);
        }

        void readResponse(SelectionKey key) throws IOException {
            buffer.clear();
            int n = sock.read(buffer); // a response bigger than 4 KB is read on the next turns of the loop
            if (n > 0) {
                response.write(buffer.array(), 0, n);
            } else if (n < 0) {
                key.cancel();
                sock.close();
                answers.put(url, response.toByteArray());
                urlsTodo.remove(url);
            }
        }
    }

    static List<byte[]> crawl(String host, int port, List<String> paths) throws IOException {
        try (Selector selector = Selector.open()) {
            SelectorCrawl crawl = new SelectorCrawl(selector, paths);
            for (String url : paths) {
                crawl.new Crawler(host, port, url).fetch();
            }
            SelectorLoop.loop(selector, crawl.urlsTodo::isEmpty); // the seed's `stopped`
            return paths.stream().map(crawl.answers::get).toList();
        }
    }
}
