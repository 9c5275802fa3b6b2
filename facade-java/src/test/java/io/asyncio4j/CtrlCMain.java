package io.asyncio4j;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A program for {@link AsyncRunCtrlCTest}: {@code Async.run} on the JVM's main thread, with a main task
 * that waits for a child task, which says "ready" and then waits; the test sends it SIGINT. The argument
 * picks what main does when it is cancelled: {@code unwind} (its finally awaits, then prints),
 * {@code swallow} (returns a value) or {@code stuck} (its finally waits for minutes, until a second
 * SIGINT); with {@code caller-catches}, main unwinds and the code that called {@code Async.run} catches
 * what it throws.
 */
final class CtrlCMain {
    private CtrlCMain() {}

    public static void main(String[] args) {
        String mode = args[0];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        if (mode.equals("caller-catches")) {
            try {
                run("unwind");
            } catch (CancellationException e) {
                System.out.println("the caller caught: " + e.getMessage());
            }
            return;
        }
        run(mode);
    }

    private static void run(String mode) {
        String result = Async.run(() -> {
            Task<Void> child = Async.createTask("child", () -> {
                try {
                    System.out.println("ready"); // both tasks run: a task cancelled before it starts runs no finally
                    Async.await(Async.sleep(Duration.ofMinutes(5)));
                } finally {
                    System.out.println("child's finally ran");
                }
                return null;
            });
            try {
                Async.await(child);
                return "slept";
            } catch (CancellationException e) {
                if (mode.equals("swallow")) {
                    return "cancelled, and main returned instead";
                }
                throw e;
            } finally {
                Async.await(Async.sleep(Duration.ofMillis(10))); // a finally block may await
                if (mode.equals("stuck")) {
                    System.out.println("stuck in finally");
                    Async.await(Async.sleep(Duration.ofMinutes(5)));
                }
                System.out.println("main's finally ran");
            }
        });
        System.out.println("run returned: " + result);
    }
}
