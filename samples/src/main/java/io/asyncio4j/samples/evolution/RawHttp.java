package io.asyncio4j.samples.evolution;

import io.asyncio4j.Async;
import io.asyncio4j.Connection;
import java.nio.charset.StandardCharsets;

/**
 * The seed's hand-written HTTP: {@code GET path HTTP/1.0} with a {@code Host} header, then read until
 * the server closes the connection (HTTP/1.0 closes after one answer, so no length parsing is needed).
 *
 * {@snippet :
 * byte[] answer = RawHttp.get("127.0.0.1", site.port(), "/page/3"); // inside a task
 * int status = RawHttp.status(answer);                           // 200
 * }
 */
public final class RawHttp {
    private RawHttp() {}

    /** @param host the Host header @param path the request path @return the request's bytes */
    static byte[] request(String host, String path) {
        return ("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Fetches one path over an asyncio4j stream ({@code Async.openConnection}); call it inside a task.
     *
     * @param host the server's address
     * @param port the server's port
     * @param path the request path
     * @return the whole answer, status line and headers included
     */
    public static byte[] get(String host, int port, String path) {
        Connection c = Async.await(Async.openConnection(host, port));
        try {
            c.writer().write(request(host, path));
            Async.await(c.writer().drain());
            return Async.await(c.reader().read(-1));
        } finally {
            c.close();
        }
    }

    /** @param answer a whole HTTP answer @return its status code, or -1 if it has no status line */
    public static int status(byte[] answer) {
        String head = new String(answer, 0, Math.min(answer.length, 64), StandardCharsets.ISO_8859_1);
        String[] parts = head.split("\r\n", 2)[0].split(" ", 3); // "HTTP/1.0 200 OK"
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @param answer a whole HTTP answer @return the body after the blank line, as UTF-8 text */
    public static String body(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(end + 4);
    }
}
