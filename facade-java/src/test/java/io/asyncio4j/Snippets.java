package io.asyncio4j;

import com.example.model.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * The examples in the facade's Javadoc, compiled with the tests so they cannot rot: each region of this
 * file is shown by a {@code snippet} tag naming this class and the region (javadoc's
 * {@code --snippet-path} is this test source folder). The methods and fields around the regions are the
 * context an example needs to compile; {@link SnippetsTest} runs the ones that finish quickly.
 */
@SuppressWarnings({"unused", "UnusedAssignment", "InfiniteLoopStatement"})
final class Snippets {
    private Snippets() {}

    static int counter;
    static final List<String> items = new ArrayList<>();

    record Job(int priority, String name) {}

    interface Db {
        CompletableFuture<Integer> increment();
    }

    static String crawl(String url) {
        return "OK " + url;
    }

    static CompletableFuture<String> fetch(String url) {
        return CompletableFuture.completedFuture("page " + url);
    }

    static void prepare() {}

    static String go() {
        return "go";
    }

    static String start() {
        return "started";
    }

    static String doWork() {
        return "done";
    }

    /** The first example of {@link Async}. */
    static final class Crawler {
        // @start region=async
        static String crawlPage(String url) {
            System.out.println("crawling " + url);
            int seconds = Integer.parseInt(url.split("_")[1]);
            Async.await(Async.sleep(Duration.ofSeconds(seconds)));
            return "OK " + url;
        }

        public static void main(String[] args) {
            List<String> results = Async.run(() -> {
                List<Task<String>> tasks = Stream.of("url_1", "url_2", "url_3", "url_4")
                        .map(u -> Async.createTask(() -> crawlPage(u))).toList();
                return Async.await(Async.gather(tasks));   // about 4 s, not 10
            });
        }
        // @end
    }

    static void asCompleted(List<CompletableFuture<String>> futures) {
        // @start region=asCompleted
        for (CompletableFuture<String> next : Async.asCompleted(futures)) {
            System.out.println(Async.await(next)); // fastest first
        }
        // @end
    }

    static void asCompletedPublisher(List<CompletableFuture<String>> pages, Flow.Subscriber<String> subscriber) {
        // @start region=asCompletedPublisher
        Async.asCompletedPublisher(pages).subscribe(subscriber); // fastest page first
        // @end
    }

    static void barrier() {
        // @start region=barrier
        AsyncBarrier b = new AsyncBarrier(3);
        for (int i = 0; i < 3; i++) {
            Async.createTask(() -> { prepare(); Async.await(b.await()); return go(); });
        }
        // @end
    }

    static void boundedSemaphore() {
        // @start region=boundedSemaphore
        AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
        sem.withPermit(() -> doWork());
        sem.release();   // IllegalStateException: released too many times
        // @end
    }

    static String callable() {
        // @start region=callable
        AsyncCallable<String> crawl = () -> {
            Async.await(Async.sleep(Duration.ofSeconds(1)));
            return "OK";
        };
        String r = Async.run(crawl);
        // @end
        return r;
    }

    static Flow.Publisher<String> channel(List<String> lines) {
        // @start region=channel
        AsyncChannel<String> ch = new AsyncChannel<>(AsyncChannel.BUFFERED);
        Async.createTask(() -> { for (String s : lines) Async.await(ch.send(s)); ch.close(); return null; });
        Flow.Publisher<String> out = ch.asPublisher();   // completes when the channel is closed and drained
        // @end
        return out;
    }

    static void condition(String x) {
        // @start region=condition
        AsyncCondition cond = new AsyncCondition();
        // consumer
        cond.withLock(() -> {
            Async.await(cond.awaitUntil(() -> !items.isEmpty()));
            return items.remove(0);
        });
        // producer
        cond.withLock(() -> { items.add(x); cond.signal(); return null; });
        // @end
    }

    static void event() {
        // @start region=event
        AsyncEvent ready = new AsyncEvent();
        Async.createTask(() -> { Async.await(ready.await()); return start(); });
        ready.set();
        // @end
    }

