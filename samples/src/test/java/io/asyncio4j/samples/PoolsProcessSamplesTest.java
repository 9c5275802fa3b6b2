package io.asyncio4j.samples;

import static io.asyncio4j.samples.SamplesTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Seeds 001 and 003's process programs that need worker JVMs beyond {@link PoolsSamplesTest}'s: locks,
 * a daemon, a {@code Process} subclass, processes against threads. What they print is checked, and
 * that no worker JVM outlives a sample.
 */
@Isolated
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolsProcessSamplesTest {
    @AfterEach
    void noWorkerLeft() throws InterruptedException {
        // the pools' close() waits for their JVMs; a killed one may take a moment to be reaped
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)).isEmpty();
    }

    @Test
    void processLocks_rlockTwiceThenLockDeadlockDetected() throws Exception {
        assertThat(run("process-locks", "0.1")).containsExactly(
                "获取递归锁", "再次获取递归锁", "释放递归锁",
                "获取互斥锁", "再次获取互斥锁", "死锁: 互斥锁不可重入, 第二次 acquire 超时", "释放互斥锁");
    }

    @Test
    void daemonProcess_killedWhenMainEnds_son2Finishes() throws Exception {
        List<String> out = run("daemon-process", "0.2");
        assertThat(out).allMatch(l -> l.equals("is alive") || l.equals("in son2"));
        assertThat(out).filteredOn("in son2"::equals).hasSize(5);
        // the daemon prints every half unit and dies after two; son2 prints its last line after four
        assertThat(out.lastIndexOf("is alive")).isLessThan(out.lastIndexOf("in son2"));
        assertThat(out.get(out.size() - 1)).isEqualTo("in son2");
        assertThat(out).filteredOn("is alive"::equals).hasSizeBetween(1, 8);
    }

    @Test
    void myProcess_runsInAWorkerUntilTerminated() throws Exception {
        long me = ProcessHandle.current().pid();
        List<String> out = run("my-process", "0.1");
        // what the child wrote just before the kill may be forwarded after the first False
        List<String> loop = out.stream().filter(l -> !l.equals("False")).toList();
        assertThat(out).filteredOn("False"::equals).hasSize(2);
        assertThat(out.get(0)).matches("1 2 \\d+");
        assertThat(loop).allMatch(l -> l.equals("in myprocess") || l.matches("1 2 \\d+"));
        assertThat(loop).filteredOn(l -> l.startsWith("1 2 ")).extracting(l -> Long.parseLong(l.substring(4)))
                .doesNotContain(me).containsOnly(Long.parseLong(out.get(0).substring(4)));
    }

    @Test
    void processVsThread_bothTimesPrinted() throws Exception {
        List<String> out = run("process-vs-thread", "3");
        assertThat(out).hasSize(2).allSatisfy(l -> assertThat(Double.parseDouble(l)).isPositive());
    }

    @Test
    void processProducerConsumer_everyFoodEatenOnce_sentinelAndJoinStopTheConsumers() throws Exception {
        List<String> out = run("process-producer-consumer", "0.03");
        int sep = out.indexOf("----------");
        assertThat(sep).isPositive();
        List<String> foods = IntStream.range(0, 10).mapToObj(i -> "food" + i).toList();
        List<String> first = out.subList(0, sep);
        assertThat(first).filteredOn("henry生产了一个food"::equals).hasSize(10);
        assertThat(first).filteredOn(l -> l.contains("吃了")).hasSize(10)
                .allMatch(l -> l.matches("echo[1-4]吃了food\\d"))
                .extracting(l -> l.substring(l.indexOf("吃了") + 2)).containsExactlyInAnyOrderElementsOf(foods);
        List<String> second = out.subList(sep + 1, out.size());
        assertThat(second).filteredOn("henry生产了一个food"::equals).hasSize(10);
        // one consumer takes them in order; the sample ends only because join() returned after the last
        assertThat(second).filteredOn(l -> l.startsWith("echo吃了")).extracting(l -> l.substring(6))
                .containsExactlyElementsOf(foods);
    }

    @Test
    void processCrawler_everyFilmOfTheNinePagesPrintedOnce() throws Exception {
        List<String> out = run("process-crawler");
        Pattern film = Pattern.compile("\\{'id': '(\\d+)', 'title': '电影\\1', 'rating_num': '\\d\\.\\d', 'comment_num': '\\d+人'\\}");
        assertThat(out).allMatch(l -> film.matcher(l).matches());
        // start=25 .. 250 as the seed counts: ranks 26..250 (the 250 page is empty)
        assertThat(out).extracting(l -> Integer.parseInt(l.substring(8, l.indexOf("',"))))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(26, 250).boxed().toList());
    }

    @Test
    void processTickets_oneBuyerGetsTheOneTicket(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tickets.txt");
        List<String> out = run("process-tickets", file.toString());
        assertThat(out).filteredOn(l -> l.contains("查询结果")).hasSize(10)
                .allMatch(l -> l.matches("user\\d+ 查询结果：[01]张余票"));
        assertThat(out.get(0)).isEqualTo("user1 查询结果：1张余票");
        assertThat(out).filteredOn(l -> l.endsWith("已买到票")).hasSize(1);
        assertThat(out).filteredOn(l -> l.endsWith("没买到票")).hasSize(9);
        assertThat(Files.readString(file)).isEqualTo("{\"count\": 0}");
    }
}
