package io.asyncio4j.samples.evolution;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * The seed's hand-written event loop, shared by stages (c) and (d): wait for a ready socket, call the
 * callback stored with its registration (the key's attachment, the seed's {@code event_key.data}).
 *
 * <pre>
 * def loop():
 *     while not stopped:
 *         events = selector.select()
 *         for event_key, event_mask in events:
 *             callback = event_key.data
 *             callback(event_key, event_mask)
 * </pre>
 */
final class SelectorLoop {
    /** What the seed registers as {@code data}: the next step, called when the socket is ready. */
    interface Callback {
        void call(SelectionKey key) throws IOException;
    }

    private SelectorLoop() {}

    static void loop(Selector selector, BooleanSupplier stopped) throws IOException {
        try {
            while (!stopped.getAsBoolean()) {
                selector.select(); // blocks until an event happens
                Iterator<SelectionKey> events = selector.selectedKeys().iterator();
                while (events.hasNext()) {
                    SelectionKey key = events.next();
                    events.remove();
                    if (key.isValid()) {
                        ((Callback) key.attachment()).call(key);
                    }
                }
            }
        } finally {
            // a callback that failed ends the loop: the other fetches' sockets must not stay open
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
    }
}
