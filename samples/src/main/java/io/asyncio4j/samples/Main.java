package io.asyncio4j.samples;

import io.asyncio4j.samples.pools.ManagerDict;
import io.asyncio4j.samples.pools.PoolCallbacks;
import io.asyncio4j.samples.pools.PoolMethods;
import io.asyncio4j.samples.pools.PoolSubmit;
import io.asyncio4j.samples.pools.Primes;
import io.asyncio4j.samples.pools.ProcessHello;
import io.asyncio4j.samples.pools.ProcessIpc;
import io.asyncio4j.samples.pools.ProcessLifecycle;
import io.asyncio4j.samples.pools.ThreadPoolMap;
import io.asyncio4j.samples.pools.ThreadPoolSubmit;
import io.asyncio4j.samples.seeds.AsCompletedDemo;
import io.asyncio4j.samples.seeds.CrawlPage;
import io.asyncio4j.samples.seeds.LoopInAnotherThread;
import io.asyncio4j.samples.seeds.NestedCoroutines;
import io.asyncio4j.samples.seeds.StopLoop;
import io.asyncio4j.samples.seeds.WaitControl;
import java.util.Arrays;

/**
 * The samples' entry point: {@code java -jar samples/target/asyncio4j-samples.jar [program] [args]}.
 * With no program it runs {@code crawl-page}, the seeds' first asyncio example. Each program takes an
 * optional unit of sleep in seconds (default 1.0) to run faster.
 */
public final class Main {
    private static final String PROGRAMS = "crawl-page, nested, as-completed, wait, stop-loop, loop-in-thread, "
            + "pool-methods, primes, pool-submit, thread-pool-submit, thread-pool-map, pool-callbacks, "
            + "process-hello, process-ipc, manager-dict, process-lifecycle";

    private Main() {}

    /**
     * Runs the named sample.
     *
     * @param args the program's name, then its arguments
     */
    public static void main(String[] args) throws Exception {
        String program = args.length == 0 ? "crawl-page" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (program) {
            case "crawl-page" -> CrawlPage.main(rest);
            case "nested" -> NestedCoroutines.main(rest);
            case "as-completed" -> AsCompletedDemo.main(rest);
            case "wait" -> WaitControl.main(rest);
            case "stop-loop" -> StopLoop.main(rest);
            case "loop-in-thread" -> LoopInAnotherThread.main(rest);
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
            default -> {
                System.err.println("unknown program '" + program + "'; available: " + PROGRAMS);
                System.exit(2);
            }
        }
    }
}
