package io.asyncio4j.samples;

import io.asyncio4j.samples.contextvars.RequestIds;
import io.asyncio4j.samples.crawler.cli.CrawlCommand;
import io.asyncio4j.samples.crawler.cli.JvmLauncher;
import io.asyncio4j.samples.evolution.CrawlerEvolution;
import io.asyncio4j.samples.hedging.HedgingExperiment;
import io.asyncio4j.samples.pools.DaemonProcess;
import io.asyncio4j.samples.pools.ManagerDict;
import io.asyncio4j.samples.pools.MyProcess;
import io.asyncio4j.samples.pools.PoolCallbacks;
import io.asyncio4j.samples.pools.PoolMethods;
import io.asyncio4j.samples.pools.PoolSubmit;
import io.asyncio4j.samples.pools.Primes;
import io.asyncio4j.samples.pools.ProcessCrawler;
import io.asyncio4j.samples.pools.ProcessHello;
import io.asyncio4j.samples.pools.ProcessIpc;
import io.asyncio4j.samples.pools.ProcessLifecycle;
import io.asyncio4j.samples.pools.ProcessLocks;
import io.asyncio4j.samples.pools.ProcessProducerConsumer;
import io.asyncio4j.samples.pools.ProcessTickets;
import io.asyncio4j.samples.pools.ProcessVsThreadTiming;
import io.asyncio4j.samples.pools.ThreadPoolMap;
import io.asyncio4j.samples.pools.ThreadPoolSubmit;
import io.asyncio4j.samples.seeds.AsCompletedDemo;
import io.asyncio4j.samples.seeds.AwaitOrTask;
import io.asyncio4j.samples.seeds.ConditionProducerConsumer;
import io.asyncio4j.samples.seeds.CrawlPage;
import io.asyncio4j.samples.seeds.DoneCallback;
import io.asyncio4j.samples.seeds.DoubanCrawl;
import io.asyncio4j.samples.seeds.GatherGroups;
import io.asyncio4j.samples.seeds.Generators;
import io.asyncio4j.samples.seeds.GeventEchoServer;
import io.asyncio4j.samples.seeds.GreenletSwitch;
import io.asyncio4j.samples.seeds.Hello;
import io.asyncio4j.samples.seeds.LoopInAnotherThread;
import io.asyncio4j.samples.seeds.Mutex;
import io.asyncio4j.samples.seeds.NestedCoroutines;
import io.asyncio4j.samples.seeds.NoodleDeadlock;
import io.asyncio4j.samples.seeds.Pids;
import io.asyncio4j.samples.seeds.QueueProducerConsumer;
import io.asyncio4j.samples.seeds.Queues;
import io.asyncio4j.samples.seeds.RefCount;
import io.asyncio4j.samples.seeds.RunUntilComplete;
import io.asyncio4j.samples.seeds.Singleton;
import io.asyncio4j.samples.seeds.StopLoop;
import io.asyncio4j.samples.seeds.TaskDoneJoin;
import io.asyncio4j.samples.seeds.ThreadBasics;
import io.asyncio4j.samples.seeds.ThreadLocalStudents;
import io.asyncio4j.samples.seeds.TicketBuying;
import io.asyncio4j.samples.seeds.WaitControl;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The samples' entry point: {@code java -jar samples/target/asyncio4j-samples.jar [program] [args]}.
 * With no program, or with options or URLs only, it runs {@code crawl}, the crawler (see
 * {@code crawl --help}); {@code list} or a bare {@code --help} lists every program with the seed and the
 * lesson it comes from. The seeds' examples take an optional unit of sleep in seconds (default 1.0)
 * to run faster.
 */
public final class Main {
    /** A program's entry point: its {@code main}. */
    @FunctionalInterface
    interface Program {
        void run(String[] args) throws Exception;
    }

    /**
     * A runnable sample.
     *
     * @param name its command name
     * @param seeds the seeds whose programs it carries ("001, 003"), empty if none
     * @param lesson what it shows, in a line
     * @param program its entry point
     */
    record Sample(String name, String seeds, String lesson, Program program) {}

