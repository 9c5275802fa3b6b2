package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLifoQueue;
import io.asyncio4j.AsyncPriorityQueue;
import io.asyncio4j.AsyncQueue;
import java.util.Comparator;

/**
 * Seed 003, "3. 队列" (queues): the {@code queue} module's three queues, for threads — first in first out
 * (serving requests in order), last in first out (algorithms), and by priority (VIP users, alert
 * levels): the smallest tuple comes out first, its first element deciding, then its second.
 *
 * <pre>
 * from queue import Queue             from queue import LifoQueue        from queue import PriorityQueue
 * q = Queue(5)                        lfq = LifoQueue(4)                 pq = PriorityQueue()
 * q.put(1)                            lfq.put(1); lfq.put(2)             pq.put((10, 'henry'))
 * q.get()                             lfq.get(); lfq.get()   # 2, 1      pq.put((6, 'echo'))
 *                                                                        pq.put((10, 'dean'))
 *                                                                        pq.get(); pq.get(); pq.get()
 * </pre>
 *
 * <p>How Java differs: asyncio4j's queues are Python's {@code queue} and {@code asyncio} queues in one:
 * {@link AsyncQueue}, {@link AsyncLifoQueue} and {@link AsyncPriorityQueue} serve plain threads with
 * {@code putBlocking}/{@code getBlocking} (as here, from the main thread) and tasks with
 * {@code Async.await(q.put(x))}/{@code Async.await(q.get())} (the last lines). Java has no tuples: a
 * record holds the priority and the name, and the priority queue takes a {@link Comparator} that
 * compares them as Python compares tuples. (The JDK's thread-only counterparts are
 * {@code LinkedBlockingQueue}, {@code LinkedBlockingDeque} and {@code PriorityBlockingQueue}.) The seed
 * writes {@code LifiQueue(4)}, which Python would not find.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar queues}
 */
public final class Queues {
    private Queues() {}

    /** The seed's tuples: {@code (10, 'henry')}. */
    record Entry(int priority, String name) {
        static final Comparator<Entry> AS_TUPLES = Comparator.comparingInt(Entry::priority).thenComparing(Entry::name);

        @Override
        public String toString() {
            return "(" + priority + ", '" + name + "')";
        }
    }

    /**
     * Runs the three queues.
     *
     * @param args none
     * @throws InterruptedException if interrupted while waiting on a queue
     */
    public static void main(String[] args) throws InterruptedException {
        AsyncQueue<Integer> q = new AsyncQueue<>(5);
        q.putBlocking(1);
        System.out.println("Queue: " + q.getBlocking());

        AsyncLifoQueue<Integer> lfq = new AsyncLifoQueue<>(4);
        lfq.putBlocking(1);
        lfq.putBlocking(2);
        System.out.println("LifoQueue: " + lfq.getBlocking() + ", " + lfq.getBlocking());

        AsyncPriorityQueue<Entry> pq = new AsyncPriorityQueue<>(0, Entry.AS_TUPLES);
        pq.putBlocking(new Entry(10, "henry"));
        pq.putBlocking(new Entry(6, "echo"));
        pq.putBlocking(new Entry(10, "dean"));
        System.out.println("PriorityQueue: " + pq.getBlocking() + ", " + pq.getBlocking() + ", " + pq.getBlocking());

        String fromTasks = Async.run(() -> {
            AsyncPriorityQueue<Entry> tasksQueue = new AsyncPriorityQueue<>(0, Entry.AS_TUPLES);
            Async.await(Async.gather(
                    Async.createTask(() -> Async.await(tasksQueue.put(new Entry(10, "henry")))),
                    Async.createTask(() -> Async.await(tasksQueue.put(new Entry(6, "echo")))),
                    Async.createTask(() -> Async.await(tasksQueue.put(new Entry(10, "dean"))))));
            Entry first = Async.await(tasksQueue.get());
            Entry second = Async.await(tasksQueue.get());
            return first + ", " + second + ", " + Async.await(tasksQueue.get());
        });
        System.out.println("the same queue between tasks: " + fromTasks);
    }
}
