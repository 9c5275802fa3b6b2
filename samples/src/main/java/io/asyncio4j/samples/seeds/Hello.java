package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;

/**
 * Seed 002's first two programs: asyncio's hello world, then "协程完整的工作流程" (the whole life of a
 * coroutine): make a coroutine, turn it into a task on a loop, run the loop until the task is done. The
 * task is pending before the loop runs it and finished after.
 *
 * <pre>
 * async def main():                         async def hello(name):
 *     print('Hello')                            print('Hello', name)
 *     await asyncio.sleep(1)                coroutine = hello('World')
 *     print('...World!')                    loop = asyncio.get_event_loop()
 * asyncio.run(main())                       task = loop.create_task(coroutine)
 *                                           loop.run_until_complete(task)
 * </pre>
 *
 * <p>How Java differs: there is no coroutine object to hold before it is scheduled. A body is a lambda
 * ({@link io.asyncio4j.AsyncCallable}) that {@link EventLoop#createTask} turns into a task at once;
 * {@code asyncio.run} is {@link Async#run}, {@code run_until_complete} is
 * {@link EventLoop#runUntilComplete}, and the loop is closed by {@code try}-with-resources.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar hello [secondsPerUnit]} (default 1.0).
 */
public final class Hello {
    private Hello() {}

    static Void hello(String name) {
        System.out.println("Hello " + name);
        return null;
    }

    /**
     * Runs both programs.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        Async.run(() -> {
            System.out.println("Hello");
            Async.await(Async.sleep(seconds(1)));
            System.out.println("...World!");
        });

        try (EventLoop loop = EventLoop.newEventLoop()) {
            Task<Void> task = loop.createTask(() -> hello("World"));
            System.out.println("before the loop runs: " + task);
            loop.runUntilComplete(task);
            System.out.println("after run_until_complete: " + task);
        }
    }
}