    static int lifoQueue() {
        // @start region=lifoQueue
        AsyncLifoQueue<Integer> stack = new AsyncLifoQueue<>();
        stack.putNowait(1);
        stack.putNowait(2);
        int top = stack.getNowait();   // 2
        // @end
        return top;
    }

    static int lock() {
        // @start region=lock
        AsyncLock lock = new AsyncLock();
        int n = lock.withLock(() -> {          // async with lock:
            int v = counter;
            Async.await(Async.sleep(Duration.ZERO));
            counter = v + 1;
            return counter;
        });
        // @end
        return n;
    }

    static CompletableFuture<Integer> withLockAsync(AsyncLock lock, Db db) {
        // @start region=withLockAsync
        CompletableFuture<Integer> f = lock.withLockAsync(() -> db.increment());
        // @end
        return f;
    }

    static Job priorityQueue() {
        // @start region=priorityQueue
        AsyncPriorityQueue<Job> jobs = new AsyncPriorityQueue<>(0, Comparator.comparingInt(Job::priority));
        Async.await(jobs.put(new Job(5, "later")));
        Async.await(jobs.put(new Job(1, "first")));
        Job next = Async.await(jobs.get());   // priority 1
        // @end
        return next;
    }

    static void queue(List<String> urls) {
        // @start region=queue
        AsyncQueue<String> q = new AsyncQueue<>(100);
        Async.run(() -> {
            Task<Void> worker = Async.createTask(() -> {
                while (true) {
                    String url = Async.await(q.get());
                    crawl(url);
                    q.taskDone();
                }
            });
            for (String u : urls) Async.await(q.put(u));
            Async.await(q.join());
            worker.cancel();
            return null;
        });
        // @end
    }

    static void runnable() {
        // @start region=runnable
        Async.run(() -> {
            Async.await(Async.sleep(Duration.ofMillis(10)));
            System.out.println("done");
        });
        // @end
    }

    static String semaphore(String url) {
        // @start region=semaphore
        AsyncSemaphore limit = new AsyncSemaphore(10);     // at most 10 downloads at a time
        String page = limit.withPermit(() -> Async.await(fetch(url)));
        // @end
        return page;
    }

    static void eventLoop() {
        // @start region=eventLoop
        try (EventLoop loop = EventLoop.startInThread("worker")) {
            CompletableFuture<String> f = loop.runCoroutineThreadsafe(() -> {
                Async.await(Async.sleep(Duration.ofSeconds(1)));
                return "done";
            });
            System.out.println(f.join());
        }
        // @end
    }

    static void exceptionHandler(EventLoop loop) {
        // @start region=exceptionHandler
        loop.setExceptionHandler((l, ctx) -> {
            System.err.println(ctx.message() + (ctx.task() == null ? "" : " in " + ctx.task().name()));
        });
        // @end
    }

    static void handle(EventLoop loop) {
        // @start region=handle
        Handle h = loop.callLater(Duration.ofSeconds(5), () -> System.out.println("late"));
        h.cancel(); // it will not run
        // @end
    }

    static void invalidState() {
        // @start region=invalidState
        Task<String> t = Async.createTask(() -> "x");
        try {
            t.result();                // not done yet
        } catch (InvalidStateException e) {
            // "Result is not set."
        }
        // @end
    }

    static void outcome(CompletableFuture<String> ok, CompletableFuture<String> failing) {
        // @start region=outcome
        List<Outcome<String>> all = Async.await(Async.gatherSettled(List.of(ok, failing)));
        for (Outcome<String> o : all) {
            System.out.println(o.isSuccess() ? o.value() : "failed: " + o.error());
        }
        // @end
    }

    static void queueEmpty() {
        // @start region=queueEmpty
        AsyncQueue<String> q = new AsyncQueue<>(1);
        try {
            q.getNowait();
        } catch (QueueEmpty e) {
            // handle it
        }
        // @end
    }

    static void queueFull() {
        // @start region=queueFull
        AsyncQueue<String> q = new AsyncQueue<>(1);
        try {
            q.putNowait("a");
            q.putNowait("b");   // full
        } catch (QueueFull e) {
            // handle it
        }
        // @end
    }

    static void queueShutDown() {
        // @start region=queueShutDown
        AsyncQueue<String> q = new AsyncQueue<>(1);
        try {
            q.shutdown();
            Async.await(q.get()); // empty and shut down
        } catch (QueueShutDown e) {
            // handle it
        }
        // @end
    }

