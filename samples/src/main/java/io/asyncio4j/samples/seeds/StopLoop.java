package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;

import io.asyncio4j.Async;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Seed 002, "协程停止" (stopping coroutines): three tasks run; on Ctrl-C (KeyboardInterrupt) the program
 * prints every task, cancels them all (the second version cancels a {@code gather} of them), lets the
 * loop run once more so that they finish being cancelled, and closes the loop.
 *
 * <pre>
 * tasks = [asyncio.ensure_future(do_some_work(1)), ... (2), ... (4)]
 * try:
 *     loop.run_until_complete(asyncio.wait(tasks))
 * except KeyboardInterrupt as e:
 *     print(asyncio.Task.all_tasks())
 *     for task in asyncio.Task.all_tasks():
 *         print(task.cancel())
 *     loop.stop()
 *     loop.run_forever()
 * finally:
 *     loop.close()
 * </pre>
 *
 * <p>How Java differs: {@link Async#run} does what the seed writes by hand, as {@code asyncio.run} does.
 * A real Ctrl-C (SIGINT) cancels the main task; the tasks it created are cancelled with it; main's
 * {@code catch} and {@code finally} blocks run and may still await, so main prints the tasks and waits
 * until every one has finished being cancelled (the seed's {@code run_forever}); {@code Async.run} then
 * closes the loop. Because main catches the cancellation and returns, as the seed catches
 * {@code KeyboardInterrupt}, the program ends normally (status 0); a main that let it through would end
 * with status 130, and a second Ctrl-C ends the program at once.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar stop-loop [secondsPerUnit] [--ctrl-c-after UNITS]}
 * and press Ctrl-C before the 4-unit task is done (otherwise all three finish and print their results).
 * With {@code --ctrl-c-after}, the program sends itself the SIGINT ({@code kill -INT}), for unattended runs.
 */
public final class StopLoop {
    private StopLoop() {}

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep; {@code --ctrl-c-after UNITS}
     */
    public static void main(String[] args) {
        double ctrlCAfter = -1;
        DoSomeWork.setUnit(args.length > 0 && args[0].startsWith("--") ? new String[0] : args);
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--ctrl-c-after")) {
                ctrlCAfter = Double.parseDouble(args[i + 1]);
            }
        }
        double pressAfter = ctrlCAfter;
        Async.run(() -> {
            List<Task<String>> tasks = List.of(
                    Async.createTask(() -> doSomeWork(1)),
                    Async.createTask(() -> doSomeWork(2)),
                    Async.createTask(() -> doSomeWork(4)));
            if (pressAfter >= 0) {
                Async.createTask("ctrl-c", () -> pressCtrlC(pressAfter));
            } else {
                double seconds = DoSomeWork.seconds(4).toMillis() / 1000.0;
                System.out.printf("press Ctrl-C within %.0f s to cancel every task%n", seconds);
            }
            try {
                WaitResult<Task<String>> r = Async.await(Async.wait(tasks));
                for (Task<String> task : r.done()) {
                    System.out.println("Task ret: " + task.result());
                }
            } catch (CancellationException e) { // except KeyboardInterrupt
                System.out.println("KeyboardInterrupt: main was cancelled, and the tasks it created with it");
                System.out.print(Async.dumpTasks()); // print(asyncio.Task.all_tasks())
                Async.await(Async.gatherSettled(tasks)); // loop.run_forever(): let them finish being cancelled
                System.out.println("cancelled: " + tasks.stream().filter(Task::isCancelled).count() + " of "
                        + tasks.size() + " tasks were cancelled, and every one has finished");
            }
        });
    }

    /** Sends this JVM a SIGINT, as Ctrl-C in its terminal would. */
    private static Void pressCtrlC(double units) {
        Async.await(Async.sleep(DoSomeWork.seconds(units)));
        System.out.println("^C (kill -INT " + ProcessHandle.current().pid() + ")");
        Async.await(Async.subprocess("kill", "-INT", Long.toString(ProcessHandle.current().pid())).waitFor());
        return null;
    }
}
