package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import io.asyncio4j.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003, "买票" (ticket buying): ten buyers race for the last ticket kept in a file. Each reads
 * the count, lets time pass, and writes the count back. Without a lock they all read "1 left" before
 * anyone writes, so the ticket is sold many times; with {@code with lock:} exactly one buyer gets it.
 *
 * <pre>
 * def buy_ticket(user, lock):
 *     with lock:                                  lock.withLock(() -> {
 *         dic = json.load(open('tickets.txt'))        int count = Async.await(Async.toThread(() -> readCount()));
 *         time.sleep(0.01)                            Async.await(Async.sleep(...));
 *         if dic["count"] &gt; 0: ...                   if (count &gt; 0) ...
 *         json.dump(dic, open('tickets.txt', 'w'))    Async.await(Async.toThread(() -> writeCount(...)));
 * </pre>
 *
 * The seed runs each buyer in its own process; here each buyer is a task and the file I/O runs on
 * worker threads ({@code Async.toThread}). The race is the same: it lives between the read and the
 * write, wherever other work can run — other processes in Python, other tasks at an {@code await}
 * here. Tasks of one loop never run at once, yet they still race across an await; the lock is needed.
 */
public final class TicketBuying {
    private static final int BUYERS = 10;

    private TicketBuying() {}

    /**
     * Reads {@code tickets.txt}'s {@code {"count": n}}; also used by the process version, {@code ProcessTickets}.
     *
     * @param file the tickets file
     * @return the count
     * @throws IOException if the file cannot be read
     */
    public static int readCount(Path file) throws IOException {
        String json = Files.readString(file); // {"count": 1}
        return Integer.parseInt(json.replaceAll("[^0-9]", ""));
    }

    /**
     * Writes {@code {"count": n}} to the tickets file, atomically.
     *
     * @param file the tickets file
     * @param count the count to write
     * @return null, so that it can be a {@code Callable}
     * @throws IOException if the file cannot be written
     */
    public static Void writeCount(Path file, int count) throws IOException {
        // Written aside and moved into place, so a buyer never reads a half-written file: the race this sample
        // shows is the lost update between read and write, not a torn read.
        Path tmp = Files.createTempFile(file.getParent(), "tickets", ".tmp");
        Files.writeString(tmp, "{\"count\": " + count + "}");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return null;
    }

    /** One buyer: read, think for a moment (the seed's {@code time.sleep(0.01)}), decide, write back. */
    static boolean buyTicket(Path file, String user) {
        int count = Async.await(Async.toThread(() -> readCount(file)));
        Async.await(Async.sleep(seconds(0.01)));
        boolean bought = count > 0;
        System.out.println(user + (bought ? " got a ticket" : " got no ticket"));
        int left = bought ? count - 1 : count;
        Async.await(Async.toThread(() -> writeCount(file, left)));
        return bought;
    }

    /** Starts every buyer as a task and counts how many were told they got a ticket. */
    static long sell(Path file, AsyncLock lock) {
        List<Task<Boolean>> buyers = new ArrayList<>();
        for (int i = 1; i <= BUYERS; i++) {
            String user = "user" + i;
            buyers.add(Async.createTask(user, () -> lock == null
                    ? buyTicket(file, user)
                    : lock.withLock(() -> buyTicket(file, user)))); // with lock:
        }
        return Async.await(Async.gather(buyers)).stream().filter(b -> b).count();
    }

    /**
     * Sells one ticket to ten buyers, first without a lock, then with one.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) throws IOException {
        DoSomeWork.setUnit(args);
        Path file = Files.createTempFile("tickets", ".txt");
        try {
            writeCount(file, 1);
            long unlocked = Async.run(() -> sell(file, null));
            System.out.println("without a lock: " + unlocked + " of " + BUYERS + " buyers got the 1 ticket"
                    + (unlocked > 1 ? " (oversold)" : " (the race did not show this time)"));
            writeCount(file, 1);
            long locked = Async.run(() -> sell(file, new AsyncLock()));
            System.out.println("with a lock: " + locked + " of " + BUYERS + " buyers got the 1 ticket; "
                    + readCount(file) + " left");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