    /** Every sample, in the order {@code list} shows them: the one place they are written. */
    static final List<Sample> SAMPLES = List.of(
            new Sample("crawl", "", "the main job: a concurrent web crawler (queue, task group, semaphores, timeouts)",
                    args -> System.exit(CrawlCommand.run(args, System.out, System.err))),
            new Sample("evolution", "000",
                    "the crawler's evolution: blocking, threads, selector, generators, asyncio4j",
                    CrawlerEvolution::main),
            new Sample("refcount", "000", "reference counts and the GIL; the JVM's tracing collector instead",
                    RefCount::main),
            new Sample("hedging", "", "seed 000's open question, measured: hedged requests against retries",
                    HedgingExperiment::main),
            new Sample("crawl-page", "001", "crawl_page awaited one by one (10 s), as tasks and with gather (4 s)",
                    CrawlPage::main),
            new Sample("work", "001", "work_1 and work_2: awaited in turn, or as tasks that overlap",
                    AwaitOrTask::main),
            new Sample("queue", "001, 003",
                    "producers and consumers on an asyncio queue; shutdown for the None sentinel",
                    QueueProducerConsumer::main),
            new Sample("condition", "001", "producers and a consumer with a Condition: wait and notify",
                    ConditionProducerConsumer::main),
            new Sample("task-done", "001", "queue.task_done and join: wait until every item is processed",
                    TaskDoneJoin::main),
            new Sample("thread-local", "001", "threading.local, and a ContextVar where tasks share threads",
                    ThreadLocalStudents::main),
            new Sample("run-until-complete", "001, 002, 003",
                    "loop.run_until_complete: a task, asyncio.wait, results after", RunUntilComplete::main),
            new Sample("hello", "002", "asyncio's hello world, and a task from pending to done", Hello::main),
            new Sample("done-callback", "002", "add_done_callback, and functools.partial as a lambda",
                    DoneCallback::main),
            new Sample("nested", "002", "coroutines awaiting coroutines: wait and gather in main, results returned",
                    NestedCoroutines::main),
            new Sample("as-completed", "002, 003", "as_completed: results in the order the tasks finish",
                    AsCompletedDemo::main),
            new Sample("wait", "002", "asyncio.wait: FIRST_COMPLETED, and a timeout", WaitControl::main),
            new Sample("gather-groups", "002", "gather of coroutines, and a gather of gathers", GatherGroups::main),
            new Sample("stop-loop", "002", "Ctrl-C: every task cancelled, finally blocks run, the loop closed",
                    StopLoop::main),
            new Sample("loop-in-thread", "002",
                    "a loop on another thread: run_coroutine_threadsafe, call_soon_threadsafe",
                    LoopInAnotherThread::main),
            new Sample("pid", "003", "os.getpid and os.getppid: this JVM, its parent and a child", Pids::main),
            new Sample("threads", "003", "threading: start, join, a Thread subclass, current_thread, daemons",
                    ThreadBasics::main),
            new Sample("mutex", "003", "why n += 1 is not atomic (javap -c), a lock around it, a lock taken twice",
                    Mutex::main),
            new Sample("singleton", "003", "a thread-safe singleton: a lock, or the JVM's class initialisation",
                    Singleton::main),
            new Sample("queues", "003", "queue.Queue, LifoQueue and PriorityQueue, for threads and tasks",
                    Queues::main),
            new Sample("tickets", "003", "buying the last ticket: the race between read and write, and a lock",
                    TicketBuying::main),
            new Sample("noodles", "003", "a deadlock of two locks, detected, and two ways out", NoodleDeadlock::main),
            new Sample("greenlet", "003", "greenlet's switch, gevent's spawn and joinall, as tasks",
                    GreenletSwitch::main),
            new Sample("generators", "003", "generators: yield, next, send, and a hand-made sleep loop",
                    Generators::main),
            new Sample("echo-server", "003", "gevent's echo server: a task per connection", GeventEchoServer::main),
            new Sample("douban", "003", "crawl and parse: producer and consumer tasks on one bounded queue",
                    DoubanCrawl::main),
            new Sample("process-hello", "001", "multiprocessing.Process: start and join two processes",
                    ProcessHello::main),
            new Sample("pool-methods", "001",
                    "multiprocessing.Pool: map, map_async, imap_unordered, apply, apply_async", PoolMethods::main),
            new Sample("process-ipc", "001, 003", "a Queue and a Pipe between processes", ProcessIpc::main),
            new Sample("process-locks", "001", "a process Lock taken twice (deadlock), and RLock", ProcessLocks::main),
            new Sample("primes", "001", "concurrent.futures: process and thread pools on a CPU-bound test",
                    Primes::main),
            new Sample("process-lifecycle", "003", "Process: join, ten children, separate memory, terminate",
                    ProcessLifecycle::main),
            new Sample("daemon-process", "003", "a daemon process that ends with the main code", DaemonProcess::main),
            new Sample("my-process", "003", "a Process subclass with its own run()", MyProcess::main),
            new Sample("process-tickets", "003", "buying tickets between processes under a process lock",
                    ProcessTickets::main),
            new Sample("process-producer-consumer", "003",
                    "producer and consumer processes: a None sentinel, JoinableQueue", ProcessProducerConsumer::main),
            new Sample("process-crawler", "003", "the douban crawl and parse in worker processes",
                    ProcessCrawler::main),
            new Sample("manager-dict", "003", "Manager().dict updated by a hundred jobs under a lock",
                    ManagerDict::main),
            new Sample("process-vs-thread", "003", "a hundred processes against a hundred threads, timed",
                    ProcessVsThreadTiming::main),
            new Sample("pool-submit", "003", "ProcessPoolExecutor: submit, shutdown, result", PoolSubmit::main),
            new Sample("thread-pool-submit", "003", "ThreadPoolExecutor: submit and result", ThreadPoolSubmit::main),
            new Sample("thread-pool-map", "003", "ThreadPoolExecutor.map", ThreadPoolMap::main),
            new Sample("pool-callbacks", "003", "add_done_callback on pool futures: each page parsed as it arrives",
                    PoolCallbacks::main),
            new Sample("request-ids", "", "contextvars: a request id in every log line, across tasks and threads",
                    RequestIds::main));


