package io.asyncio4j.samples.pools;

import io.asyncio4j.ProcessLock;
import io.asyncio4j.WorkerPool;
import io.asyncio4j.samples.seeds.TicketBuying;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, buying tickets between processes with {@code multiprocessing.Lock}: for each of ten users
 * main prints what {@code tickets.txt} says is left ({@code search_ticket}) and starts a buyer
 * process; each buyer, holding a {@link ProcessLock}, reads the count, buys if one is left and writes
 * the count back. With one ticket in the file, exactly one user buys it. How many searches still see
 * the ticket depends on how fast the buyers run, as in Python.
 *
 * <p>The buyers are jobs of a pool of two worker processes rather than ten processes; the lock is
 * what keeps the read and the write of one buyer together across processes. The task-based version
 * of the same race, with and without the lock, is {@code tickets} ({@link TicketBuying}).
 *
 * <pre>
 * def buy_ticket(user, lock):
 *     lock.acquire()
 *     with open('tickets.txt') as f: dic = json.load(f)
 *     if dic["count"] > 0: print('%s已买到票' % user); dic["count"] -= 1
 *     else: print('%s没买到票' % user)
 *     with open('tickets.txt', 'w') as f: json.dump(dic, f)
 *     lock.release()
 * for i in range(10):
 *     search_ticket('user%s ' % (i+1))
 *     Process(target=buy_ticket, args=('user%s ' % (i+1), lock)).start()
 * </pre>
 */
public final class ProcessTickets {
    private ProcessTickets() {}

    static void searchTicket(Path file, String user) throws IOException {
        System.out.println(user + "查询结果：" + TicketBuying.readCount(file) + "张余票");
    }

    static void buyTicket(Path file, String user, ProcessLock lock) {
        lock.acquire();
        try {
            int count = TicketBuying.readCount(file);
            if (count > 0) {
                System.out.println(user + "已买到票");
                count -= 1;
            } else {
                System.out.println(user + "没买到票");
            }
            TicketBuying.writeCount(file, count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.release();
        }
    }

    /**
     * Runs the sample.
     *
     * @param args optional: the tickets file (default: a new temporary file); it is set to one ticket
     */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("tickets", ".txt");
        Path tickets = file.toAbsolutePath();
        String path = tickets.toString(); // a Path is not Serializable: the job carries the name
        TicketBuying.writeCount(tickets, 1);
        try (ProcessLock lock = ProcessLock.create(); WorkerPool pool = WorkerPool.processes(2)) {
            List<CompletableFuture<Void>> buyers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String user = "user" + (i + 1) + " ";
                searchTicket(tickets, user);
                buyers.add(pool.submit(() -> {
                    buyTicket(Path.of(path), user, lock);
                    return null;
                }));
            }
            buyers.forEach(CompletableFuture::join); // Python's main waits for its children at exit
        }
    }
}
