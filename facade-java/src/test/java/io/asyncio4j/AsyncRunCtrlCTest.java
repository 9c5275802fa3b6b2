package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.SigintDefault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C under {@code Async.run}, as under {@code asyncio.run}: a real SIGINT ({@code kill -INT}) to a child
 * JVM whose main thread runs {@link CtrlCMain}. The first one cancels the main task, its {@code finally}
 * blocks (and its children's) run, {@code Async.run} throws, and the JVM exits with 130 unless the caller
 * catches it; a second one ends the process at once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AsyncRunCtrlCTest {
    /** A child JVM and the lines it printed so far. */
    private record Child(Process process, List<String> lines, Semaphore marks) {
        static Child start(String mode, String... jvmOptions) throws IOException {
            List<String> cmd = new ArrayList<>(SigintDefault.prefix());
            cmd.add(ProcessHandle.current().info().command().orElseThrow());
            cmd.addAll(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"));
            cmd.addAll(List.of(jvmOptions));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CtrlCMain.class.getName(), mode));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Child c = new Child(p, Collections.synchronizedList(new ArrayList<>()), new Semaphore(0));
            Thread reader = new Thread(() -> {
                InputStreamReader in = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8);
                try (BufferedReader r = new BufferedReader(in)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        c.lines.add(line);
                        if (line.equals("ready") || line.equals("stuck in finally")) c.marks.release();
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
                c.marks.release(); // nothing more will come: let ctrlC fail on the exit code, not wait
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
            return c;
        }

        /** Waits for the next mark ("ready", "stuck in finally"), then sends SIGINT. */
        Child ctrlC() throws Exception {
            assertThat(marks.tryAcquire(30, TimeUnit.SECONDS)).as("the child's mark, in %s", lines).isTrue();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            return this;
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the child did not exit; it printed " + lines);
            }
            process.waitFor();
            return process.exitValue();
        }
    }

    @Test
    void ctrlC_cancelsMain_finallyBlocksRun_exitStatus130() throws Exception {
        Child c = Child.start("unwind");
        c.ctrlC();
        assertThat(c.exitCode()).isEqualTo(130);
        assertThat(c.lines)
                .containsSubsequence("ready", "child's finally ran", "main's finally ran", "shutdown hook ran")
                .noneMatch(l -> l.startsWith("run returned"));
    }

    @Test
    void codeAfterRun_catchesTheKeyboardInterrupt_andTheProgramGoesOn() throws Exception {
        Child c = Child.start("caller-catches");
        c.ctrlC();
        assertThat(c.exitCode()).isZero();
        assertThat(c.lines).containsSubsequence("ready", "main's finally ran",
                "the caller caught: Ctrl-C (SIGINT) cancelled the main task", "shutdown hook ran");
    }

    @Test
    void mainThatReturnsAfterTheCancellation_runReturnsItsValue_exitStatus0() throws Exception {
        Child c = Child.start("swallow");
        c.ctrlC();
        assertThat(c.exitCode()).isZero();
        assertThat(c.lines).containsSubsequence("ready", "main's finally ran",
                "run returned: cancelled, and main returned instead", "shutdown hook ran");
    }

    @Test
    void secondCtrlC_endsTheProcessWhileMainStillUnwinds() throws Exception {
        Child c = Child.start("stuck").ctrlC().ctrlC();
        assertThat(c.exitCode()).isEqualTo(130);
        assertThat(c.lines).contains("stuck in finally", "shutdown hook ran").doesNotContain("main's finally ran");
    }

    @Test
    void turnedOff_ctrlCEndsTheJvmAsUsual_withoutUnwinding() throws Exception {
        Child c = Child.start("unwind", "-Dasyncio4j.sigint=false");
        c.ctrlC();
        assertThat(c.exitCode()).isEqualTo(130);
        assertThat(c.lines).contains("ready", "shutdown hook ran").doesNotContain("main's finally ran");
    }
}
