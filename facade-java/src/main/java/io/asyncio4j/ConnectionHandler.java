package io.asyncio4j;

/**
 * A blocking-style connection handler for {@link Async#startServer(ConnectionHandler, String, int)}:
 * Python's {@code client_connected_cb(reader, writer)}. It runs as a task on the server's loop and
 * waits with {@link Async#await}; when it returns, the connection is closed after its queued bytes
 * are sent; when it fails or is cancelled, the connection is closed at once.
 *
 * {@snippet :
 * ConnectionHandler echo = (reader, writer) -> {
 *     byte[] line;
 *     while ((line = Async.await(reader.readLine())).length > 0) {
 *         writer.write(line);
 *         Async.await(writer.drain());
 *     }
 * };
 * }
 */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * Serves one connection.
     *
     * @param reader what the client sends
     * @param writer what we send back
     * @throws Exception any failure; it becomes the handler task's failure
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
