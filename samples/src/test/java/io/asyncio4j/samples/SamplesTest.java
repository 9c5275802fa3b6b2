package io.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** Runs each sample as a user would (through {@link Main}) with short sleeps, and checks what it prints. */
@Isolated
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SamplesTest {
    static List<String> run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Main.run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length)); // Main.main would exit on a bad argument
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        old.print(out);
        return out.lines().toList();
    }

    @Test
    void crawlPage_gatherIsFasterThanSequential() throws Exception {
        List<String> out = run("crawl-page", "0.05");
        String summary = out.get(out.size() - 1);
        // "sequential 0.55 s | tasks 0.21 s | gather 0.21 s | future-style gather 0.20 s"
        String[] parts = summary.split("\\|");
        double seq = Double.parseDouble(parts[0].replaceAll("[^0-9.]", ""));
        double gather = Double.parseDouble(parts[2].replaceAll("[^0-9.]", ""));
        assertThat(gather).isLessThan(seq); // 4 units vs 10 units of sleep
        assertThat(out).filteredOn(l -> l.startsWith("OK url_")).hasSize(16);
    }

    @Test
    void asCompleted_printsInCompletionOrder() throws Exception {
        List<String> out = run("as-completed", "0.05");
        assertThat(out).filteredOn(l -> l.startsWith("Task ret"))
                .containsExactly("Task ret: Done after 1s", "Task ret: Done after 2s", "Task ret: Done after 4s");
    }

    @Test
    void nested_waitThenGatherThenReturnedWait() throws Exception {
        List<String> out = run("nested", "0.02");
        List<String> rets = out.stream().filter(l -> l.startsWith("Task ret")).toList();
        assertThat(rets).hasSize(9);
        // gather's results come in the tasks' order; wait's done sets in any
        assertThat(rets.subList(3, 6)).containsExactly("Task ret: Done after 1s", "Task ret: Done after 2s",
                "Task ret: Done after 4s");
        assertThat(rets.subList(6, 9)).containsExactlyInAnyOrder("Task ret: Done after 1s", "Task ret: Done after 2s",
                "Task ret: Done after 4s");
    }

    @Test
    void wait_firstCompletedThenTimeout() throws Exception {
        List<String> out = run("wait", "0.05");
        assertThat(out).contains("FIRST_COMPLETED: done=1 pending=2", "Task ret: Done after 1s",
                "timeout: done=2 pending=1");
    }

    @Test
    void loopInAnotherThread_mainIsFreeAndCoroutinesOverlap() throws Exception {
        List<String> out = run("loop-in-thread", "0.2"); // units long enough that a loaded machine keeps 4 before 6
        // main prints while the loop thread may already have started a coroutine: not necessarily first
        assertThat(out).containsSubsequence("main thread is free while the loop works", "Done after 4s");
        assertThat(out).containsSubsequence("Done after 4s", "Done after 6s");
        assertThat(out).contains("Finished more work 1");
    }

    @Test
    void tickets_lockSellsTheOneTicketOnce() throws Exception {
        List<String> out = run("tickets", "0.02");
        // what the unlocked run did depends on timing: it is printed, not asserted
        assertThat(out).anyMatch(l -> l.startsWith("without a lock: "));
        assertThat(out).contains("with a lock: 1 of 10 buyers got the 1 ticket; 0 left");
    }

    @Test
    void noodles_deadlockDetectedByTimeoutAndBothFixesFeedEveryone() throws Exception {
        List<String> out = run("noodles", "0.02");
        assertThat(out).anyMatch(l -> l.contains("deadlock detected"));
        assertThat(out).anyMatch(l -> l.matches("deadlock: [01] of 2 ate")); // never both
        assertThat(out).contains("one lock order: 4 of 4 ate", "one lock: 4 of 4 ate");
    }

    @Test
    void queue_everyProducedItemIsConsumed() throws Exception {
        List<String> out = run("queue", "0.01");
        assertThat(out).filteredOn(l -> l.matches("producer \\d produce \\d+")).hasSize(10);
        assertThat(out).filteredOn(l -> l.matches("consumer \\d consume \\d+")).hasSize(10);
        assertThat(out).contains("gather(return_exceptions=True): [cancelled, cancelled, done, done]",
                "made 10, eaten 10");
    }

    @Test
    void condition_consumerGetsAllHundredItemsOnce() throws Exception {
        List<String> out = run("condition", "0.002");
        assertThat(out).contains("consumed 100 items, 100 distinct, from 0 to 99");
    }

    @Test
    void taskDone_joinReturnsAfterEveryItemIsDone() throws Exception {
        List<String> out = run("task-done", "0.01");
        assertThat(out).filteredOn(l -> l.matches("\\d")).hasSize(10);
        assertThat(out.get(out.size() - 1)).isEqualTo("all done: 10 items processed");
    }

    @Test
    void greenlet_switchOrderIsGreenlets() throws Exception {
        List<String> out = run("greenlet", "0.02");
        assertThat(out.subList(0, 4)).containsExactly("123", "456", "456", "123");
        // gevent: two spawned greenlets, then the monkey-patched version and g1.value
        assertThat(out.subList(4, 8)).containsExactlyInAnyOrder("123", "456", "123", "456");
        assertThat(out.subList(8, 15)).containsExactly("123", "---------", "=========", "456", "main", "g1.value: null",
                out.get(14));
        assertThat(out).anyMatch(l -> l.startsWith("joinall of 10 spawned sleeps"));
    }

    @Test
    void echoServer_withoutArguments_threeClientsThenTheServerCloses() throws Exception {
        List<String> out = run("echo-server");
        assertThat(out.get(0)).startsWith("echo server on 127.0.0.1:");
        assertThat(out).contains("client 0 got: HELLO FROM CLIENT 0", "client 2 got: HELLO FROM CLIENT 2",
                "server closed");
    }

    @Test
    void generators_handMadeLoopAndEventLoopWakeTheEarliestFirst() throws Exception {
        List<String> out = run("generators", "0.02");
        // the hand-made loop orders by the yielded wake-up times: deterministic
        assertThat(out).containsSubsequence("generators: sleep 1.0 ended", "generators: sleep 2.0 ended",
                "send: ready, got a, got b");
        // the tasks' order depends on when their bodies started, which a loaded machine can delay
        assertThat(out).contains("tasks: sleep 1.0 ended", "tasks: sleep 2.0 ended");
    }

    @Test
    void requestIds_everyLineCarriesItsOwnRequestsId() throws Exception {
        List<String> out = run("request-ids");
        List<String> tagged = out.stream().filter(l -> l.startsWith("[req-")).toList();
        // per request: start, 2 parts, database call, audit callback, done
        assertThat(tagged).hasSize(18);
        for (String line : tagged) {
            String id = line.substring(5, line.indexOf(']'));
            assertThat(line).as("the MDC value matches the request the line is about").contains("request " + id + ":");
        }
        assertThat(out).contains("[-] main: served [req-1, req-2, req-3]");
    }

    @Test
    void hedging_smallGridPrintsEveryStrategyWithItsLoad() throws Exception {
        // a small run (the real one is 2,000 requests per cell): checks the harness, not the figures. Scale 5
        // (a 500 ms deadline): at scale 1 a loaded machine's scheduling delays alone exceeded the 100 ms deadline
        List<String> out = run("hedging", "--requests", "60", "--calibration", "40", "--scale", "5",
                "--cells", "0.1:0.02");
        List<String> rows = out.stream().filter(l -> l.startsWith("| drop 10%, stall 2% |")).toList();
        assertThat(rows).hasSize(5);
        // the table has its header row, right above the first row
        int header = -1;
        for (int i = 0; i < out.size() && header < 0; i++) {
            header = out.get(i).startsWith("| cell (drop, stall) | p95 of one attempt, ms | strategy |") ? i : -1;
        }
        assertThat(header).as("the header row").isNotNegative();
        assertThat(out.get(header + 2)).isEqualTo(rows.get(0));
        assertThat(rows.get(0)).contains("single attempt").endsWith("| 1.00 |");
        assertThat(rows.get(2)).contains("2 concurrent copies").endsWith("| 2.00 |");
        assertThat(rows.get(3)).contains("3 concurrent copies").endsWith("| 3.00 |");
        assertThat(rows.get(4)).contains("hedged after p95");
        double hedgeLoad = Double.parseDouble(rows.get(4).replaceAll(".*\\| ([0-9.]+) \\|$", "$1"));
        assertThat(hedgeLoad).isBetween(1.0, 3.0); // at least one attempt per request, at most three
        double sequentialLoad = Double.parseDouble(rows.get(1).replaceAll(".*\\| ([0-9.]+) \\|$", "$1"));
        assertThat(sequentialLoad).isGreaterThan(1.0); // 10% drops: some requests needed a retry
    }
}