    private Main() {}

    /** The sample named {@code name}. */
    static Optional<Sample> find(String name) {
        return SAMPLES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The usage line, then every sample with the seeds it comes from and its lesson. */
    static void list(PrintStream out) {
        out.println("usage: java -jar samples/target/asyncio4j-samples.jar [program] [arguments]");
        out.println("With no program (or only the crawler's options or a URL) it runs crawl;"
                + " crawl --help lists its options.");
        out.println("The seeds' programs take an optional unit of sleep in seconds (default 1.0), e.g. `work 0.1`.");
        out.println();
        int names = SAMPLES.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        int froms = SAMPLES.stream().mapToInt(s -> from(s).length()).max().orElse(0);
        String row = "%-" + names + "s  %-" + froms + "s  %s%n";
        out.printf(Locale.ROOT, row, "program", "from", "what it shows");
        for (Sample s : SAMPLES) {
            out.printf(Locale.ROOT, row, s.name(), from(s), s.lesson());
        }
    }

    private static String from(Sample s) {
        return s.seeds().isEmpty() ? "-" : (s.seeds().contains(",") ? "seeds " : "seed ") + s.seeds();
    }

    /**
     * Runs the named sample.
     *
     * @param args the program's name, then its arguments
     * @throws Exception what the sample throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && isList(args[0], new String[0])) {
            list(System.out);
            return;
        }
        JvmLauncher.relaunchIfWorthIt(args); // java -jar: the crawl in a JVM sized for it (exits here if so)
        if (args.length == 0 || args[0].startsWith("-") || args[0].contains("://")) {
            System.exit(CrawlCommand.run(args, System.out, System.err));
        }
        String program = args[0];
        try {
            run(program, Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException badArgument) { // a bad argument is one line, not a stack trace
            System.err.println(program + ": " + badArgument.getMessage());
            System.exit(2);
        }
    }

    /** {@code list}, or a bare {@code --help} or {@code -h}: the samples' list rather than a program. */
    private static boolean isList(String program, String[] rest) {
        return rest.length == 0 && (program.equals("list") || program.equals("--help") || program.equals("-h"));
    }

    /** Runs {@code program}; a bad argument is thrown (the tests' way in: {@link #main} exits). */
    static void run(String program, String[] rest) throws Exception {
        if (isList(program, rest)) {
            list(System.out);
            return;
        }
        Optional<Sample> sample = find(program);
        if (sample.isEmpty()) {
            System.err.println("unknown program '" + program + "'; the programs are:");
            list(System.err);
            System.exit(2);
        }
        sample.get().program().run(rest);
    }
}