    static void returnWhen(List<CompletableFuture<String>> futures) {
        // @start region=returnWhen
        WaitResult<CompletableFuture<String>> r =
                Async.await(Async.wait(futures, ReturnWhen.FIRST_COMPLETED, null));
        // @end
    }

    static void task() {
        // @start region=task
        Async.run(() -> {
            Task<String> t = Async.createTask("crawl", () -> Crawler.crawlPage("url_1"));
            t.addDoneCallback(done -> System.out.println(done.name() + " finished"));
            return Async.await(t);
        });
        // @end
    }

    static void taskGroup() {
        // @start region=taskGroup
        Async.run(() -> {
            try (TaskGroup tg = TaskGroup.open()) {
                Task<String> a = tg.createTask(() -> Crawler.crawlPage("url_1"));
                Task<String> b = tg.createTask(() -> Crawler.crawlPage("url_2"));
            } // both done here
            return null;
        });
        // @end
    }

    static void taskGroupException() {
        // @start region=taskGroupException
        try (TaskGroup tg = TaskGroup.open()) {
            tg.createTask(() -> { throw new IllegalStateException("boom"); });
            tg.createTask(() -> Async.await(Async.sleep(Duration.ofSeconds(10)))); // cancelled
        } catch (TaskGroupException e) {
            e.exceptions(); // [IllegalStateException: boom]
        }
        // @end
    }

    static void waitResult(List<Task<String>> tasks) {
        // @start region=waitResult
        WaitResult<Task<String>> r = Async.await(Async.wait(tasks, ReturnWhen.FIRST_COMPLETED, null));
        for (Task<String> t : r.done()) {
            System.out.println(t.result());
        }
        r.pending().forEach(Task::cancel);
        // @end
    }

    // @start region=contextVar
    static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId", "-");

    static String handle() {
        return "handled " + REQUEST_ID.get(); // sees its creator's value
    }

    static String serve() {
        return Async.run(() -> {
            ContextVar.Token<String> token = REQUEST_ID.set("req-42");
            try {
                return Async.await(Async.createTask(() -> handle())); // "handled req-42"
            } finally {
                REQUEST_ID.reset(token);
            }
        });
    }
    // @end

    static String hedge() {
        return Async.run(() -> {
            // @start region=hedge
            HedgedFuture<String> page = Async.hedge(Duration.ofMillis(50), 3, () -> crawl("url_1"));
            String body = Async.await(page);
            System.out.println("sent " + page.attemptsSent() + ", attempt " + page.winner() + " won");
            // @end
            return body;
        });
    }

    static String hedgeAsync(String url) {
        // @start region=hedgeAsync
        HedgedFuture<String> page = Async.hedgeAsync(Duration.ofMillis(50), 3, () -> fetch(url));
        // @end
        return page.join();
    }

    static void maxOutputBytes() {
        // @start region=maxOutputBytes
        SubprocessOptions capped = SubprocessOptions.defaults().maxOutputBytes(16 << 20); // 16 MiB per stream
        try {
            CompletedProcess log = Async.await(Async.subprocess(List.of("git", "log"), capped).communicate());
        } catch (LimitOverrunException e) {
            System.out.println(e.getMessage()); // stdout of process ... sent more than 16777216 bytes ...
        }
        // @end
    }

    static List<Point> allowClasses() {
        List<Point> points;
        // @start region=allowClasses
        // the jobs return Points of the application's model package, not of the package that writes them
        WorkerOptions options = WorkerOptions.defaults().allowClasses("com.example.model.*");
        try (WorkerPool pool = WorkerPool.processes(2, options)) {
            points = pool.map((Integer i) -> new Point(i, i * i), List.of(1, 2, 3));
        }
        // @end
        return points;
    }

    static Point processQueueAllowClasses() {
        // @start region=processQueueAllowClasses
        ProcessQueue<Point> points = ProcessQueue.create(0, "com.example.model.Point"); // unbounded
        points.put(new Point(1, 2));
        // @end
        try {
            return points.get();
        } finally {
            points.close();
        }
    }
}
