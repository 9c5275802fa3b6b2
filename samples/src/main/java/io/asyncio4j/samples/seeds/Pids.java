package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.CompletedProcess;
import java.time.Duration;

/**
 * Seed 003, 2.1: a process's id and its parent's. The seed sleeps 20 seconds so that you can find the
 * process with {@code ps} meanwhile; then it prints both ids.
 *
 * <pre>
 * import os
 * import time
 * print('start')
 * time.sleep(20)
 * print(os.getpid(), os.getppid(), 'end')
 * </pre>
 *
 * <p>How Java differs: {@code os.getpid()} is {@code ProcessHandle.current().pid()}; {@code os.getppid()}
 * is {@code ProcessHandle.current().parent()}, an {@code Optional} (a process whose parent has exited
 * has none to report). The sample then does what you would do in the 20 seconds: it asks {@code ps}
 * about itself and starts a child of its own ({@code asyncio.create_subprocess_exec}: {@link Async#subprocess}),
 * which reports this JVM as its parent. It sleeps 2 seconds by default; {@code pid 20} waits the seed's 20.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar pid [seconds]}
 */
public final class Pids {
    private Pids() {}

    /**
     * Runs the sample.
     *
     * @param args optional: how many seconds to sleep (default 2)
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        ProcessHandle me = ProcessHandle.current();
        String ppid = me.parent().map(p -> Long.toString(p.pid())).orElse("None");
        System.out.println("start");
        Async.run(() -> {
            Async.await(Async.sleep(Duration.ofMillis(Math.round(seconds * 1000))));
            System.out.println(me.pid() + " " + ppid + " end");
            String parent = me.parent().flatMap(p -> p.info().command()).orElse("(not visible)");
            System.out.println("the parent runs " + parent);
            System.out.println("ps says: " + run("ps", "-o", "pid=,ppid=,comm=", "-p", Long.toString(me.pid())));
            System.out.println("a child says (its pid, its parent's): " + run("sh", "-c", "echo $$ $PPID"));
        });
    }

    /** Runs a command, returns its output's first line; what went wrong if it could not. */
    private static String run(String... command) {
        try {
            CompletedProcess done =
                    Async.await(Async.subprocess(command).communicate((String) null, Duration.ofSeconds(10)));
            String out = done.stdout().strip();
            return done.returnCode() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse(out).strip()
                    : "(" + command[0] + " exited with " + done.returnCode() + ")";
        } catch (RuntimeException e) {
            return "(" + command[0] + " could not run here: " + e.getMessage() + ")";
        }
    }
}
