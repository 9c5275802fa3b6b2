package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
import java.util.concurrent.CompletionException;
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

    @Test
    void aJobsOwnOutput_reachesThisJvm_andItsStdinIsEmpty() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream printedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(printedErr, true, StandardCharsets.UTF_8));
        WorkerPool pool = WorkerPool.processes(1, SMALL);
        try {
            CompletableFuture<String> job = pool.submit(() -> {
                System.out.println("println line");
                System.err.println("stderr line");
                FileOutputStream raw = new FileOutputStream(FileDescriptor.out); // not closed: that would close fd 1
                raw.write("raw fd line\n".getBytes(StandardCharsets.UTF_8));
                int echo = new ProcessBuilder("echo", "grandchild line").inheritIO().start().waitFor();
                int read = System.in.read();
                return "echo " + echo + ", stdin " + read;
            });
            assertThat(job.get(30, TimeUnit.SECONDS)).isEqualTo("echo 0, stdin -1");
            // what went through System.out/err is here before the result; the rest comes as the pipes deliver it
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("println line");
            assertThat(printedErr.toString(StandardCharsets.UTF_8)).contains("stderr line");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!printed.toString(StandardCharsets.UTF_8).contains("grandchild line") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                    .containsExactlyInAnyOrder("println line", "raw fd line", "grandchild line");
            assertThat(pool.apply(() -> "still serving")).isEqualTo("still serving");
        } finally {
            System.setOut(out);
            System.setErr(err);
            // a worker stuck in a job (it hung here once) must not hold up close() and the tests after this one
            pool.shutdown(false, true);
            pool.workerPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            pool.close();
        }
    }

    @Test
    void aJobLoadedByAnotherClassLoader_runsInAWorkerProcess(@TempDir Path dir) throws Exception {
        // a plugin: compiled now, loaded by a class loader of its own, not on java.class.path
        Path src = dir.resolve("src/plugin");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Job.java"), """
                package plugin;

                public class Job implements io.asyncio4j.WorkerCallable<String> {
                    public String call() {
                        return Helper.greet() + " from " + ProcessHandle.current().pid();
                    }
                }

                class Helper { // a class the job uses but does not carry
                    static String greet() {
                        return "plugin says hello";
                    }
                }
                """, StandardCharsets.UTF_8);
        Path classes = dir.resolve("classes");
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.resolve("Job.java").toString()).redirectErrorStream(true).start();
        String javacOutput = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javac.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(javac.exitValue()).as("javac: %s", javacOutput).isZero();
        try (java.net.URLClassLoader plugins = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                WorkerPool.class.getClassLoader());
                WorkerPool pool = WorkerPool.processes(1, SMALL)) {
            @SuppressWarnings("unchecked")
            WorkerCallable<String> job = (WorkerCallable<String>) plugins.loadClass("plugin.Job").getConstructor().newInstance();
            assertThat(pool.submit(job).get(30, TimeUnit.SECONDS)).startsWith("plugin says hello from ")
                    .doesNotEndWith(" " + ProcessHandle.current().pid());

            // the same class defined from bytes, with no file behind it: refused at submit, naming it
            ClassLoader noFile = new ClassLoader(WorkerPool.class.getClassLoader()) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    try {
                        byte[] b = Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class"));
                        return defineClass(name, b, 0, b.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
            };
            @SuppressWarnings("unchecked")
            WorkerCallable<String> homeless = (WorkerCallable<String>) noFile.loadClass("plugin.Job").getConstructor().newInstance();
            assertThatThrownBy(() -> pool.submit(homeless)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plugin.Job cannot be loaded in a worker process")
                    .hasMessageContaining("no file location");
        }
    }

    @Test
    void aWorkerThatCannotStart_failsItsJobWithTheWorkersReason() {
        try (WorkerPool pool = WorkerPool.processes(1, SMALL.jvmOptions("-XX:+AsyncioNoSuchOption"))) {
            assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(BrokenWorkerException.class)
                    .hasMessageContaining("exited with code 1")
                    .hasMessageContaining("Unrecognized VM option 'AsyncioNoSuchOption'");
        }
    }

    @Test
    void anAnswerBeyondTheHeap_failsItsJobClearly_andThePoolGoesOn() throws Exception {
        assertThat(SmallHeapJvm.report(PoolHeapMain.class, "48m")).contains("outcome: failed: java.lang.IllegalStateException: the job's answer")
                .contains("did not fit in this JVM's heap").contains("next job: served");
    }

    @Test
    void aResultThatCannotBeSerialized_isReportedAsComingBack() {
        try (WorkerPool pool = WorkerPool.processes(1, SMALL)) {
            assertThatThrownBy(() -> pool.apply(() -> new Object())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the job's result, a java.lang.Object, is not serializable")
                    .hasMessageContaining("the worker process cannot send it back")
                    .hasMessageNotContaining("sent to a worker");
        }
    }

    @Test
    void aResultOfAClassOutsideTheAllowList_isRefused_andNothingOfItRuns(@TempDir Path dir) throws Exception {
        String marker = dir.resolve("gadget-ran").toString();
        try (WorkerPool pool = WorkerPool.processes(1, SMALL)) {
            // Async.await throws a checked exception in a CompletionException
            assertThatThrownBy(() -> pool.apply(() -> new io.asyncio4j.gadget.Gadget(marker)))
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(java.io.InvalidClassException.class)
                    .hasMessageContaining("io.asyncio4j.gadget.Gadget")
                    .hasMessageContaining("WorkerOptions.allowClasses");
            assertThat(pool.apply(() -> "still serving")).isEqualTo("still serving");
            // a class of another package than the job's is refused too, until it is let in
            assertThatThrownBy(() -> pool.apply(() -> new com.example.model.Point(1, 2)))
                    .hasCauseInstanceOf(java.io.InvalidClassException.class).hasMessageContaining("com.example.model.Point");
        }
        assertThat(Path.of(marker)).doesNotExist();

        // let in, the gadget comes back and its readObject runs here: the filter is what stopped it above
        try (WorkerPool pool = WorkerPool.processes(1, SMALL.allowClasses("io.asyncio4j.gadget.*", "com.example.model.Point"))) {
            assertThat(pool.apply(() -> new io.asyncio4j.gadget.Gadget(marker))).hasToString("Gadget[" + marker + "]");
            assertThat(pool.apply(() -> new com.example.model.Point(1, 2))).isEqualTo(new com.example.model.Point(1, 2));
        }
        assertThat(Files.readString(Path.of(marker))).isEqualTo("read back in process " + ProcessHandle.current().pid() + "\n");
        assertThatThrownBy(() -> SMALL.allowClasses("com.example.")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patterns[0] is not a class pattern: \"com.example.\"");
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
