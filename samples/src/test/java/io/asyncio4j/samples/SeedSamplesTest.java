package io.asyncio4j.samples;

import static io.asyncio4j.samples.SamplesTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** The samples of the seed programs that had none before issue 20, run through {@link Main} with short sleeps. */
@Isolated
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeedSamplesTest {
    @Test
    void refcount_listAndCycleFreedOnceUnreachable() throws Exception {
        List<String> out = run("refcount");
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).contains("the same object", "keeps no count");
        // System.gc() is a request: what the collector did is reported, either way
        assertThat(out.subList(1, 3)).allMatch(l -> l.contains("unreachable"));
    }

    @Test
    void threadLocal_perThread_thenContextVarFollowsTheTaskToAWorkerThread() throws Exception {
        List<String> out = run("thread-local");
        assertThat(out.subList(0, 2))
                .containsExactlyInAnyOrder("Hello, Alice (in Thread-A)", "Hello, Bob (in Thread-B)");
        assertThat(out).contains("ThreadLocal: null, ContextVar: Alice (task Alice, on a worker thread)",
                "ThreadLocal: null, ContextVar: Bob (task Bob, on a worker thread)");
    }

    @Test
    void work_awaitedInTurn_thenAsOverlappingTasks() throws Exception {
        List<String> out = run("work", "0.05");
        assertThat(out).containsSubsequence("== awaited one after the other", "before await", "work_1 start",
                "work_1 end", "awaited work_1", "work_2 start", "work_2 end", "awaited work_2",
                "== as tasks", "before await", "work_1 start", "work_2 start", "work_1 end", "awaited work_1",
                "work_2 end", "awaited work_2");
    }

    @Test
    void hello_helloWorld_thenATaskFromScheduledToDone() throws Exception {
        List<String> out = run("hello", "0.02");
        assertThat(out).hasSize(5).startsWith("Hello", "...World!");
        assertThat(out.get(2)).matches("before the loop runs: Task 'Task-\\d+' \\(scheduled\\)");
        assertThat(out.get(3)).isEqualTo("Hello World");
        assertThat(out.get(4)).matches("after run_until_complete: Task 'Task-\\d+' \\(done\\)");
    }

    @Test
    void doneCallback_bothCallbacksRunAfterTheTask() throws Exception {
        assertThat(run("done-callback", "0.02")).containsExactly("这里是回调函数，获取返回结果是： 暂停了2秒",
                "Callback: 2 暂停了2秒", "run_until_complete returned: 暂停了2秒");
    }

    @Test
    void gatherGroups_listsInOrder_andAListOfLists() throws Exception {
        List<String> out = run("gather-groups", "0.02");
        assertThat(out).contains("[Done after 1s, Done after 2s, Done after 3s]", "[Done after 1s, Done after 2s]",
                "[Done after 1s, Done after 2s, Done after 3s, Done after 4s]",
                "[Done after 1s, Done after 2s, Done after 3s, Done after 4s, Done after 5s, Done after 6s]");
        assertThat(out).filteredOn(l -> l.startsWith("Waiting: ")).hasSize(3 + 2 + 4 + 6);
    }

    @Test
    void pid_thisJvmsPidAndItsParents_andAChildThatNamesThisJvm() throws Exception {
        long me = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        List<String> out = run("pid", "0.01");
        assertThat(out).startsWith("start", me + " " + parent + " end");
        assertThat(out).anyMatch(l -> l.matches("a child says \\(its pid, its parent's\\): \\d+ " + me)
                || l.startsWith("a child says (its pid, its parent's): (sh could not run"));
    }

    @Test
    void threads_sevenProgramsInOrder_tasksNeverLoseAnUpdate() throws Exception {
        List<String> out = run("threads", "0.02");
        assertThat(out).containsSubsequence("== 4.1 start a thread", "== 4.1 start ten threads", "== 4.2 join",
                "子线程执行结束", "子线程执行结束", "== 4.3 a Thread subclass", "主进程结束",
                "== 4.4 current_thread, enumerate, active_count", "== 4.6 a hundred threads do n -= 1",
                "-- a hundred tasks of one loop: 0 (always: they never run at once)", "== 4.7 a daemon thread", "-- the task that looped for ever was cancelled when main returned");
        assertThat(out).filteredOn("start son thread"::equals).hasSize(1 + 10 + 10 + 10);
        assertThat(out).filteredOn(l -> l.matches("\\d+ \\d+")).hasSize(100); // MyThread: i and ident
        assertThat(out).contains("[main, son]");
    }

    @Test
    void mutex_javapShowsReadAddWrite_lockKeepsZero_secondAcquireIsADeadlock() throws Exception {
        List<String> out = run("mutex", "0.1");
        // the JDK's own javap, not the listing printed when a runtime has none
        assertThat(String.join("\n", out)).containsSubsequence("  static void func();", "getstatic", "iconst_1", "iadd",
                "putstatic").doesNotContain("javap is not in this runtime");
        assertThat(out).anyMatch(l -> l.startsWith("no lock: a = "));
        assertThat(out).containsSubsequence("== add and subtract under one lock", "0", "== a lock taken twice",
                "-------------", "deadlock: the second acquire waits for this thread itself (timed out after 1 unit)",
                "Java's ReentrantLock taken twice by one thread: held 2 times");
    }

    @Test
    void singleton_oneInstanceWithTheLock_theHolder_andTasks() throws Exception {
        List<String> out = run("singleton", "0.05");
        // without the lock the count depends on the threads' timing: printed, not asserted
        assertThat(out).anyMatch(l -> l.startsWith("without the lock: ten threads saw "));
        List<String> printed = out.stream().filter(l -> l.startsWith("io.asyncio4j.samples.seeds.Singleton@")).toList();
        assertThat(printed).hasSize(10).containsOnly(printed.get(0));
        assertThat(out).contains("ten threads saw 1 instance(s)", "Java's holder idiom: ten threads saw 1 instance(s)",
                "ten tasks with the lock across an await saw 1 instance(s)");
    }

    @Test
    void queues_fifoLifoAndPriorityAsPythonTuplesCompare() throws Exception {
        assertThat(run("queues")).containsExactly("Queue: 1", "LifoQueue: 2, 1",
                "PriorityQueue: (6, 'echo'), (10, 'dean'), (10, 'henry')",
                "the same queue between tasks: (6, 'echo'), (10, 'dean'), (10, 'henry')");
    }

    @Test
    void runUntilComplete_fourPrograms_resultsReadAfterTheLoopRan() throws Exception {
        List<String> out = run("run-until-complete", "0.02");
        assertThat(out).containsSubsequence("== one task", "start", "end",
                "== asyncio.wait on three, nothing returned", "start", "start", "start", "end", "end", "end",
                "== two tasks, their results read after the loop ran them", "123", "123",
                "== do_some_work(1), (2), (4), asyncio.wait, then each result",
                "Task ret: Done after 1s", "Task ret: Done after 2s", "Task ret: Done after 4s");
    }
}
