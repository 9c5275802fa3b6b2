package io.asyncio4j;

/**
 * asyncio's {@code LimitOverrunError}: a line or separated chunk is longer than the reader's limit
 * ({@link StreamOptions#limit()}, 64 KiB by default). {@link #consumed()} says how many bytes were
 * looked at.
 *
 * <p>This is what keeps a peer that sends a gigabyte without a newline from exhausting memory: the
 * read fails as soon as more than the limit is buffered without a separator. {@link StreamReader#readLine()}
 * drops the overlong bytes, as asyncio's {@code readline} does, so the next call reads on;
 * {@link StreamReader#readUntil(byte[])} leaves them in the buffer. A subprocess's output read with
 * {@link AsyncProcess#communicate()}, {@link AsyncProcess.Reader#readAll()} or
 * {@link AsyncProcess.Reader#readLine()} fails with it beyond {@link SubprocessOptions#maxOutputBytes},
 * or when it does not fit in the heap (then its cause is the {@link OutOfMemoryError}). Unchecked.
 *
 * {@snippet :
 * try {
 *     byte[] line = Async.await(reader.readLine());
 * } catch (LimitOverrunException e) {
 *     writer.write("line too long\n".getBytes(StandardCharsets.UTF_8));
 * }
 * }
 */
public class LimitOverrunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param consumed how many bytes were looked at
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** @return how many buffered bytes were looked at for the separator */
    public int consumed() {
        return consumed;
    }
}
