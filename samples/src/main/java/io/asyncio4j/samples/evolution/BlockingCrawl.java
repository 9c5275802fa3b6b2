package io.asyncio4j.samples.evolution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage (a) of seed 000's evolution: blocking sockets, one page after another. The total time is
 * about N times the time of one page; the thread sits idle in {@code read} for most of it.
 *
 * <pre>
 * def fetch(url):
 *     sock = socket.socket()
 *     sock.connect(('example.com', 80))
 *     sock.send('GET {} HTTP/1.0\r\nHost: example.com\r\n\r\n'.format(url).encode('ascii'))
 *     response = b''
 *     chunk = sock.recv(4096)
 *     while chunk:
 *         response += chunk
 *         chunk = sock.recv(4096)
 * </pre>
 */
final class BlockingCrawl {
    private BlockingCrawl() {}

    /** One page with a blocking socket: connect, send, read until the server closes. */
    static byte[] fetch(String host, int port, String path) {
        try (Socket sock = new Socket(host, port)) {
            sock.getOutputStream().write(RawHttp.request(host, path));
            InputStream in = sock.getInputStream();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        }
    }

    static List<byte[]> crawl(String host, int port, List<String> paths) {
        List<byte[]> answers = new ArrayList<>();
        for (String path : paths) {
            answers.add(fetch(host, port, path));
        }
        return answers;
    }
}
