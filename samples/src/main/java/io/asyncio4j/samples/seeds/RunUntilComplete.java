package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;
import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import java.util.List;

/**
 * {@code loop.run_until_complete} as the seeds use it before {@code asyncio.run}: seed 003's three
 * {@code demo} programs ("3. asyncio": one task; three coroutines awaited with {@code asyncio.wait},
 * nothing returned; two tasks made with {@code loop.create_task} whose results are read after the loop
 * ran them), and the program seeds 001 ("loop") and 002 ("并发和并行") share: three {@code do_some_work}
 * tasks, a {@code wait} on all three, then each task's result, in about 4 units rather than 7.
 *
 * <pre>
 * async def demo():                          t1 = loop.create_task(demo())
 *     print('start')                         t2 = loop.create_task(demo())
 *     await asyncio.sleep(1)                 tasks = [t1, t2]
 *     print('end')                           wait_obj = asyncio.wait([t1, t2])
 *     return 123                             loop.run_until_complete(wait_obj)
 * loop = asyncio.get_event_loop()            for task in tasks:
 * loop.run_until_complete(demo())                print(t.result())
 * wait_obj = asyncio.wait([demo(), demo(), demo()])
 * loop.run_until_complete(wait_obj)
 *
 * tasks = [asyncio.ensure_future(do_some_work(1)), ... (2), ... (4)]
 * loop.run_until_complete(asyncio.wait(tasks))
 * for task in tasks:
 *     print('Task ret: ', task.result())
 * print('TIME: ', now() - start)
 * </pre>
 *
 * <p>How Java differs: {@code get_event_loop()} is {@link EventLoop#newEventLoop} in a
 * {@code try}-with-resources, which closes it. {@code run_until_complete} takes a task body, or a task
 * made before the loop runs ({@link EventLoop#createTask}: {@code loop.create_task}); {@code asyncio.wait}
 * takes tasks, not coroutines, so a body makes them. The seed's third program prints {@code t.result()}
 * where its loop variable is {@code task}, a {@code NameError} in Python; the sample prints each task's.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar run-until-complete [secondsPerUnit]}
 * (default 1.0).
 */
public final class RunUntilComplete {
    private RunUntilComplete() {}

    static int demo() {
        System.out.println("start");
        Async.await(Async.sleep(seconds(1)));
        System.out.println("end");
        return 123;
    }

    /**
     * Runs the four programs.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        try (EventLoop loop = EventLoop.newEventLoop()) {
            System.out.println("== one task");
            loop.runUntilComplete(RunUntilComplete::demo);

            System.out.println("== asyncio.wait on three, nothing returned");
            loop.runUntilComplete(() -> Async.await(Async.wait(List.of(
                    Async.createTask(RunUntilComplete::demo),
                    Async.createTask(RunUntilComplete::demo),
                    Async.createTask(RunUntilComplete::demo)))));

            System.out.println("== two tasks, their results read after the loop ran them");
            Task<Integer> t1 = loop.createTask(RunUntilComplete::demo);
            Task<Integer> t2 = loop.createTask(RunUntilComplete::demo);
            List<Task<Integer>> tasks = List.of(t1, t2);
            loop.runUntilComplete(() -> Async.await(Async.wait(tasks)));
            for (Task<Integer> task : tasks) {
                System.out.println(task.result());
            }

            System.out.println("== do_some_work(1), (2), (4), asyncio.wait, then each result");
            long start = System.nanoTime();
            List<Task<String>> works = List.of(
                    loop.createTask(() -> doSomeWork(1)),
                    loop.createTask(() -> doSomeWork(2)),
                    loop.createTask(() -> doSomeWork(4)));
            loop.runUntilComplete(() -> Async.await(Async.wait(works)));
            for (Task<String> task : works) {
                System.out.println("Task ret: " + task.result());
            }
            System.out.printf("TIME: %.1f units%n", (System.nanoTime() - start) / 1e9 / DoSomeWork.unit);
        }
    }
}
