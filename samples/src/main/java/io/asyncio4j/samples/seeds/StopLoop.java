package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.util.List;

/**
 * Seed 002, "协程停止" (stopping coroutines): on Ctrl-C (KeyboardInterrupt) cancel every task, then
 * stop and close the loop. In Java, interrupting the thread that runs the loop is the Ctrl-C: it
 * cancels the main task, which cancels the tasks it created; closing the loop waits for them.
 * Here a watchdog thread interrupts the loop's thread after 1.5 units.
 *
 * <pre>
 * try:
 *     loop.run_until_complete(task)
 * except KeyboardInterrupt as e:
 *     print(asyncio.Task.all_tasks())
 *     print(asyncio.gather(*asyncio.Task.all_tasks()).cancel())
 *     loop.stop()
 *     loop.run_forever()
 * finally:
 *     loop.close()
 * </pre>
 */
public final class StopLoop {
    private StopLoop() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) throws InterruptedException {
        DoSomeWork.setUnit(args);
        Thread runner = Thread.currentThread();
        Thread ctrlC = new Thread(() -> {
            try {
                Thread.sleep(DoSomeWork.seconds(1.5).toMillis());
                System.out.println(Async.dumpTasks()); // print(asyncio.Task.all_tasks())
                runner.interrupt();
            } catch (InterruptedException ignored) {
                // main finished first
            }
        }, "ctrl-c");
        try (EventLoop loop = EventLoop.newEventLoop()) {
            loop.runUntilComplete(() -> {
                ctrlC.start(); // "press Ctrl-C" 1.5 units after the loop started
                List<Task<String>> tasks = List.of(
                        Async.createTask(() -> doSomeWork(1)),
                        Async.createTask(() -> doSomeWork(2)),
                        Async.createTask(() -> doSomeWork(4)));
                WaitResult<Task<String>> r = Async.await(Async.wait(tasks));
                for (Task<String> task : r.done()) {
                    System.out.println("Task ret: " + task.result());
                }
                return null;
            });
        } catch (java.util.concurrent.CancellationException e) {
            System.out.println("cancelled: every task was cancelled and has finished");
        } finally {
            ctrlC.interrupt();
            ctrlC.join();
            Thread.interrupted();
        }
    }
}
