package io.asyncio4j.samples;

import static io.asyncio4j.samples.SamplesTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The pool samples of seeds 001 and 003, run through {@link Main} with short sleeps; what they print is checked. */
@Isolated
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PoolsSamplesTest {
    private static final long ME = ProcessHandle.current().pid();

    private static long pidOf(String line) {
        Matcher m = Pattern.compile("(\\d+)'?\\]?$").matcher(line);
        assertThat(m.find()).as("a pid at the end of '%s'", line).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void poolMethods_mapAndApplyKeepOrder_imapUnorderedHasAll() throws Exception {
        List<String> out = run("pool-methods", "0.05");
        String hello = "'hello %s, I am \\d+'";
        String list = "\\[" + String.join(", ", hello.formatted("martin"), hello.formatted("ana"), hello.formatted("liming"),
                hello.formatted("Kev")) + "\\]";
        assertThat(out.get(0)).isEqualTo("print map result");
        assertThat(out.get(1)).matches(list);
        assertThat(out.get(3)).isEqualTo("print map_async result");
        assertThat(out.get(4)).matches(list);
        assertThat(out.subList(6, 10)).allMatch(l -> l.matches("hello \\w+, I am \\d+"))
                .extracting(l -> l.split(",")[0]).containsExactlyInAnyOrder("hello martin", "hello ana", "hello liming", "hello Kev");
        assertThat(out.get(11)).isEqualTo("print apply");
        assertThat(out.get(12)).matches(list);
        assertThat(out.get(14)).isEqualTo("print apply async");
        assertThat(out.subList(15, 19)).extracting(l -> l.split(",")[0])
                .containsExactly("hello martin", "hello ana", "hello liming", "hello Kev");
        assertThat(out).filteredOn(l -> l.startsWith("Used :")).hasSize(5);
        assertThat(out.subList(15, 19)).allMatch(l -> pidOf(l) != ME);
    }

    @Test
    void primes_sameLinesAsPython() throws Exception {
        List<String> out = run("primes");
        List<String> six = List.of("112272535095293 is prime: True", "112582705942171 is prime: True",
                "112272535095293 is prime: True", "115280095190773 is prime: True", "115797848077099 is prime: True",
                "1099726899285419 is prime: False");
        assertThat(out.subList(0, 6)).isEqualTo(six);
        assertThat(out.get(6)).startsWith("multi process pool used:");
        assertThat(out.subList(7, 13)).isEqualTo(six);
        assertThat(out.get(13)).startsWith("multi thread pool used:");
        // the dict keeps the duplicate once, where it was first inserted
        assertThat(out.subList(14, 19)).containsExactly("112272535095293 is prime: True", "112582705942171 is prime: True",
                "115280095190773 is prime: True", "115797848077099 is prime: True", "1099726899285419 is prime: False");
        assertThat(out.get(19)).startsWith("multi thread pool used:");
    }

    @Test
    void poolSubmit_resultsInSubmissionOrderAfterShutdown() throws Exception {
        List<String> out = run("pool-submit", "0.02");
        List<String> results = out.stream().filter(l -> l.startsWith("------> ")).toList();
        assertThat(results).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(results.get(i)).startsWith("------> " + i + " * ");
            assertThat(pidOf(results.get(i))).isNotEqualTo(ME);
        }
        assertThat(results.stream().map(PoolsSamplesTest::pidOf).distinct().count()).isBetween(1L, 5L);
        assertThat(out).filteredOn(l -> l.startsWith("start ")).hasSize(10);
        assertThat(out).filteredOn(l -> l.startsWith("end ")).hasSize(10);
        // shutdown() waited: every job had ended before the first result was printed
        assertThat(out.indexOf(results.get(0))).isGreaterThan(out.lastIndexOf(out.stream().filter(l -> l.startsWith("end ")).reduce((a, b) -> b).orElseThrow()));
        assertThat(out.get(out.size() - 1)).isEqualTo("main " + ME);
    }

    @Test
    void threadPoolSubmit_hundredJobsInOneProcess() throws Exception {
        List<String> out = run("thread-pool-submit", "0.005");
        assertThat(out).filteredOn(l -> l.startsWith("-------> ")).hasSize(100).allMatch(l -> l.equals("-------> 1 * " + ME));
        assertThat(out).filteredOn(l -> l.startsWith("start ")).hasSize(100).allMatch(l -> l.equals("start " + ME));
        assertThat(out.get(out.size() - 1)).isEqualTo("main");
    }

    @Test
    void threadPoolMap_resultsInRangeOrder() throws Exception {
        List<String> out = run("thread-pool-map", "0.01");
        assertThat(out.stream().filter(l -> l.contains(" * ")).toList())
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> i + " * " + ME).toList());
    }

    @Test
    void poolCallbacks_getInWorkersParseHere(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db.txt");
        List<String> out = run("pool-callbacks", db.toString());
        assertThat(out).filteredOn(l -> l.contains("> get http://127.0.0.1:")).hasSize(4).allMatch(l -> pidOf(l.split(">")[0].replace("<进程", "")) != ME);
        assertThat(out).filteredOn(l -> l.contains("> parse http://127.0.0.1:")).hasSize(4).allMatch(l -> l.startsWith("<进程" + ME + "> parse "));
        assertThat(Files.readAllLines(db, StandardCharsets.UTF_8)).hasSize(4)
                .anyMatch(l -> l.matches("url:<http://127\\.0\\.0\\.1:\\d+/openstack> size:\\[56000\\]"))
                .anyMatch(l -> l.matches("url:<http://127\\.0\\.0\\.1:\\d+/tencent> size:\\[800\\]"));
    }

    @Test
    void processHello_twoChildrenSayHello() throws Exception {
        List<String> out = run("process-hello", "0.02");
        assertThat(out).filteredOn(l -> l.startsWith("hello martin, I am ")).hasSize(2).allMatch(l -> pidOf(l) != ME);
    }

    @Test
    void processIpc_queueAndPipeCarryPythonsList() throws Exception {
        List<String> out = run("process-ipc");
        assertThat(out).containsExactly("[42, None, 'hello']", "[42, None, 'hello']", "6", "----------", "----------", "true 0");
    }

    @Test
    void managerDict_lockedDecrementsEndAtZero() throws Exception {
        assertThat(run("manager-dict")).containsExactly("{'count': 0}");
    }

    @Test
    void processLifecycle_joinIsolationTerminate() throws Exception {
        List<String> out = run("process-lifecycle", "0.05");
        assertThat(out.subList(0, 3)).satisfies(l -> {
            assertThat(l.get(0)).startsWith("start ");
            assertThat(l.get(1)).startsWith("end ");
            assertThat(l.get(2)).isEqualTo("main " + ME);
        });
        assertThat(out).filteredOn(l -> l.startsWith("邮件已发送 ")).hasSize(10);
        assertThat(out).containsSubsequence("100封邮件已发送", "100", "true", "is alive", "false");
        assertThat(out.indexOf("100封邮件已发送")).isGreaterThan(out.stream().filter(l -> l.startsWith("邮件已发送 "))
                .map(out::indexOf).max(Integer::compare).orElseThrow());
        assertThat(out.get(out.size() - 1)).isEqualTo("false");
    }
}
