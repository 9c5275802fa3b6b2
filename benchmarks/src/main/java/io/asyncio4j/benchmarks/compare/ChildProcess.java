package io.asyncio4j.benchmarks.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One measured child process (a fresh JVM or a script): runs it to its end and finds the
 * {@code RESULT ...} line it printed on stdout. Used by {@link Compare} and by W5.
 *
 * @param resultLine the RESULT line, trimmed; null if none
 * @param failure why there is none (timeout, exit code); null if there is one
 */
public record ChildProcess(String resultLine, String failure) {
    /** Runs {@code cmd}, its stderr to {@code stderr}, for at most {@code timeoutSeconds}. */
    public static ChildProcess run(List<String> cmd, ProcessBuilder.Redirect stderr, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(stderr).start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(stdout);
            } catch (IOException e) {
                // the process died; its exit code tells
            }
        }, "child-stdout");
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            reader.join();
            return new ChildProcess(null, "timed out after " + timeoutSeconds + " s");
        }
        reader.join();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("RESULT ")) return new ChildProcess(line.trim(), null);
        }
        return new ChildProcess(null, "exit code " + p.exitValue() + ", no RESULT line");
    }
}
