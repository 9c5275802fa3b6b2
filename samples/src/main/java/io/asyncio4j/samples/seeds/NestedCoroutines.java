package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.util.List;

/**
 * Seed 002, "协程嵌套" (nested coroutines), three programs: main() wraps three tasks and waits for them
 * with {@code asyncio.wait}, printing the results itself; then it returns {@code await gather(...)} to
 * {@code run_until_complete}, which returns the results; then it returns {@code await wait(...)}, and
 * the caller prints from the done set.
 *
 * <pre>
 * async def main():
 *     tasks = [asyncio.ensure_future(do_some_work(1)), ... do_some_work(2), ... do_some_work(4)]
 *     dones, pendings = await asyncio.wait(tasks)
 *     for task in dones:
 *         print('Task ret: ', task.result())
 *     # or: return await asyncio.gather(*tasks)   -&gt; results = loop.run_until_complete(main())
 *     # or: return await asyncio.wait(tasks)      -&gt; done, pending = loop.run_until_complete(main())
 * </pre>
 *
 * <p>How Java differs: a body that returns {@code Async.await(...)} gives {@code runUntilComplete} its
 * value, as in Python; {@code wait}'s {@code (done, pending)} pair is a {@link WaitResult}, whose
 * {@code done()} is a set, as Python's is.
 */
public final class NestedCoroutines {
    private NestedCoroutines() {}

    static List<Task<String>> tasks() {
        return List.of(
                Async.createTask(() -> doSomeWork(1)),
                Async.createTask(() -> doSomeWork(2)),
                Async.createTask(() -> doSomeWork(4)));
    }

    /**
     * Runs the wait variant, the gather variant and the returned wait.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        try (EventLoop loop = EventLoop.newEventLoop()) {
            // dones, pendings = await asyncio.wait(tasks)
            loop.runUntilComplete(() -> {
                WaitResult<Task<String>> r = Async.await(Async.wait(tasks()));
                for (Task<String> task : r.done()) {
                    System.out.println("Task ret: " + task.result());
                }
                return null;
            });
            // return await asyncio.gather(*tasks)
            List<String> results = loop.runUntilComplete(() -> Async.await(Async.gather(tasks())));
            for (String result : results) {
                System.out.println("Task ret: " + result);
            }
            // return await asyncio.wait(tasks)
            WaitResult<Task<String>> donePending = loop.runUntilComplete(() -> Async.await(Async.wait(tasks())));
            for (Task<String> task : donePending.done()) {
                System.out.println("Task ret: " + task.result());
            }
        }
    }
}
