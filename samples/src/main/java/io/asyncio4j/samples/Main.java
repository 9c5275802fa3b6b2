package io.asyncio4j.samples;

import io.asyncio4j.samples.contextvars.RequestIds;
import io.asyncio4j.samples.hedging.HedgingExperiment;
import io.asyncio4j.samples.seeds.AsCompletedDemo;
import io.asyncio4j.samples.seeds.ConditionProducerConsumer;
import io.asyncio4j.samples.seeds.CrawlPage;
import io.asyncio4j.samples.seeds.Generators;
import io.asyncio4j.samples.seeds.GreenletSwitch;
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
 * With no program it runs {@code crawl-page}, the seeds' first asyncio example. Each program takes an
 * optional unit of sleep in seconds (default 1.0) to run faster.
 */
public final class Main {
    private static final String PROGRAMS = "crawl-page, nested, as-completed, wait, stop-loop, loop-in-thread,"
            + " tickets, noodles, queue, condition, task-done, greenlet, generators, request-ids, hedging";

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
            case "tickets" -> TicketBuying.main(rest);
            case "noodles" -> NoodleDeadlock.main(rest);
            case "queue" -> QueueProducerConsumer.main(rest);
            case "condition" -> ConditionProducerConsumer.main(rest);
            case "task-done" -> TaskDoneJoin.main(rest);
            case "greenlet" -> GreenletSwitch.main(rest);
            case "generators" -> Generators.main(rest);
            case "request-ids" -> RequestIds.main(rest);
            case "hedging" -> HedgingExperiment.main(rest);
            default -> {
                System.err.println("unknown program '" + program + "'; available: " + PROGRAMS);
                System.exit(2);
            }
        }
    }
}
