package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.doSomeWork;

import io.asyncio4j.Async;
import io.asyncio4j.ReturnWhen;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.util.List;

/**
 * Seed 002, "gather与wait": {@code asyncio.wait}'s control over when it returns —
 * {@code FIRST_COMPLETED}, and a timeout.
 *
 * <pre>
 * dones, pendings = loop.run_until_complete(asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED))
 * asyncio.wait(tasks, timeout=1)  # returns after 1 second
 * </pre>
 */
public final class WaitControl {
    private WaitControl() {}

    /**
     * Runs both variants.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        Async.run(() -> {
            List<Task<String>> tasks = List.of(
                    Async.createTask(() -> doSomeWork(1)),
                    Async.createTask(() -> doSomeWork(2)),
                    Async.createTask(() -> doSomeWork(4)));
            WaitResult<Task<String>> first = Async.await(Async.wait(tasks, ReturnWhen.FIRST_COMPLETED));
            System.out.println("FIRST_COMPLETED: done=" + first.done().size() + " pending=" + first.pending().size());
            for (Task<String> t : first.done()) {
                System.out.println("Task ret: " + t.result());
            }
            // the tasks go on: wait with a timeout of 1.5 units from now
            WaitResult<Task<String>> timed = Async.await(Async.wait(tasks, ReturnWhen.ALL_COMPLETED, DoSomeWork.seconds(1.5)));
            System.out.println("timeout: done=" + timed.done().size() + " pending=" + timed.pending().size());
            timed.pending().forEach(Task::cancel); // wait never cancels; we do
        });
    }
}
