package io.asyncio4j.samples.crawler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.asyncio4j.samples.crawler.PageResult;
import io.asyncio4j.testing.SigintDefault;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar} for real: a jar whose manifest names this test's class path (so it is this
 * build's code) is started as a user starts the samples jar, and the crawl's own JVM is checked from
 * outside: its flags, its exit codes, its output, Ctrl-C from a terminal and from {@code kill},
 * {@code --resume} after it, and the cache made in the background after the first run.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JvmLauncherTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    static Path dir;
    private static Path jar;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void jar() throws IOException {
        assumeTrue(new File("/bin/sh").canExecute() && !System.getProperty("os.name").startsWith("Windows"), "a POSIX system");
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, "io.asyncio4j.samples.Main");
        a.putValue("Add-Opens", "java.base/java.lang");
        StringBuilder cp = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.append(Path.of(e).toAbsolutePath().toUri()).append(' ');
            }
        }
        a.put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        jar = dir.resolve("samples-under-test.jar");
        try (JarOutputStream j = new JarOutputStream(new FileOutputStream(jar.toFile()), m)) {
            // the manifest is the whole jar
        }
    }

    private static Process start(Map<String, String> env, List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(JAVA, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove(JvmLauncher.LAUNCHED);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Run finish(Process p) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        return finish(start(env, List.of(), args));
    }

    private static int deadPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theCrawlRunsInAJvmSizedForIt_withItsOutputAndExitCode_andTheCacheComesForTheNextRun() throws Exception {
        Run r = run(Map.of("ASYNCIO4J_LAUNCHER", "verbose"), "crawl", "http://127.0.0.1:" + deadPort() + "/", "--retries", "0",
                "--no-progress");
        assertThat(r.err).contains("launcher: ", "-XX:+UseSerialGC", "-Xmn24m", "-XX:TieredStopAtLevel=1", "-jar " + jar);
        assertThat(r.out).contains("crawl finished: 1 pages", "failed 1 (connect 1)");
        assertThat(r.code).as("every page failed").isEqualTo(1);

        // the first run left a training crawl behind it, which makes the cache: wait for it (bounded)
        String suffix = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (cacheFiles(suffix).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(cacheFiles(suffix)).as("the cache, next to the jar; training log:%n%s", trainingLog()).hasSize(1);
        Run again = run(Map.of("ASYNCIO4J_LAUNCHER", "verbose"), "--demo-pages", "30", "--demo-latency", "0ms", "-q", "--no-progress");
        assertThat(again.code).isZero();
        assertThat(again.err).contains(suffix.equals(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=", cacheFiles(suffix).get(0).toString());
        assertThat(again.out).contains("crawl finished");
    }

    @Test
    void offByTheUser_orByTheUsersOwnJvmFlags_orForWhatIsNoCrawl() throws Exception {
        assertThat(run(Map.of("ASYNCIO4J_LAUNCHER", "off"), "--demo-pages", "10", "-q", "--no-progress").err).doesNotContain("launcher:");
        // the user's own -Xmx (before -jar) stands: no second JVM
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Xmx300m", "-jar", jar.toString(), "--demo-pages", "10", "-q", "--no-progress")
                .redirectErrorStream(true);
        pb.environment().put("ASYNCIO4J_LAUNCHER", "verbose");
        pb.environment().remove(JvmLauncher.LAUNCHED);
        Process tuned = pb.start();
        String tunedOut = new String(tuned.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tuned.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tunedOut).contains("crawl finished").doesNotContain("launcher:");
        assertThat(run(Map.of("ASYNCIO4J_LAUNCHER", "verbose"), "crawl", "--help").err).doesNotContain("launcher:");
    }

    @Test
    void ctrlC_fromATerminal_orFromKill_stopsTheCrawlCleanly_andResumeGoesOn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid, to be a process group as a terminal's job is");
        Path out = dir.resolve("pages.jsonl");
        String[] crawl = {"--demo-pages", "3000", "--demo-latency", "20ms", "--demo-failure-rate", "0", "--demo-slow-rate", "0",
            "-o", out.toString(), "--no-progress"};
        // a terminal's Ctrl-C: SIGINT to the whole foreground process group, the first JVM and the crawl's
        // (a SIGINT ignored in this JVM, as in a CI script's background job, would be ignored in the crawl's too)
        List<String> setsid = new ArrayList<>(SigintDefault.prefix());
        setsid.add("/usr/bin/setsid");
        Process group = start(Map.of(), setsid, crawl);
        waitForLines(out, 20);
        signal("-INT", "-" + group.pid());
        Run first = finish(group);
        assertThat(first.code).as("out:%n%s%nerr:%n%s", first.out, first.err).isEqualTo(130);
        assertThat(first.out).contains("crawl INTERRUPTED", "(go on with --resume)");
        List<String> done = urls(out);
        assertThat(done).hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();

        // kill -INT of the first JVM alone
        Process alone = start(Map.of(), SigintDefault.prefix(), concat(crawl, "--resume"));
        waitForLines(out, done.size() + 20);
        signal("-INT", Long.toString(alone.pid()));
        Run second = finish(alone);
        assertThat(second.code).as("out:%n%s%nerr:%n%s", second.out, second.err).isEqualTo(130);
        assertThat(second.out).contains("crawl INTERRUPTED");

        Run last = run(Map.of(), concat(crawl, "--resume"));
        assertThat(last.code).as(last.err).isZero();
        assertThat(last.out).contains("crawl finished", "more from the earlier run");
        assertThat(urls(out)).doesNotHaveDuplicates().hasSizeGreaterThan(3000);
    }

    @Test
    void aShortCrawlGetsTheC1CompilerAlone_aLongOneBoth() {
        assertThat(JvmLauncher.maxPages(new String[] {"crawl"})).isEqualTo(10_000);
        assertThat(JvmLauncher.maxPages(new String[] {"crawl", "-n", "200000"})).isEqualTo(200_000);
        assertThat(JvmLauncher.maxPages(new String[] {"--max-pages=5", "x"})).isEqualTo(5);
        assertThat(JvmLauncher.maxPages(new String[] {"-n300000"})).isEqualTo(300_000);
        assertThat(JvmLauncher.maxPages(new String[] {"--max-pages", "lots"})).isEqualTo(10_000);
        assertThat(JvmLauncher.SHORT_CRAWL).isBetween(10_000L, 1_000_000L);
    }

    private static String[] concat(String[] a, String b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + 1);
        c[a.length] = b;
        return c;
    }

    private static void signal(String sig, String target) throws Exception {
        Process kill = new ProcessBuilder("kill", sig, "--", target).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void waitForLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(n + " records within 90 s; stderr: " + Files.readString(dir.resolve("err.txt")));
    }

    private static List<String> urls(Path file) throws IOException {
        String text = Files.readString(file);
        assertThat(text).endsWith("\n");
        return text.lines().map(PageResult::fromJson).map(PageResult::url).toList();
    }

    private static List<Path> cacheFiles(String suffix) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("samples-under-test-") && p.toString().endsWith(suffix)).toList();
        }
    }

    private static String trainingLog() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    return e.toString();
                }
            }).reduce("", String::concat);
        }
    }
}
