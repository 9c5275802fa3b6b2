package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process pools against real child JVMs: results and prints come back, bad jobs are refused at
 * submit, dead workers fail their job and are replaced, and no child outlives its pool or its parent.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WorkerPoolProcessesTest {
    /** Small, quick-starting children: this machine is shared. */
    static final WorkerOptions SMALL = WorkerOptions.defaults().jvmOptions("-Xmx64m", "-XX:TieredStopAtLevel=1");

    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().toList();

    @Test
    void processPool_runsJobsInChildJvms_andLeavesNoChildAtClose() throws Exception {
        long me = ProcessHandle.current().pid();
        List<Long> pids;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WorkerPool pool = WorkerPool.processes(2, SMALL);
        try {
            assertThat(pool.map((Integer i) -> i * i, TEN, 3)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
            List<Long> ran = pool.map((Integer i) -> ProcessHandle.current().pid(), TEN);
            assertThat(ran).doesNotContain(me);
            pids = pool.workerPids();
            assertThat(pids).hasSize(2).containsAll(ran);
            // what the leftover check below looks for is visible while the pool lives
            assertThat(ProcessHandle.current().children()
                    .filter(h -> h.info().commandLine().map(c -> c.contains("io.asyncio4j.engine.WorkerMain")).orElse(false))
                    .map(ProcessHandle::pid)).containsExactlyInAnyOrderElementsOf(pids);

            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                assertThat(pool.apply(() -> {
                    System.out.println("hello from " + ProcessHandle.current().pid());
                    return "done";
                })).isEqualTo("done");
            } finally {
                System.setOut(out);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).matches("hello from \\d+\\R");

            // a job's exception comes back with its type and message
            assertThatThrownBy(() -> pool.apply(() -> {
                throw new IllegalStateException("bad input 7");
            })).isInstanceOf(IllegalStateException.class).hasMessage("bad input 7");

            // a job that cannot be sent fails at submit, not in the child
            Object notSerializable = new Object();
            assertThatThrownBy(() -> pool.submit(() -> notSerializable.hashCode()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fn is not serializable");

            // from a task the result is delivered on the task's loop
            EventLoop seen = Async.run(() -> Async.await(pool.submit(() -> 1).thenApply(v -> Async.getRunningLoop())));
            assertThat(seen).isNotNull();
        } finally {
            pool.close();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child %d after close", pid).isFalse();
        }
    }

    @Test
    void deadWorker_failsItsJobClearly_andIsReplaced(@TempDir Path dir) throws Exception {
        try (WorkerPool pool = WorkerPool.processes(1, SMALL)) {
            assertThatThrownBy(() -> pool.apply(() -> {
                Runtime.getRuntime().halt(42);
                return 0;
            })).isInstanceOfSatisfying(BrokenWorkerException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(42);
                assertThat(e).hasMessageContaining("exited with code 42");
            });

            assertThatThrownBy(() -> pool.apply(() -> new long[200_000_000].length))
                    .isInstanceOfSatisfying(BrokenWorkerException.class, e -> assertThat(e.exitCode()).isEqualTo(3));

            // killed from outside mid-job
            String marker = dir.resolve("running").toString();
            CompletableFuture<Integer> victim = pool.submit(() -> {
                Files.createFile(Path.of(marker));
                Thread.sleep(60_000);
                return 0;
            });
            waitFor(new File(marker));
            long pid = pool.workerPids().get(0);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            assertThatThrownBy(victim::join).hasCauseInstanceOf(BrokenWorkerException.class)
                    .hasMessageContaining("exited with code 137");

            // the pool recovers: later jobs succeed on a new worker
            assertThat(pool.apply(() -> ProcessHandle.current().pid())).isNotEqualTo(pid);
        }
    }

    @Test
    void cancellingARunningProcessJob_killsAndReplacesItsWorker(@TempDir Path dir) throws Exception {
        try (WorkerPool pool = WorkerPool.processes(1, SMALL)) {
            String marker = dir.resolve("running").toString();
            CompletableFuture<Integer> running = pool.submit(() -> {
                Files.createFile(Path.of(marker));
                Thread.sleep(60_000);
                return 0;
            });
            CompletableFuture<Integer> queued = pool.submit(() -> 1);
            waitFor(new File(marker));
            long pid = pool.workerPids().get(0);
            assertThat(queued.cancel(true)).isTrue();
            assertThat(running.cancel(true)).isTrue();
            assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
            Optional<ProcessHandle> old = ProcessHandle.of(pid);
            if (old.isPresent()) {
                assertThat(old.get().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
            assertThat(pool.apply(() -> ProcessHandle.current().pid())).isNotEqualTo(pid);
        }
    }

    @Test
    void initializerAndMaxTasksPerChild_inWorkerProcesses() {
        WorkerOptions options = SMALL.initializer((Runnable & java.io.Serializable) () -> System.setProperty("asyncio4j.test.init", "done"))
                .maxTasksPerChild(2);
        try (WorkerPool pool = WorkerPool.processes(1, options)) {
            List<String> seen = pool.map((Integer i) -> ProcessHandle.current().pid() + " " + System.getProperty("asyncio4j.test.init"),
                    List.of(1, 2, 3, 4));
            assertThat(seen).allMatch(s -> s.endsWith(" done"));
            assertThat(seen.stream().map(s -> s.split(" ")[0]).distinct()).hasSize(2); // a fresh process after two jobs
        }
        Runnable notSerializable = () -> { };
        assertThatThrownBy(() -> WorkerPool.processes(1, WorkerOptions.defaults().initializer(notSerializable)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initializer is not serializable");
    }

    @Test
    void sigkilledParent_takesItsWorkersAlong() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PoolParentMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> children = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertThat(line).as("the parent's report of its workers").startsWith("workers ");
            for (String pid : line.substring("workers ".length()).split(",")) {
                children.add(Long.parseLong(pid));
            }
            assertThat(children).hasSize(2).allMatch(pid -> ProcessHandle.of(pid).isPresent());
            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            parent.waitFor(10, TimeUnit.SECONDS);
        } finally {
            parent.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (children.stream().anyMatch(WorkerPoolProcessesTest::alive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(children).as("worker processes after their parent was SIGKILLed").noneMatch(WorkerPoolProcessesTest::alive);
    }

    /** Worker JVMs of this test JVM that are still alive (after a grace period for exiting ones). */
    static List<ProcessHandle> leftoverWorkers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.current().children()
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains("io.asyncio4j.engine.WorkerMain")).orElse(false))
                    .toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return left;
    }

    @AfterEach
    void noWorkerProcessOutlivesItsTest() throws InterruptedException {
        assertThat(leftoverWorkers()).as("worker processes left behind").isEmpty();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void waitFor(File marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!marker.exists() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(marker).exists();
    }
}
