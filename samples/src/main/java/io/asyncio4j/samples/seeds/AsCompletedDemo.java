package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;

import io.asyncio4j.Async;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 002, {@code as_completed}: results print one by one, after 1, 2 and 4 units — the order in
 * which the tasks finish, not the order they were given in.
 *
 * <pre>
 * for task in asyncio.as_completed(tasks):
 *     result = await task
 *     print('Task ret: {}'.format(result))
 * </pre>
 */
public final class AsCompletedDemo {
    private AsCompletedDemo() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        Async.run(() -> {
            // given slowest first, to show that the order is completion order
            var tasks = java.util.List.of(
                    Async.createTask(() -> doSomeWork(4)),
                    Async.createTask(() -> doSomeWork(1)),
                    Async.createTask(() -> doSomeWork(2)));
            for (CompletableFuture<String> task : Async.asCompleted(tasks)) {
                String result = Async.await(task);
                System.out.println("Task ret: " + result);
            }
        });
    }
}
