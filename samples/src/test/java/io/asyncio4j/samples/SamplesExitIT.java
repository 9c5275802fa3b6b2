package io.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.SigintDefault;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every sample as a new user runs it: {@code java -jar target/asyncio4j-samples.jar <name>} with its default
 * arguments, {@link #AT_ONCE} at a time, each of which must exit 0 within {@link #BOUND_SECONDS} (samples
 * take from under a second to about a minute; the bound only catches one that does not end). Runs after
 * {@code package} (failsafe), on the shaded jar; prints how long each took.
 */
class SamplesExitIT {
    static final Path JAR = Path.of("target", "asyncio4j-samples.jar");
    static final long BOUND_SECONDS = 240;
    static final int AT_ONCE = 3;

    record Outcome(String name, double seconds, String problem) {}

    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(SigintDefault.prefix()); // stop-loop's SIGINT
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** Waits for the sample; kills it and its children if it outlives the bound. */
    static Outcome finish(String name, Process p, long started, Path log) throws Exception {
        boolean exited = p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!exited) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new Outcome(name, seconds, "still running after " + BOUND_SECONDS + " s; its last lines:\n"
                    + tail(log));
        }
        String problem = p.exitValue() == 0 ? null : "exit status " + p.exitValue() + "; its last lines:\n" + tail(log);
        return new Outcome(name, seconds, problem);
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void everySample_withItsDefaultArguments_exitsZero() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "samples-exit"));
        // A few at a time: most samples sleep through their seed's lessons, and one after another they
        // took 5 of CI's 16 minutes per JDK. Every sample listens on a port of its own choosing (0).
        ExecutorService runners = Executors.newFixedThreadPool(AT_ONCE);
        List<Future<Outcome>> running = new ArrayList<>();
        try {
            for (Main.Sample s : Main.SAMPLES) {
                running.add(runners.submit(() -> {
                    Path log = logs.resolve(s.name() + ".txt");
                    long started = System.nanoTime();
                    return finish(s.name(), start(log, s.name()), started, log);
                }));
            }
        } finally {
            runners.shutdown();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : running) {
            outcomes.add(f.get());
        }
        StringBuilder report = new StringBuilder("every sample with its default arguments:\n");
        double total = 0;
        for (Outcome o : outcomes) {
            total += o.seconds();
            String how = o.problem() == null ? "exit 0" : "FAILED";
            report.append(String.format(Locale.ROOT, "  %-26s %6.1f s  %s%n", o.name(), o.seconds(), how));
        }
        report.append(String.format(Locale.ROOT, "  %d samples, %.1f s in all%n", outcomes.size(), total));
        System.out.print(report);
        assertThat(outcomes.stream().filter(o -> o.problem() != null).map(o -> o.name() + ": " + o.problem()))
                .isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void stopLoop_aRealCtrlC_cancelsEveryTask_andTheProgramEndsNormally() throws Exception {
        Path log = Files.createDirectories(Path.of("target", "samples-exit")).resolve("stop-loop-ctrl-c.txt");
        // Ctrl-C after 1.5 units of 0.5 s: the 4-unit task never finishes; the 2-unit one may, on a slow machine
        long started = System.nanoTime();
        Outcome o = finish("stop-loop", start(log, "stop-loop", "0.5", "--ctrl-c-after", "1.5"), started, log);
        List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(o.problem()).as(String.join("\n", out)).isNull();
        assertThat(out).anyMatch(l -> l.startsWith("^C (kill -INT "))
                .contains("KeyboardInterrupt: main was cancelled, and the tasks it created with it")
                .anyMatch(l -> l.matches("cancelled: [12] of 3 tasks were cancelled, and every one has finished"))
                .noneMatch(l -> l.startsWith("Task ret: "));
    }
}
