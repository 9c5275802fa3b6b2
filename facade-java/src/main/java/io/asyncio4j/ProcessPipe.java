package io.asyncio4j;

import java.io.EOFException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code multiprocessing.Pipe()}: two connected ends; what one end sends the other receives, in
 * order. Built on two {@link ProcessQueue}s served by the creating process (see there for the
 * costs), so, unlike Python's, both ends are safe to use from several threads or processes at once.
 * Each end is {@link Serializable}: a job captures one and uses it in a worker process.
 *
 * {@snippet :
 * ProcessPipe<List<Object>> pipe = ProcessPipe.create();
 * ProcessPipe.End<List<Object>> childConn = pipe.right();
 * pool.submit(() -> { childConn.send(List.of(42, "hello")); childConn.close(); return null; });
 * System.out.println(pipe.left().recv());   // [42, hello]
 * }
 *
 * @param <T> the message type
 */
public final class ProcessPipe<T> implements AutoCloseable {
    private final ProcessQueue<Object> toRight;
    private final ProcessQueue<Object> toLeft;
    private final End<T> left;
    private final End<T> right;

    private ProcessPipe(List<String> allowClasses) {
        toRight = ProcessQueue.serving(0, allowClasses);
        toLeft = ProcessQueue.serving(0, allowClasses);
        left = new End<>(toLeft, toRight);
        right = new End<>(toRight, toLeft);
    }

    /**
     * {@code Pipe()}: a new duplex pipe served by this process. It lets in messages of the classes a
     * {@link ProcessQueue} lets in by default: the JDK's value types, asyncio4j's own, and the classes of
     * the package of the code that creates it.
     *
     * @param <T> the message type
     * @return the pipe
     */
    public static <T> ProcessPipe<T> create() {
        return new ProcessPipe<>(List.of());
    }

    /**
     * As {@link #create()}, also letting in messages of the classes {@code allowClasses} names (as for
     * {@link ProcessQueue#create(int, String...)}).
     *
     * @param allowClasses class names or patterns ({@code com.example.model.*})
     * @param <T> the message type
     * @return the pipe
     * @throws IllegalArgumentException if a pattern is not a class name or pattern
     */
    public static <T> ProcessPipe<T> create(String... allowClasses) {
        return new ProcessPipe<>(CallerPackage.checked(allowClasses));
    }

    /**
     * The first end ({@code parent_conn} in Python's examples).
     *
     * @return the left end
     */
    public End<T> left() {
        return left;
    }

    /**
     * The second end ({@code child_conn}).
     *
     * @return the right end
     */
    public End<T> right() {
        return right;
    }

    /**
     * Stops serving both directions (in the creating process); a {@code recv} waiting in it fails. Close it
     * when done: while a shared object is served, RMI keeps the owner's JVM from exiting.
     */
    @Override
    public void close() {
        toRight.close();
        toLeft.close();
    }

    /** Marks the end of what one end sends. */
    private enum Eof { INSTANCE }

    /**
     * One end of a {@link ProcessPipe}: Python's {@code Connection}.
     *
     * @param <T> the message type
     */
    public static final class End<T> implements Serializable {
        private static final long serialVersionUID = 1L;

        private final ProcessQueue<Object> inbox;
        private final ProcessQueue<Object> outbox;

        End(ProcessQueue<Object> inbox, ProcessQueue<Object> outbox) {
            this.inbox = inbox;
            this.outbox = outbox;
        }

        /**
         * {@code send(obj)}: the other end's next {@code recv} returns it.
         *
         * @param message a serializable message, or null
         */
        public void send(@Nullable T message) {
            outbox.put(message);
        }

        /**
         * {@code recv()}: waits for the next message.
         *
         * @return the message
         * @throws UncheckedIOException caused by {@link EOFException} once the other end has closed
         *     and every message has been received (Python's {@code EOFError})
         */
        @SuppressWarnings("unchecked")
        public @Nullable T recv() {
            Object m = inbox.get();
            if (m == Eof.INSTANCE) {
                inbox.put(Eof.INSTANCE); // later recv calls see the end too
                throw new UncheckedIOException(new EOFException("the other end of the pipe was closed"));
            }
            return (T) m;
        }

        /** {@code close()}: the other end's {@code recv} fails once it has read what was sent. */
        public void close() {
            outbox.put(Eof.INSTANCE);
        }
    }
}
