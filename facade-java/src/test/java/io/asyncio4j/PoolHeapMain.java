package io.asyncio4j;

import java.util.concurrent.TimeUnit;

/**
 * A small-heap parent for {@link WorkerPoolProcessesTest#anAnswerBeyondTheHeap_failsItsJobClearly_andThePoolGoesOn}:
 * a worker with a larger heap returns 60 MB, more than this JVM holds; prints how the job ended and
 * whether the pool still serves.
 */
final class PoolHeapMain {
    private PoolHeapMain() {}

    public static void main(String[] args) {
        try (WorkerPool pool = WorkerPool.processes(1, WorkerOptions.defaults().jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1"))) {
            String outcome;
            try {
                byte[] big = pool.submit(() -> new byte[60_000_000]).get(60, TimeUnit.SECONDS);
                outcome = "completed with " + big.length + " bytes";
            } catch (java.util.concurrent.TimeoutException e) {
                outcome = "still pending after 60 s";
            } catch (Throwable e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                outcome = "failed: " + cause;
            }
            System.out.println("outcome: " + outcome);
            System.out.println("next job: " + pool.apply(() -> "served"));
        }
        System.exit(0);
    }
}
