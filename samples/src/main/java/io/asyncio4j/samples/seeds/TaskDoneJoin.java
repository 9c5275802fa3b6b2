package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 001, {@code queue.task_done()} and {@code queue.join()} (seed 003's {@code JoinableQueue} is
 * the same idea between processes): two consumers print what they get and mark it done; main waits
 * until every item put was marked done, then prints "all done".
 *
 * <pre>
 * class ConsumerThread(threading.Thread):          que = queue.Queue()
 *     def run(self):                               tasks = [ConsumerThread(que) for x in range(2)]
 *         while True:                              for t in tasks: t.setDaemon(True); t.start()
 *             sleep(0.1)                           producer = ProducerThread(que); producer.start()
 *             item = self.queue.get()              que.join()
 *             print(item)                          print('all done')
 *             self.queue.task_done()
 * </pre>
 *
 * The seed's consumers are daemon threads that simply die with the program. Tasks are never left
 * behind silently: once {@code join()} returns, main cancels the consumers (a cancel that arrives
 * while a consumer waits in {@code get()} loses no item).
 */
public final class TaskDoneJoin {
    private TaskDoneJoin() {}

    static Void consume(AsyncQueue<Integer> que, AtomicInteger printed) {
        while (true) {
            Async.await(Async.sleep(seconds(0.1)));
            Integer item = Async.await(que.get());
            System.out.println(item);
            printed.incrementAndGet();
            que.taskDone();
        }
    }

    /**
     * Runs two consumers and a producer of ten items.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        AtomicInteger printed = new AtomicInteger();
        Async.run(() -> {
            AsyncQueue<Integer> que = new AsyncQueue<>();
            List<Task<Void>> consumers = new ArrayList<>();
            for (int id = 1; id <= 2; id++) {
                consumers.add(Async.createTask("consumer" + id, () -> consume(que, printed)));
            }
            Task<Void> producer = Async.createTask("producer", () -> {
                for (int x = 0; x < 10; x++) {
                    Async.await(que.put(x));
                }
                return null;
            });
            // join() returns at once while nothing is unfinished: let the producer put first (the
            // seed's threads race here: que.join() may run before the producer's first put)
            Async.await(producer);
            Async.await(que.join());
            System.out.println("all done: " + printed.get() + " items processed");
            consumers.forEach(Task::cancel);
        });
    }
}
