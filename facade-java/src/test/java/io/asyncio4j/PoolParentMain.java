package io.asyncio4j;

import java.util.stream.Collectors;

/**
 * A parent JVM for {@link WorkerPoolProcessesTest#sigkilledParent_takesItsWorkersAlong}: makes a process
 * pool whose workers are busy, prints their pids, and waits to be killed.
 */
final class PoolParentMain {
    private PoolParentMain() {}

    public static void main(String[] args) throws Exception {
        WorkerPool pool = WorkerPool.processes(2, WorkerPoolProcessesTest.SMALL);
        for (int i = 0; i < 2; i++) {
            pool.submit(() -> {
                Thread.sleep(120_000);
                return 0;
            });
        }
        while (pool.workerPids().size() < 2) {
            Thread.sleep(10);
        }
        System.out.println("workers " + pool.workerPids().stream().map(String::valueOf).collect(Collectors.joining(",")));
        System.out.flush();
        Thread.sleep(120_000);
    }
}
