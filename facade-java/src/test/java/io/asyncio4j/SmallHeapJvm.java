package io.asyncio4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a test's {@code main} class in a fresh JVM with a small heap, on this JVM's class path, and returns what it printed. */
final class SmallHeapJvm {
    private SmallHeapJvm() {}

    /** The JVM's output once it has exited; one still running after 80 s is killed and fails the test. */
    static String report(Class<?> main, String maxHeap) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process jvm = new ProcessBuilder(java, "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                main.getName()).redirectErrorStream(true).start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                jvm.getInputStream().transferTo(printed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        boolean exited = jvm.waitFor(80, TimeUnit.SECONDS);
        if (!exited) {
            jvm.destroyForcibly().waitFor(); // a hang is what these runs look for: end it, and say so
        }
        reader.join(10_000); // a process it started may hold the pipe open
        String report = printed.toString(StandardCharsets.UTF_8);
        if (!exited) {
            throw new AssertionError(main.getSimpleName() + " did not exit within 80 s; it printed:\n" + report);
        }
        return report;
    }
}
