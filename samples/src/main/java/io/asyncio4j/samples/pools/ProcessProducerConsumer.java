package io.asyncio4j.samples.pools;

import io.asyncio4j.ProcessQueue;
import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 003's producer/consumer between processes, twice, through a {@link ProcessQueue} that this
 * process serves and the worker processes use:
 * <ol>
 *   <li>{@code cp(1, 4)}: one producer process puts {@code food0}..{@code food9} on a
 *       {@code Queue(10)}, four consumer processes eat them; after joining the producer, main puts a
 *       {@code None} sentinel, which each consumer puts back for the next before it stops (the
 *       queue takes null, as Python's takes {@code None}). The seed's producer prints
 *       {@code henry生产了一个food} without the number, and so does this;</li>
 *   <li>{@code JoinableQueue}: the producer puts ten items and then waits in {@code q.join()} until
 *       every one was marked {@code task_done()}; the consumer is a daemon, killed once the
 *       producer is joined. The seed's program does not run as written ({@code Processor},
 *       {@code if __name__ = ...}, and its producer never puts): this is what its notes (1.3)
 *       describe. The daemon is a job whose future is cancelled, as in {@link DaemonProcess}.</li>
 * </ol>
 * Python starts a process per producer and consumer; here they are jobs of one pool of five worker
 * processes (a job holds its worker until it returns).
 *
 * <pre>
 * def producer(q, name, food):                 def consumer(q, name):
 *     for i in range(10):                          while True:
 *         time.sleep(random.random())                  food = q.get()
 *         fd = '%s%s' % (food, i)                      if not food:
 *         q.put(fd)                                        q.put(None); break
 *         print('%s生产了一个%s' % (name, food))        time.sleep(random.randint(1, 3))
 *                                                      print('%s吃了%s' % (name, food))
 * </pre>
 */
public final class ProcessProducerConsumer {
    private ProcessProducerConsumer() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        double unit = Py.unit(args);
        try (WorkerPool pool = WorkerPool.processes(5)) {
            cp(pool, 1, 4, unit);
            System.out.println("----------");
            joinable(pool, unit);
        }
    }

    static void cp(WorkerPool pool, int num1, int num2, double unit) {
        try (ProcessQueue<String> q = ProcessQueue.create(10)) {
            List<CompletableFuture<Void>> pL = new ArrayList<>();
            for (int i = 0; i < num1; i++) {
                pL.add(pool.submit(() -> {
                    produce(q, "henry", "food", unit);
                    return null;
                }));
            }
            List<CompletableFuture<Void>> cL = new ArrayList<>();
            for (int i = 0; i < num2; i++) {
                String name = "echo" + (i + 1);
                cL.add(pool.submit(() -> {
                    while (true) {
                        String food = q.get();
                        if (food == null) {
                            q.put(null); // the sentinel stays for the next consumer
                            return null;
                        }
                        Py.sleep(unit, ThreadLocalRandom.current().nextInt(1, 4));
                        System.out.println(name + "吃了" + food);
                    }
                }));
            }
            pL.forEach(CompletableFuture::join);
            q.put(null);
            cL.forEach(CompletableFuture::join); // Python's main waits for its non-daemon children
        }
    }

    static void joinable(WorkerPool pool, double unit) {
        try (ProcessQueue<String> jq = ProcessQueue.create()) {
            CompletableFuture<Void> c = pool.submit(() -> {
                while (true) {
                    String food = jq.get();
                    Py.sleep(unit, ThreadLocalRandom.current().nextInt(1, 4));
                    System.out.println("echo吃了" + food);
                    jq.taskDone();
                }
            });
            CompletableFuture<Void> p = pool.submit(() -> {
                produce(jq, "henry", "food", unit);
                jq.join(); // returns once the consumer has marked every item done
                return null;
            });
            p.join();
            c.cancel(true); // the daemon consumer ends with the main code
        }
    }

    private static void produce(ProcessQueue<String> q, String name, String food, double unit) {
        for (int i = 0; i < 10; i++) {
            Py.sleep(unit, ThreadLocalRandom.current().nextDouble());
            q.put(food + i);
            System.out.println(name + "生产了一个" + food);
        }
    }
}
