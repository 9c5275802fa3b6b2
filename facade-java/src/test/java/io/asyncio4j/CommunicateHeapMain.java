package io.asyncio4j;

import java.util.concurrent.TimeUnit;

/**
 * A small-heap JVM for {@link AsyncProcessTest#communicate_outputBeyondTheHeap_failsClearly_andKillsTheProcess}:
 * collects 200 MB of a child's stdout with {@code communicate()} (no limit set) and prints how that ended.
 */
final class CommunicateHeapMain {
    private CommunicateHeapMain() {}

    public static void main(String[] args) {
        AsyncProcess p = Async.subprocess("head", "-c", "200000000", "/dev/zero");
        String outcome;
        try {
            CompletedProcess done = p.communicate().get(30, TimeUnit.SECONDS);
            outcome = "completed with " + done.stdoutBytes().length + " bytes";
        } catch (java.util.concurrent.TimeoutException e) {
            outcome = "still pending after 30 s";
        } catch (Throwable e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            outcome = "failed: " + cause;
        }
        boolean alive = ProcessHandle.of(p.pid()).map(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join().isAlive())
                .orElse(false);
        System.out.println("outcome: " + outcome);
        System.out.println("child alive: " + alive);
        System.exit(0);
    }
}
