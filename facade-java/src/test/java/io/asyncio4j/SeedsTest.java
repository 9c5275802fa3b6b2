package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The asyncio examples of seeds 001 and 002 ported line by line, as a new user would write them, and
 * checked to behave the same: same output in the same order, same results, concurrency where asyncio
 * has it. A "second" of the seeds is {@link #UNIT} here, so the suite stays fast; wall-clock time is
 * compared only as a ratio (gather vs sequential).
 */
@Timeout(20)
class SeedsTest {
    /** One "second" of the seeds. */
    private static final long UNIT_MS = 60; // large enough that a loaded CI machine keeps the seeds' timer order

    private final List<String> out = Collections.synchronizedList(new ArrayList<>());

    /** Python's print. */
    private void print(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(sb.length() == 0 ? "" : " ").append(p);
        }
        out.add(sb.toString());
    }

    private static Duration seconds(long n) {
        return Duration.ofMillis(n * UNIT_MS);
    }

    @BeforeEach
    void clear() {
        out.clear();
    }

    // ================================================================== seed 001: crawl_page

    // async def crawl_page(url):
    //     print('crawling {}'.format(url))
    //     sleep_time = int(url.split('_')[-1])
    //     await asyncio.sleep(sleep_time)
    //     print('OK {}'.format(url))
    private Void crawlPage(String url) {
        print("crawling " + url);
        String[] parts = url.split("_");
        int sleepTime = Integer.parseInt(parts[parts.length - 1]);
        Async.await(Async.sleep(seconds(sleepTime)));
        print("OK " + url);
        return null;
    }

    private static final List<String> URLS = List.of("url_1", "url_2", "url_3", "url_4");

    /** The first version: {@code await crawl_page(url)} in a loop, one after another. */
    private long crawlSequential() {
        long start = System.nanoTime();
        Async.run(() -> {
            for (String url : URLS) {
                crawlPage(url);
            }
        });
        return System.nanoTime() - start;
    }

    /** The second version: create_task for each, then await each task. */
    private long crawlCreateTask() {
        long start = System.nanoTime();
        Async.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String url : URLS) {
                tasks.add(Async.createTask(() -> crawlPage(url)));
            }
            for (Task<Void> task : tasks) {
                Async.await(task);
            }
        });
        return System.nanoTime() - start;
    }

    /** The third version: create_task for each, then {@code await asyncio.gather(*tasks)}. */
    private long crawlGather() {
        long start = System.nanoTime();
        Async.run(() -> {
            List<Task<Void>> tasks = URLS.stream().map(url -> Async.createTask(() -> crawlPage(url))).toList();
            Async.await(Async.gather(tasks));
        });
        return System.nanoTime() - start;
    }

    @Test
    void crawlPage_sequentialVersusCreateTaskVersusGather() {
        long sequential = crawlSequential();
        assertThat(out).containsExactly("crawling url_1", "OK url_1", "crawling url_2", "OK url_2",
                "crawling url_3", "OK url_3", "crawling url_4", "OK url_4");
        out.clear();
        long createTask = crawlCreateTask();
        List<String> concurrent = List.of("crawling url_1", "crawling url_2", "crawling url_3", "crawling url_4",
                "OK url_1", "OK url_2", "OK url_3", "OK url_4");
        assertThat(out).containsExactlyElementsOf(concurrent);
        out.clear();
        long gather = crawlGather();
        assertThat(out).containsExactlyElementsOf(concurrent);
        // asyncio: about 10 s sequentially, about 4 s concurrently
        assertThat(sequential).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10 * UNIT_MS));
        assertThat((double) gather / sequential).as("gather / sequential").isLessThan(0.75);
        assertThat((double) createTask / sequential).as("create_task / sequential").isLessThan(0.75);
    }

    // ================================================================== seed 001: work_1 / work_2

    @Test
    void workSynchronous_awaitingCoroutinesDirectlyIsSequential() {
        // async def main(): print('before await'); await work_1(); print('awaited work_1'); await work_2(); ...
        Async.run(() -> {
            print("before await");
            work1(null);
            print("awaited work_1");
            work2(null);
            print("awaited work_2");
        });
        assertThat(out).containsExactly("before await", "work_1 start", "work_1 end", "awaited work_1",
                "work_2 start", "work_2 end", "awaited work_2");
    }

    private Void work1(Steps s) {
        step(s, 4);
        print("work_1 start");
        step(s, 5);
        Async.await(Async.sleep(seconds(1)));
        step(s, 8);
        print("work_1 end");
        return null;
    }

    private Void work2(Steps s) {
        step(s, 6);
        print("work_2 start");
        step(s, 7);
        Async.await(Async.sleep(seconds(2)));
        step(s, 11);
        print("work_2 end");
        return null;
    }

    private static void step(Steps s, int n) {
        if (s != null) {
            s.expect(n);
        }
    }

    @Test
    void workAsynchronous_theTwelveNumberedStepsOfTheSeed() {
        // The seed numbers the steps 1..12 in its comments; they happen in exactly that order.
        Steps s = new Steps();
        s.expect(1); // 1、程序进入main函数，启动事件循环
        Async.run(() -> {
            s.expect(2); // 2、创建任务，并加入事件循环中
            Task<Void> task1 = Async.createTask(() -> work1(s));
            Task<Void> task2 = Async.createTask(() -> work2(s));
            print("before await");
            s.expect(3); // 3、main交出控制权
            Async.await(task1);
            s.expect(9); // 9、task1完成，main获得控制权
            print("awaited work_1");
            s.expect(10); // 10、等待task2完成
            Async.await(task2);
            s.expect(12); // 12、task2完成，main获得控制权
            print("awaited work_2");
        });
        s.finish(13);
        assertThat(out).containsExactly("before await", "work_1 start", "work_2 start", "work_1 end", "awaited work_1",
                "work_2 end", "awaited work_2");
    }

    // ================================================================== do_some_work (seeds 001 and 002)

    // async def do_some_work(x):
    //     print('Waiting: ', x)
    //     await asyncio.sleep(x)
    //     return 'Done after {}s'.format(x)
    private String doSomeWork(int x) {
        print("Waiting:", x);
        Async.await(Async.sleep(seconds(x)));
        return "Done after " + x + "s";
    }

    @Test
    void loopRunUntilCompleteWait_thenTaskResult() {
        // tasks = [asyncio.ensure_future(coroutine1), ...]; loop.run_until_complete(asyncio.wait(tasks))
        EventLoop loop = EventLoop.newEventLoop();
        try {
            List<Task<String>> tasks = List.of(
                    loop.createTask(() -> doSomeWork(1)),
                    loop.createTask(() -> doSomeWork(2)),
                    loop.createTask(() -> doSomeWork(4)));
            loop.runUntilComplete(Async.wait(tasks));
            for (Task<String> task : tasks) {
                print("Task ret: ", task.result());
            }
        } finally {
            loop.close();
        }
        assertThat(out).containsExactly("Waiting: 1", "Waiting: 2", "Waiting: 4",
                "Task ret:  Done after 1s", "Task ret:  Done after 2s", "Task ret:  Done after 4s");
    }

    @Test
    void helloWorld_createTaskAndRunUntilComplete() {
        // coroutine = hello('World'); loop = asyncio.get_event_loop(); task = loop.create_task(coroutine)
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Task<Void> task = loop.createTask(() -> {
                print("Hello", "World");
                return null;
            });
            loop.runUntilComplete(task);
            assertThat(task.isDone()).isTrue();
        } finally {
            loop.close();
        }
        assertThat(out).containsExactly("Hello World");
    }

    @Test
    void doneCallback_getsTheFinishedTask() {
        // async def _sleep(x): time.sleep(2); return '暂停了{}秒'.format(x)
        // task.add_done_callback(callback); loop.run_until_complete(task)
        EventLoop loop = EventLoop.newEventLoop();
        try {
            Task<String> task = loop.createTask(() -> {
                Thread.sleep(UNIT_MS); // the seed blocks with time.sleep on purpose
                return "暂停了2秒";
            });
            task.addDoneCallback(future -> print("这里是回调函数，获取返回结果是：", future.result()));
            loop.runUntilComplete(task);
            loop.runUntilComplete(Async.sleep(Duration.ZERO)); // asyncio runs the callback on the next iteration too
        } finally {
            loop.close();
        }
        assertThat(out).containsExactly("这里是回调函数，获取返回结果是： 暂停了2秒");
    }

    @Test
    void nested_awaitWaitInsideMain() {
        // dones, pendings = await asyncio.wait(tasks); for task in dones: print('Task ret: ', task.result())
        EventLoop loop = EventLoop.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                List<Task<String>> tasks = List.of(
                        Async.ensureFuture(Async.createTask(() -> doSomeWork(1))),
                        Async.ensureFuture(Async.createTask(() -> doSomeWork(2))),
                        Async.ensureFuture(Async.createTask(() -> doSomeWork(4))));
                WaitResult<Task<String>> r = Async.await(Async.wait(tasks));
                assertThat(r.pending()).isEmpty();
                for (Task<String> task : r.done()) {
                    print("Task ret: ", task.result());
                }
                return null;
            });
        } finally {
            loop.close();
        }
        assertThat(out.subList(0, 3)).containsExactly("Waiting: 1", "Waiting: 2", "Waiting: 4");
        assertThat(out.subList(3, 6)).containsExactlyInAnyOrder(
                "Task ret:  Done after 1s", "Task ret:  Done after 2s", "Task ret:  Done after 4s");
    }

    @Test
    void nested_returnAwaitGatherFromMain() {
        // return await asyncio.gather(*tasks); results = loop.run_until_complete(main())
        EventLoop loop = EventLoop.newEventLoop();
        List<String> results;
        try {
            results = loop.runUntilComplete(() -> {
                List<Task<String>> tasks = List.of(
                        Async.createTask(() -> doSomeWork(1)),
                        Async.createTask(() -> doSomeWork(2)),
                        Async.createTask(() -> doSomeWork(4)));
                return Async.await(Async.gather(tasks));
            });
        } finally {
            loop.close();
        }
        assertThat(results).containsExactly("Done after 1s", "Done after 2s", "Done after 4s");
    }

    @Test
    void nested_returnAwaitWaitFromMain() {
        // return await asyncio.wait(tasks); done, pending = loop.run_until_complete(main())
        EventLoop loop = EventLoop.newEventLoop();
        try {
            WaitResult<Task<String>> r = loop.runUntilComplete(() -> Async.await(Async.wait(List.of(
                    Async.createTask(() -> doSomeWork(1)),
                    Async.createTask(() -> doSomeWork(2)),
                    Async.createTask(() -> doSomeWork(4))))));
            for (Task<String> task : r.done()) {
                print("Task ret: ", task.result());
            }
            assertThat(r.done()).hasSize(3);
            assertThat(r.pending()).isEmpty();
        } finally {
            loop.close();
        }
    }

    @Test
    void asCompleted_printsOneByOneInCompletionOrder() {
        // for task in asyncio.as_completed(tasks): result = await task; print('Task ret: {}'.format(result))
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        EventLoop loop = EventLoop.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                List<Task<String>> tasks = List.of(
                        Async.createTask(() -> doSomeWork(4)),
                        Async.createTask(() -> doSomeWork(1)),
                        Async.createTask(() -> doSomeWork(2)));
                tasks.forEach(t -> t.addDoneCallback(done -> finished.add("Task ret: " + done.result())));
                for (CompletableFuture<String> task : Async.asCompleted(tasks)) {
                    String result = Async.await(task);
                    print("Task ret: " + result);
                }
                return null;
            });
        } finally {
            loop.close();
        }
        assertThat(out.subList(0, 3)).containsExactly("Waiting: 4", "Waiting: 1", "Waiting: 2");
        // the order the tasks finished in, which timers decide (1, 2, 4 units) unless a loaded machine starts
        // the first task's timer later than the others' end: on such a machine the order once came out 4, 1, 2
        assertThat(finished).containsExactlyInAnyOrder("Task ret: Done after 1s", "Task ret: Done after 2s",
                "Task ret: Done after 4s");
        assertThat(out.subList(3, out.size())).containsExactlyElementsOf(finished);
    }

    @Test
    void wait_returnWhenAndTimeout() {
        // dones, pendings = loop.run_until_complete(asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED))
        EventLoop loop = EventLoop.newEventLoop();
        try {
            List<Task<String>> tasks = List.of(
                    loop.createTask(() -> doSomeWork(1)),
                    loop.createTask(() -> doSomeWork(2)),
                    loop.createTask(() -> doSomeWork(4)));
            WaitResult<Task<String>> first = loop.runUntilComplete(Async.wait(tasks, ReturnWhen.FIRST_COMPLETED));
            assertThat(first.done()).containsExactly(tasks.get(0));
            assertThat(first.pending()).containsExactlyInAnyOrder(tasks.get(1), tasks.get(2));
            // asyncio.wait(tasks, timeout=1): returns after the timeout with what is done by then
            WaitResult<Task<String>> timed = loop.runUntilComplete(Async.wait(tasks, ReturnWhen.ALL_COMPLETED, seconds(1)));
            assertThat(timed.done()).contains(tasks.get(0)).doesNotContain(tasks.get(2));
            assertThat(timed.pending()).contains(tasks.get(2));
            // ALL_COMPLETED, the default
            WaitResult<Task<String>> all = loop.runUntilComplete(Async.wait(tasks));
            assertThat(all.done()).hasSize(3);
            assertThat(tasks.get(2).result()).isEqualTo("Done after 4s");
        } finally {
            loop.close();
        }
    }

    @Test
    void gatherOfGathers() {
        // group1 = asyncio.gather(*[do_some_work(x) for x in range(1, 3)]) ...
        // loop.run_until_complete(asyncio.gather(group1, group2, group3))
        EventLoop loop = EventLoop.newEventLoop();
        try {
            List<List<String>> r = loop.runUntilComplete(() -> {
                CompletableFuture<List<String>> group1 = Async.gather(range(1, 3).stream().map(x -> Async.createTask(() -> doSomeWork(x))).toList());
                CompletableFuture<List<String>> group2 = Async.gather(range(1, 5).stream().map(x -> Async.createTask(() -> doSomeWork(x))).toList());
                CompletableFuture<List<String>> group3 = Async.gather(range(1, 7).stream().map(x -> Async.createTask(() -> doSomeWork(x))).toList());
                return Async.await(Async.gather(group1, group2, group3));
            });
            assertThat(r).hasSize(3);
            assertThat(r.get(0)).containsExactly("Done after 1s", "Done after 2s");
            assertThat(r.get(2)).hasSize(6).endsWith("Done after 6s");
        } finally {
            loop.close();
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    // ================================================================== seed 002: stopping coroutines

    @Test
    void cancelAllTasksOnKeyboardInterrupt_thenStopRunForeverClose() {
        // try: loop.run_until_complete(asyncio.wait(tasks))
        // except KeyboardInterrupt: for task in all_tasks: print(task.cancel()); loop.stop(); loop.run_forever()
        // finally: loop.close()
        // KeyboardInterrupt is an interrupt of the thread driving the loop; here it arrives once task 1 is done.
        EventLoop loop = EventLoop.newEventLoop();
        List<Task<String>> tasks = List.of(
                loop.createTask(() -> doSomeWork(1)),
                loop.createTask(() -> doSomeWork(2)),
                loop.createTask(() -> doSomeWork(4)));
        tasks.get(0).addDoneCallback(t -> Thread.currentThread().interrupt()); // "Ctrl-C"
        try {
            loop.runUntilComplete(Async.wait(tasks));
            print("not interrupted");
        } catch (CancellationException keyboardInterrupt) {
            for (Task<String> task : tasks) {
                print(task.cancel());
            }
            loop.stop();
            loop.runForever();
        } finally {
            loop.close();
        }
        assertThat(Thread.interrupted()).as("the interrupt was consumed by the loop").isFalse();
        assertThat(out).containsExactly("Waiting: 1", "Waiting: 2", "Waiting: 4", "false", "true", "true");
        assertThat(tasks.get(0).result()).isEqualTo("Done after 1s");
        assertThat(tasks.get(1).isCancelled()).isTrue();
        assertThat(tasks.get(2).isCancelled()).isTrue();
    }

    @Test
    void cancelTheMainTaskOnKeyboardInterrupt_gatherCancel() {
        // task = asyncio.ensure_future(main()); try: loop.run_until_complete(task)
        // except KeyboardInterrupt: print(asyncio.gather(*asyncio.Task.all_tasks()).cancel()); loop.stop(); loop.run_forever()
        EventLoop loop = EventLoop.newEventLoop();
        List<Task<String>> all = Collections.synchronizedList(new ArrayList<>());
        Task<Object> task = loop.createTask(() -> {
            List<Task<String>> tasks = List.of(
                    Async.createTask(() -> doSomeWork(1)),
                    Async.createTask(() -> doSomeWork(2)),
                    Async.createTask(() -> doSomeWork(4)));
            all.addAll(tasks);
            tasks.get(0).addDoneCallback(t -> Thread.currentThread().interrupt()); // "Ctrl-C"
            WaitResult<Task<String>> r = Async.await(Async.wait(tasks));
            for (Task<String> t : r.done()) {
                print("Task ret: ", t.result());
            }
            return null;
        });
        AtomicReference<Boolean> gatherCancelled = new AtomicReference<>();
        try {
            loop.runUntilComplete(task);
        } catch (CancellationException keyboardInterrupt) {
            gatherCancelled.set(Async.gather(all).cancel(true));
            loop.stop();
            loop.runForever();
        } finally {
            loop.close();
        }
        assertThat(gatherCancelled.get()).isTrue();
        assertThat(task.isCancelled()).isTrue();
        assertThat(all.get(1).isCancelled()).isTrue();
        assertThat(all.get(2).isCancelled()).isTrue();
        assertThat(out).doesNotContain("Task ret:  Done after 4s");
    }

    // ================================================================== seed 002: a loop in another thread

    @Test
    void loopInAnotherThread_runCoroutineThreadsafeAndCallSoonThreadsafe() throws Exception {
        // new_loop = asyncio.new_event_loop(); t = Thread(target=start_loop, args=(new_loop,)); t.start()
        EventLoop newLoop = EventLoop.startInThread("new_loop");
        try {
            // asyncio.run_coroutine_threadsafe(do_some_work(6), new_loop)
            // asyncio.run_coroutine_threadsafe(do_some_work(4), new_loop)
            CompletableFuture<Void> six = Async.runCoroutineThreadsafe(() -> doSomeWorkThenPrint(6), newLoop);
            CompletableFuture<Void> four = Async.runCoroutineThreadsafe(() -> doSomeWorkThenPrint(4), newLoop);
            // the current thread is not blocked meanwhile
            print("main thread free");
            CompletableFuture.allOf(six, four).get(10, TimeUnit.SECONDS);
            // The loop runs on its own thread, so "main thread free" may come before or after "Waiting 6";
            // what is fixed is the loop's own order, and that main was not held up by it.
            assertThat(out).contains("main thread free");
            assertThat(out).filteredOn(l -> !l.equals("main thread free"))
                    .containsExactly("Waiting 6", "Waiting 4", "Done after 4s", "Done after 6s");
            assertThat(out.indexOf("main thread free")).isLessThan(out.indexOf("Done after 4s"));
            out.clear();

            // new_loop.call_soon_threadsafe(more_work, 6); new_loop.call_soon_threadsafe(more_work, 3)
            CompletableFuture<String> lastThread = new CompletableFuture<>();
            newLoop.callSoonThreadsafe(() -> moreWork(6));
            newLoop.callSoonThreadsafe(() -> {
                moreWork(3);
                lastThread.complete(Thread.currentThread().getName());
            });
            assertThat(lastThread.get(10, TimeUnit.SECONDS)).contains("new_loop");
            // plain callbacks block the loop: they run one after the other
            assertThat(out).containsExactly("More work 6", "Finished more work 6", "More work 3", "Finished more work 3");
        } finally {
            newLoop.close();
        }
        assertThat(newLoop.isClosed()).isTrue();
    }

    // async def do_some_work(x): print('Waiting {}'.format(x)); await asyncio.sleep(x); print('Done after {}s'.format(x))
    private Void doSomeWorkThenPrint(int x) {
        print("Waiting " + x);
        Async.await(Async.sleep(seconds(x)));
        print("Done after " + x + "s");
        return null;
    }

    // def more_work(x): print('More work {}'.format(x)); time.sleep(x); print('Finished more work {}'.format(x))
    private void moreWork(int x) {
        print("More work " + x);
        try {
            Thread.sleep(x * UNIT_MS / 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print("Finished more work " + x);
    }

    @Test
    void helloWorld_asyncioRun() {
        // async def main(): print('Hello'); await asyncio.sleep(1); print('...World!'); asyncio.run(main())
        Async.run(() -> {
            print("Hello");
            Async.await(Async.sleep(seconds(1)));
            print("...World!");
        });
        assertThat(out).containsExactly("Hello", "...World!");
        assertThatThrownBy(() -> Async.await(Async.sleep(Duration.ofMillis(-1)))).isInstanceOf(IllegalArgumentException.class);
    }
}
