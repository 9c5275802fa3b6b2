package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Seed 002, "gather与wait": {@code gather} takes the coroutines themselves and returns their results in
 * order; and since a gather is itself awaitable, a gather of gathers returns a list of lists. The groups
 * run at once: the whole takes as long as the slowest coroutine (6 units), not the sum.
 *
 * <pre>
 * loop.run_until_complete(asyncio.gather(
 *     do_some_work(1),
 *     do_some_work(2),
 *     do_some_work(3),
 * ))
 * group1 = asyncio.gather(*[do_some_work(x) for x in range(1, 3)])
 * group2 = asyncio.gather(*[do_some_work(x) for x in range(1, 5)])
 * group3 = asyncio.gather(*[do_some_work(x) for x in range(1, 7)])
 * loop.run_until_complete(asyncio.gather(group1, group2, group3))
 * </pre>
 *
 * <p>How Java differs: Java has no {@code *args} spread of a list; {@link Async#gather} takes a list or
 * varargs. A coroutine must be made a task to run ({@link Async#createTask}); {@code gather} returns a
 * {@code CompletableFuture<List<T>>}, so a gather of three groups is a
 * {@code CompletableFuture<List<List<String>>>}.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar gather-groups [secondsPerUnit]} (default 1.0).
 */
public final class GatherGroups {
    private GatherGroups() {}

    /** {@code asyncio.gather(*[do_some_work(x) for x in range(from, to)])}. */
    static CompletableFuture<List<String>> group(int from, int to) {
        return Async.gather(IntStream.range(from, to).mapToObj(x -> Async.createTask(() -> doSomeWork(x))).toList());
    }

    /**
     * Runs the gather of three, then the gather of groups.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<String> three = loop.runUntilComplete(() -> Async.await(Async.gather(
                    Async.createTask(() -> doSomeWork(1)),
                    Async.createTask(() -> doSomeWork(2)),
                    Async.createTask(() -> doSomeWork(3)))));
            System.out.println(three);

            long start = System.nanoTime();
            List<List<String>> groups = loop.runUntilComplete(() -> {
                CompletableFuture<List<String>> group1 = group(1, 3);
                CompletableFuture<List<String>> group2 = group(1, 5);
                CompletableFuture<List<String>> group3 = group(1, 7);
                return Async.await(Async.gather(group1, group2, group3));
            });
            for (List<String> g : groups) {
                System.out.println(g);
            }
            double units = (System.nanoTime() - start) / 1e9 / DoSomeWork.unit;
            System.out.printf("the three groups together took %.1f units%n", units);
        }
    }
}
