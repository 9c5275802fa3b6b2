package io.asyncio4j.samples.seeds;

import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;

/**
 * Seed 002, "绑定回调函数" (binding a callback): a function added with {@code add_done_callback} runs
 * when the task is done and gets the task, whose {@code result()} it reads; a callback that needs more
 * arguments gets them bound with {@code functools.partial}.
 *
 * <pre>
 * async def _sleep(x):
 *     time.sleep(2)
 *     return '暂停了{}秒'.format(x)
 * def callback(future):
 *     print('这里是回调函数，获取返回结果是：', future.result())
 * task = asyncio.ensure_future(_sleep(2))
 * task.add_done_callback(callback)
 * loop.run_until_complete(task)
 *
 * def callback(t, future):                   # with functools.partial
 *     print('Callback:', t, future.result())
 * task.add_done_callback(functools.partial(callback, 2))
 * </pre>
 *
 * <p>How Java differs: {@link Task#addDoneCallback} takes a {@code Consumer<Task<T>>}; a lambda that
 * captures the extra argument is {@code partial}. The callback runs on the loop, after the task is done,
 * as asyncio's does. Like the seed, {@code _sleep} blocks in {@code time.sleep} ({@link Thread#sleep}):
 * in a blocking-style body that holds the loop for two seconds, as in Python, where it stalls every other
 * task. {@code Async.sleep} would let them run, and debug mode ({@code Async.run(main, true)}) reports
 * a task that holds the loop this long.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar done-callback [secondsPerUnit]} (default 1.0).
 */
public final class DoneCallback {
    private DoneCallback() {}

    static String sleep(int x) throws InterruptedException {
        Thread.sleep(DoSomeWork.seconds(2).toMillis());
        return "暂停了" + x + "秒";
    }

    static void callback(Task<String> future) {
        System.out.println("这里是回调函数，获取返回结果是： " + future.result());
    }

    static void callback(int t, Task<String> future) {
        System.out.println("Callback: " + t + " " + future.result());
    }

    /**
     * Runs the task with both callbacks.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        try (EventLoop loop = EventLoop.newEventLoop()) {
            Task<String> task = loop.createTask(() -> sleep(2));
            task.addDoneCallback(DoneCallback::callback);
            int t = 2;
            task.addDoneCallback(future -> callback(t, future)); // functools.partial(callback, 2)
            String result = loop.runUntilComplete(task);
            System.out.println("run_until_complete returned: " + result);
        }
    }
}
