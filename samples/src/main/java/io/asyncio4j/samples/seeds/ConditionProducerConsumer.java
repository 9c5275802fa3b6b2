package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncCondition;
import io.asyncio4j.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/**
 * Seed 001, "条件对象" (Condition): five producers put 0..99 into a buffer of five, one consumer takes
 * them out; both sides wait on one condition when the buffer is full or empty.
 *
 * <pre>
 * def run(self):                                         # Producer
 *     for i in range(self.start_index, self.end_index):
 *         if self.condition.acquire():
 *             if self.queue.full():
 *                 self.condition.wait()
 *             else:
 *                 self.queue.put(i); self.condition.notify()
 *         self.condition.release()
 *         time.sleep(1)
 * </pre>
 *
 * Two deliberate departures, both fixes: a producer that had to wait still puts its item afterwards
 * (the seed's {@code if full: wait() else: put(i)} drops item {@code i}), and it waits with
 * {@code wait_for} ({@link AsyncCondition#awaitUntil}) so a wake-up that finds the buffer full again
 * waits again. Wake-ups use {@code notify_all} ({@link AsyncCondition#signalAll}): with producers and
 * the consumer on one condition, the seed's single {@code notify()} can wake a producer when only the
 * consumer could make progress. The seed's producers are threads; here they are tasks of one loop
 * (an {@code AsyncCondition} works the same between plain threads).
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar condition [secondsPerUnit]}. The seed's
 * program takes 100 seconds (the consumer sleeps one second per item); the default unit here is 0.1 s,
 * ten seconds in all: {@code condition 1} takes the seed's time.
 */
public final class ConditionProducerConsumer {
    private static final int CAPACITY = 5;

    private ConditionProducerConsumer() {}

    static Void producer(String name, AsyncCondition condition, Deque<Integer> queue, int start, int end) {
        for (int i = start; i < end; i++) {
            int item = i;
            condition.withLock(() -> {
                if (queue.size() == CAPACITY) {
                    System.out.println(name + " wait");
                }
                Async.await(condition.awaitUntil(() -> queue.size() < CAPACITY));
                System.out.println(name + " produced " + item);
                queue.add(item);
                condition.signalAll();
                return null;
            });
            Async.await(Async.sleep(seconds(1)));
        }
        return null;
    }

    static List<Integer> consumer(String name, AsyncCondition condition, Deque<Integer> queue, int count) {
        List<Integer> consumed = new ArrayList<>();
        while (consumed.size() < count) {
            int item = condition.withLock(() -> {
                Async.await(condition.awaitUntil(() -> !queue.isEmpty()));
                condition.signalAll();
                return queue.poll();
            });
            System.out.println(name + " consume " + item);
            consumed.add(item);
            Async.await(Async.sleep(seconds(1)));
        }
        return consumed;
    }

    /**
     * Runs five producers and one consumer.
     *
     * @param args optional: seconds per unit of sleep (default 0.1)
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args, 0.1);
        List<Integer> consumed = Async.run(() -> {
            Deque<Integer> queue = new ArrayDeque<>(CAPACITY); // the seed's Queue(5); guarded by the condition's lock
            AsyncCondition condition = new AsyncCondition();
            List<Task<Void>> producers = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                String name = "producer" + (p + 1);
                int start = p * 20;
                producers.add(Async.createTask(name, () -> producer(name, condition, queue, start, start + 20)));
            }
            Task<List<Integer>> consumer = Async.createTask("consumer", () -> consumer("consumer", condition, queue, 100));
            Async.await(Async.gather(producers));
            return Async.await(consumer);
        });
        TreeSet<Integer> distinct = new TreeSet<>(consumed);
        System.out.println("consumed " + consumed.size() + " items, " + distinct.size() + " distinct, from "
                + distinct.first() + " to " + distinct.last());
    }
}
