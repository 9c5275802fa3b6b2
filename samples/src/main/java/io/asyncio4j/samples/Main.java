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
import io.asyncio4j.samples.pools.ProcessCrawler;
import io.asyncio4j.samples.pools.Primes;
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
import io.asyncio4j.samples.seeds.ConditionProducerConsumer;
import io.asyncio4j.samples.seeds.CrawlPage;
import io.asyncio4j.samples.seeds.DoubanCrawl;
import io.asyncio4j.samples.seeds.Generators;
import io.asyncio4j.samples.seeds.GreenletSwitch;
import io.asyncio4j.samples.seeds.GeventEchoServer;
import io.asyncio4j.samples.seeds.LoopInAnotherThread;
import io.asyncio4j.samples.seeds.NestedCoroutines;
import io.asyncio4j.samples.seeds.NoodleDeadlock;
import io.asyncio4j.samples.seeds.QueueProducerConsumer;
import io.asyncio4j.samples.seeds.StopLoop;
import io.asyncio4j.samples.seeds.TaskDoneJoin;
import io.asyncio4j.samples.seeds.TicketBuying;
import io.asyncio4j.samples.seeds.WaitControl;
import java.util.Arrays;

/**
 * The samples' entry point: {@code java -jar samples/target/asyncio4j-samples.jar [program] [args]}.
 * With no program, or with options or URLs only, it runs {@code crawl}, the crawler (see
 * {@code crawl --help}). The seeds' examples take an optional unit of sleep in seconds (default 1.0)
 * to run faster.
 */
public final class Main {
    private static final String PROGRAMS = "crawl, crawl-page, nested, as-completed, wait, stop-loop, loop-in-thread,"
            + " tickets, noodles, queue, condition, task-done, greenlet, generators, echo-server, request-ids, hedging,"
            + " pool-methods, primes, pool-submit, thread-pool-submit, thread-pool-map, pool-callbacks,"
            + " process-hello, process-ipc, manager-dict, process-lifecycle, evolution, douban,"
            + " process-locks, daemon-process, my-process, process-vs-thread,"
            + " process-producer-consumer, process-crawler, process-tickets";

    private Main() {}

    /**
     * Runs the named sample.
     *
     * @param args the program's name, then its arguments
     */
    public static void main(String[] args) throws Exception {
        JvmLauncher.relaunchIfWorthIt(args); // java -jar: the crawl in a JVM sized for it (exits here if so)
        if (args.length == 0 || args[0].startsWith("-") || args[0].contains("://")) {
            System.exit(CrawlCommand.run(args, System.out, System.err));
        }
        String program = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (program) {
            case "crawl" -> System.exit(CrawlCommand.run(rest, System.out, System.err));
            case "crawl-page" -> CrawlPage.main(rest);
            case "nested" -> NestedCoroutines.main(rest);
            case "as-completed" -> AsCompletedDemo.main(rest);
            case "wait" -> WaitControl.main(rest);
            case "stop-loop" -> StopLoop.main(rest);
            case "loop-in-thread" -> LoopInAnotherThread.main(rest);
            case "tickets" -> TicketBuying.main(rest);
            case "noodles" -> NoodleDeadlock.main(rest);
            case "queue" -> QueueProducerConsumer.main(rest);
            case "condition" -> ConditionProducerConsumer.main(rest);
            case "task-done" -> TaskDoneJoin.main(rest);
            case "greenlet" -> GreenletSwitch.main(rest);
            case "generators" -> Generators.main(rest);
            case "request-ids" -> RequestIds.main(rest);
            case "hedging" -> HedgingExperiment.main(rest);
            case "echo-server" -> GeventEchoServer.main(rest);
            case "pool-methods" -> PoolMethods.main(rest);
            case "primes" -> Primes.main(rest);
            case "pool-submit" -> PoolSubmit.main(rest);
            case "thread-pool-submit" -> ThreadPoolSubmit.main(rest);
            case "thread-pool-map" -> ThreadPoolMap.main(rest);
            case "pool-callbacks" -> PoolCallbacks.main(rest);
            case "process-hello" -> ProcessHello.main(rest);
            case "process-ipc" -> ProcessIpc.main(rest);
            case "manager-dict" -> ManagerDict.main(rest);
            case "process-lifecycle" -> ProcessLifecycle.main(rest);
            case "evolution" -> CrawlerEvolution.main(rest);
            case "douban" -> DoubanCrawl.main(rest);
            case "process-locks" -> ProcessLocks.main(rest);
            case "daemon-process" -> DaemonProcess.main(rest);
            case "my-process" -> MyProcess.main(rest);
            case "process-vs-thread" -> ProcessVsThreadTiming.main(rest);
            case "process-producer-consumer" -> ProcessProducerConsumer.main(rest);
            case "process-crawler" -> ProcessCrawler.main(rest);
            case "process-tickets" -> ProcessTickets.main(rest);
            default -> {
                System.err.println("unknown program '" + program + "'; available: " + PROGRAMS);
                System.exit(2);
            }
        }
    }
}
