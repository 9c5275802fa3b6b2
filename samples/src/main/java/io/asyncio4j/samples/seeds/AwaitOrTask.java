package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.Task;

/**
 * Seed 001, "协程运行流程" (how coroutines run): {@code work_1} sleeps one second and {@code work_2} two.
 * Awaited one after the other, they take three seconds: awaiting a coroutine runs it to its end, and
 * only one event exists to schedule. Made tasks first, they take two: while {@code main} awaits task 1,
 * the loop runs task 2 as well.
 *
 * <pre>
 * async def work_1():                       async def main():            # synchronous
 *     print('work_1 start')                     print('before await')
 *     await asyncio.sleep(1)                    await work_1()
 *     print('work_1 end')                       print('awaited work_1')
 * async def work_2():                           await work_2()
 *     print('work_2 start')                     print('awaited work_2')
 *     await asyncio.sleep(2)
 *     print('work_2 end')                   async def main():            # asynchronous
 *                                               task1 = asyncio.create_task(work_1())
 *                                               task2 = asyncio.create_task(work_2())
 *                                               print('before await')
 *                                               await task1
 *                                               print('awaited work_1')
 *                                               await task2
 *                                               print('awaited work_2')
 * </pre>
 *
 * <p>How Java differs: a coroutine is a method; {@code await work_1()} is simply the call
 * {@code work1()} inside a task body, which waits where it calls {@code Async.await}.
 * {@code asyncio.create_task} is {@link Async#createTask}; like Python's, the new task starts on a next
 * loop iteration, so "before await" is printed first in both programs.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar work [secondsPerUnit]} (default 1.0).
 */
public final class AwaitOrTask {
    private AwaitOrTask() {}

    static Void work1() {
        System.out.println("work_1 start");
        Async.await(Async.sleep(seconds(1)));
        System.out.println("work_1 end");
        return null;
    }

    static Void work2() {
        System.out.println("work_2 start");
        Async.await(Async.sleep(seconds(2)));
        System.out.println("work_2 end");
        return null;
    }

    /**
     * Runs the synchronous main, then the asynchronous one, and prints how long each took.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        timed("awaited one after the other", () -> Async.run(() -> {
            System.out.println("before await");
            work1();
            System.out.println("awaited work_1");
            work2();
            System.out.println("awaited work_2");
        }));
        timed("as tasks", () -> Async.run(() -> {
            Task<Void> task1 = Async.createTask(AwaitOrTask::work1);
            Task<Void> task2 = Async.createTask(AwaitOrTask::work2);
            System.out.println("before await");
            Async.await(task1);
            System.out.println("awaited work_1");
            Async.await(task2);
            System.out.println("awaited work_2");
        }));
    }

    private static void timed(String title, Runnable r) {
        System.out.println("== " + title);
        long start = System.nanoTime();
        r.run();
        System.out.printf("used %.2f s%n", (System.nanoTime() - start) / 1e9);
    }
}
