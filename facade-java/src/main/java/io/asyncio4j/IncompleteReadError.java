package io.asyncio4j;

import java.util.OptionalLong;

/**
 * asyncio's {@code IncompleteReadError}: the peer closed its side before a read had all it asked for.
 * {@link #partial()} holds the bytes that did come (they are consumed from the reader).
 *
 * <p>Thrown (as the failure of the read's future) by {@link StreamReader#readExactly(int)} when EOF
 * comes before {@code n} bytes, and by {@link StreamReader#readUntil(byte[])} when EOF comes before
 * the separator. Unchecked, like every error the facade maps from asyncio.
 *
 * {@snippet :
 * try {
 *     byte[] header = Async.await(reader.readExactly(8));
 * } catch (IncompleteReadError e) {
 *     System.out.println("peer left after " + e.partial().length + " of " + e.expected().getAsLong() + " bytes");
 * }
 * }
 */
public class IncompleteReadError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final byte[] partial;
    private final long expected;

    /**
     * Creates the error.
     *
     * @param partial the bytes read before EOF
     * @param expected how many bytes were asked for, or -1 when the read was for a separator
     */
    public IncompleteReadError(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : Long.toString(expected))
                + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** @return a copy of the bytes that came before EOF */
    public byte[] partial() {
        return partial.clone();
    }

    /** @return how many bytes the read asked for; empty for a read up to a separator */
    public OptionalLong expected() {
        return expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected);
    }
}
