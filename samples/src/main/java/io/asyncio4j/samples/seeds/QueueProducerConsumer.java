package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.Outcome;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Producer/consumer with a queue, twice:
 * <ol>
 * <li>seed 001's asyncio version: two producers put five numbers each, two consumers print them
 *     forever; main cancels the consumers and gathers all four with {@code return_exceptions=True}.
 *     The seed cancels after a fixed {@code asyncio.sleep(15)}, a guess that every item was consumed
 *     by then; here main waits for the producers and for {@code queue.join()} (the consumers call
 *     {@code task_done}), which is what the guess stands for;</li>
 * <li>seed 003's bounded version ({@code Queue(10)}, one producer, four consumers). The seed stops
 *     the consumers with a {@code None} sentinel that each consumer puts back; asyncio4j's queues do
 *     not take null, so the producer side calls {@code shutdown()} (Python 3.13's
 *     {@code Queue.shutdown}): consumers drain what is left, then their {@code get} fails with
 *     {@link QueueShutDown}.</li>
 * </ol>
 *
 * <pre>
 * async def consumer(queue, id):                 async def producer(queue, id):
 *     while True:                                    for i in range(5):
 *         val = await queue.get()                        val = random.randint(1, 10)
 *         print('consumer {} consume {}'...)             await queue.put(val)
 *         await asyncio.sleep(1)                         await asyncio.sleep(1)
 * </pre>
 */
public final class QueueProducerConsumer {
    private static final Random RANDOM = new Random(3); // seeded: the same run every time

    private QueueProducerConsumer() {}

    static Void consumer(AsyncQueue<Integer> queue, int id) {
        while (true) {
            int val = Async.await(queue.get());
            System.out.println("consumer " + id + " consume " + val);
            Async.await(Async.sleep(seconds(1)));
            queue.taskDone();
        }
    }

    static Void producer(AsyncQueue<Integer> queue, int id) {
        for (int i = 0; i < 5; i++) {
            int val = 1 + RANDOM.nextInt(10);
            Async.await(queue.put(val));
            System.out.println("producer " + id + " produce " + val);
            Async.await(Async.sleep(seconds(1)));
        }
        return null;
    }

    /** Seed 001: {@code await asyncio.sleep(15)}, cancel the consumers, gather with return_exceptions. */
    static void asyncioVersion() {
        Async.run(() -> {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            Task<Void> consumer1 = Async.createTask(() -> consumer(queue, 1));
            Task<Void> consumer2 = Async.createTask(() -> consumer(queue, 2));
            Task<Void> producer3 = Async.createTask(() -> producer(queue, 1));
            Task<Void> producer4 = Async.createTask(() -> producer(queue, 2));
            // the seed sleeps 15 s and hopes everything was consumed by then; wait for what is meant
            Async.await(Async.gather(producer3, producer4));
            Async.await(queue.join());
            consumer1.cancel();
            consumer2.cancel();
            List<Outcome<Void>> outcomes = Async.await(Async.gatherSettled(consumer1, consumer2, producer3, producer4));
            System.out.println("gather(return_exceptions=True): "
                    + outcomes.stream().map(o -> o.isCancelled() ? "cancelled" : o.isSuccess() ? "done" : "failed").toList());
        });
    }

    /** Seed 003: a bounded queue, one producer of ten foods, four consumers that stop at shutdown. */
    static void boundedVersion() {
        Async.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>(10);
            List<Task<Integer>> consumers = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String name = "echo" + i;
                consumers.add(Async.createTask(name, () -> {
                    int eaten = 0;
                    try {
                        while (true) {
                            String food = Async.await(q.get());
                            Async.await(Async.sleep(seconds(1 + RANDOM.nextInt(3))));
                            System.out.println(name + " ate " + food);
                            eaten++;
                        }
                    } catch (QueueShutDown e) { // the seed's `if not food: break`
                        return eaten;
                    }
                }));
            }
            Task<Void> producer = Async.createTask("henry", () -> {
                for (int i = 0; i < 10; i++) {
                    Async.await(Async.sleep(seconds(RANDOM.nextDouble())));
                    Async.await(q.put("food" + i));
                    System.out.println("henry made food" + i);
                }
                return null;
            });
            Async.await(producer);
            q.shutdown(); // the seed's q.put(None)
            int eaten = Async.await(Async.gather(consumers)).stream().mapToInt(Integer::intValue).sum();
            System.out.println("made 10, eaten " + eaten);
        });
    }

    /**
     * Runs both versions.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        asyncioVersion();
        boundedVersion();
    }
}
