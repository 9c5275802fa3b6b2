package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 002, "不同线程的事件循环" (an event loop in another thread): the main thread starts a loop on
 * a new thread and feeds it coroutines with {@code run_coroutine_threadsafe} and plain functions with
 * {@code call_soon_threadsafe}; it is not blocked meanwhile. The two coroutines overlap (about 6
 * units in all, not 10); the blocking {@code more_work} holds the loop while it runs, as in Python.
 *
 * <pre>
 * new_loop = asyncio.new_event_loop()
 * t = Thread(target=start_loop, args=(new_loop,)); t.start()
 * asyncio.run_coroutine_threadsafe(do_some_work(6), new_loop)
 * asyncio.run_coroutine_threadsafe(do_some_work(4), new_loop)
 * new_loop.call_soon_threadsafe(more_work, 1)
 * </pre>
 */
public final class LoopInAnotherThread {
    private LoopInAnotherThread() {}

    static Void doSomeWork(int x) {
        System.out.println("Waiting " + x);
        Async.await(Async.sleep(seconds(x)));
        System.out.println("Done after " + x + "s");
        return null;
    }

    static void moreWork(int x) {
        System.out.println("More work " + x);
        try {
            Thread.sleep(seconds(x).toMillis()); // time.sleep: blocks the loop, on purpose
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("Finished more work " + x);
    }

    /**
     * Runs the sample.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        try (EventLoop newLoop = EventLoop.startInThread("new-loop")) {
            CompletableFuture<Void> six = Async.runCoroutineThreadsafe(() -> doSomeWork(6), newLoop);
            CompletableFuture<Void> four = Async.runCoroutineThreadsafe(() -> doSomeWork(4), newLoop);
            newLoop.callSoonThreadsafe(() -> moreWork(1));
            System.out.println("main thread is free while the loop works");
            CompletableFuture.allOf(six, four).join();
        } // close(): stops the loop and joins its thread
    }
}
