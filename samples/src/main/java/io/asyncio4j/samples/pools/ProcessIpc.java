package io.asyncio4j.samples.pools;

import io.asyncio4j.ProcessPipe;
import io.asyncio4j.ProcessQueue;
import io.asyncio4j.QueueEmpty;
import io.asyncio4j.QueueFull;
import io.asyncio4j.WorkerPool;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seeds 001 and 003, inter-process communication, four programs in a row: a child puts
 * {@code [42, None, 'hello']} on a {@code multiprocessing.Queue} (001); the same through a
 * {@code Pipe} (001); a child evaluates {@code 1+2+3} and puts the result (003); a bounded
 * {@code Queue(3)}'s {@code put_nowait}/{@code get_nowait} fail when full/empty (003). The queue and
 * pipe are served by this process and used by the worker process through their proxies.
 *
 * <pre>
 * def f(q): q.put([42, None, 'hello'])
 * q = Queue(); p = Process(target=f, args=(q,)); p.start(); print(q.get()); p.join()
 * </pre>
 */
public final class ProcessIpc {
    private ProcessIpc() {}

    /** Python's {@code str([42, None, 'hello'])}. */
    static String repr(List<?> items) {
        StringBuilder sb = new StringBuilder("[");
        for (Object o : items) {
            sb.append(sb.length() > 1 ? ", " : "").append(o == null ? "None" : o instanceof String ? "'" + o + "'" : o);
        }
        return sb.append(']').toString();
    }

    /**
     * Runs the sample.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (WorkerPool pool = WorkerPool.processes(1)) {
            // 001: Queue
            try (ProcessQueue<List<Object>> q = ProcessQueue.create()) {
                CompletableFuture<Void> p = pool.submit(() -> {
                    q.put(Arrays.asList(42, null, "hello"));
                    return null;
                });
                System.out.println(repr(q.get())); // prints "[42, None, 'hello']"
                p.join();
            }

            // 001: Pipe
            try (ProcessPipe<List<Object>> pipe = ProcessPipe.create()) {
                ProcessPipe.End<List<Object>> childConn = pipe.right();
                CompletableFuture<Void> p = pool.submit(() -> {
                    childConn.send(Arrays.asList(42, null, "hello"));
                    childConn.close();
                    return null;
                });
                System.out.println(repr(pipe.left().recv())); // prints "[42, None, 'hello']"
                p.join();
            }

            // 003: a child computes, the parent reads the queue
            try (ProcessQueue<Integer> q = ProcessQueue.create()) {
                String exp = "1+2+3";
                pool.submit(() -> {
                    q.put(Arrays.stream(exp.split("\\+")).mapToInt(Integer::parseInt).sum()); // eval(exp)
                    return null;
                });
                System.out.println(q.get());
            }

            // 003: Queue(3), put_nowait on a full queue and get_nowait on an empty one
            try (ProcessQueue<Integer> q = ProcessQueue.create(3)) {
                q.put(1);
                q.put(2);
                q.put(3);
                System.out.println("----------");
                try {
                    q.putNowait(4);
                } catch (QueueFull full) {
                    // queue.Full: the item is not added
                }
                System.out.println("----------");
                q.get();
                q.get();
                q.get();
                try {
                    q.getNowait();
                } catch (QueueEmpty empty) {
                    // queue.Empty
                }
                System.out.println(q.empty() + " " + q.qsize());
            }
        }
    }
}
