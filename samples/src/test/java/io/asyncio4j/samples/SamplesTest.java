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
            Main.main(args);
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
    void nested_waitThenGather() throws Exception {
        List<String> out = run("nested", "0.02");
        assertThat(out).filteredOn(l -> l.startsWith("Task ret")).hasSize(6)
                .endsWith("Task ret: Done after 1s", "Task ret: Done after 2s", "Task ret: Done after 4s");
    }

    @Test
    void wait_firstCompletedThenTimeout() throws Exception {
        List<String> out = run("wait", "0.05");
        assertThat(out).contains("FIRST_COMPLETED: done=1 pending=2", "Task ret: Done after 1s",
                "timeout: done=2 pending=1");
    }

    @Test
    void stopLoop_interruptCancelsEveryTask() throws Exception {
        List<String> out = run("stop-loop", "0.1");
        assertThat(out).contains("cancelled: every task was cancelled and has finished");
        assertThat(out).noneMatch(l -> l.equals("Task ret: Done after 4s"));
    }

    @Test
    void loopInAnotherThread_mainIsFreeAndCoroutinesOverlap() throws Exception {
        List<String> out = run("loop-in-thread", "0.05");
        assertThat(out.get(0)).isEqualTo("main thread is free while the loop works");
        assertThat(out).containsSubsequence("Done after 4s", "Done after 6s");
        assertThat(out).contains("Finished more work 1");
    }
}
