package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors work for a user on the module path: a tiny application module that
 * {@code requires io.asyncio4j} compiles and runs with {@code java --module-path ... -m}, in a fresh
 * JVM that has only the built facade, the engine and their dependencies (Kotlin stdlib,
 * kotlinx-coroutines, JSpecify) on its module path; the same module cannot compile against the
 * engine's package, which is exported only to asyncio4j's own modules.
 */
@Timeout(120)
class ModulePathTest {
    private static final String MODULE_INFO = """
            module demo {
                requires io.asyncio4j;
            }
            """;

    private static final String MAIN = """
            package demo;

            import io.asyncio4j.Async;
            import io.asyncio4j.AsyncQueue;
            import io.asyncio4j.Task;
            import java.time.Duration;

            public class Main {
                public static void main(String[] args) {
                    AsyncQueue<Integer> q = new AsyncQueue<>(2);
                    int sum = Async.run(() -> {
                        Task<Void> producer = Async.createTask(() -> {
                            for (int i = 1; i <= 5; i++) {
                                Async.await(q.put(i));
                            }
                            return null;
                        });
                        int s = 0;
                        for (int i = 0; i < 5; i++) {
                            s += Async.await(q.get());
                            Async.await(Async.sleep(Duration.ofMillis(1)));
                        }
                        Async.await(producer);
                        return s;
                    });
                    Module facade = Async.class.getModule();
                    Module engine = facade.getLayer().findModule("io.asyncio4j.engine").orElseThrow();
                    System.out.println("sum=" + sum
                            + " facade=" + facade.getName()
                            + " engineToFacade=" + engine.isExported("io.asyncio4j.engine", facade)
                            + " engineToDemo=" + engine.isExported("io.asyncio4j.engine", Main.class.getModule()));
                }
            }
            """;

    private static final String REACHES_INTO_ENGINE = """
            package demo;

            public class Sneaky {
                Object q = new io.asyncio4j.engine.Event();
            }
            """;

    @Test
    void aModuleRequiringTheFacadeCompilesAndRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        String modulePath = modulePath();
        Path src = write(dir.resolve("src"), MAIN);
        Path out = dir.resolve("out");

        Result javac = run(List.of(tool("javac"), "--module-path", modulePath, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString()));
        assertThat(javac.exit).as("javac output:\n%s", javac.output).isZero();

        Result java = run(List.of(tool("java"), "--module-path", out + File.pathSeparator + modulePath, "-m", "demo/demo.Main"));
        assertThat(java.exit).as("java output:\n%s", java.output).isZero();
        assertThat(java.output).contains("sum=15 facade=io.asyncio4j engineToFacade=true engineToDemo=false");
    }

    private static final String POOL_MAIN = """
            package demo;

            import io.asyncio4j.WorkerOptions;
            import io.asyncio4j.WorkerPool;
            import java.util.List;

            public class Main {
                static String where(int i) {
                    return i + "@" + Main.class.getModule().getName();
                }

                public static void main(String[] args) {
                    try (WorkerPool pool = WorkerPool.processes(2, WorkerOptions.defaults().jvmOptions("-Xmx64m"))) {
                        System.out.println("squares=" + pool.map((Integer i) -> i * i, List.of(1, 2, 3)));
                        System.out.println("where=" + pool.map(Main::where, List.of(4)));
                        long me = ProcessHandle.current().pid();
                        System.out.println("inWorker=" + (pool.apply(() -> ProcessHandle.current().pid()) != me));
                    }
                }
            }
            """;

    /**
     * An application on the module path whose modules are jars in one directory ({@code java -p mods -m ...}, the
     * usual layout) runs a process pool's lambdas: worker processes get the parent's module path as a module path.
     */
    @Test
    void aModularApplication_runsLambdasInWorkerProcesses(@TempDir Path dir) throws Exception {
        Path src = write(dir.resolve("src"), POOL_MAIN);
        Path out = dir.resolve("out");
        Result javac = run(List.of(tool("javac"), "--module-path", modulePath(), "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString()));
        assertThat(javac.exit).as("javac output:\n%s", javac.output).isZero();

        Path mods = Files.createDirectories(dir.resolve("mods"));
        jar(out, mods.resolve("demo.jar"));
        int n = 0;
        for (String entry : modulePath().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                jar(p, mods.resolve("module" + n++ + ".jar"));
            } else {
                Files.copy(p, mods.resolve(p.getFileName()));
            }
        }
        Result java = run(List.of(tool("java"), "-Xmx64m", "-p", mods.toString(), "-m", "demo/demo.Main"));
        assertThat(java.exit).as("java output:\n%s", java.output).isZero();
        assertThat(java.output).contains("squares=[1, 4, 9]").contains("where=[4@demo]").contains("inWorker=true");
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                java.util.stream.Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    @Test
    void theEnginePackageIsNotExportedToApplications(@TempDir Path dir) throws Exception {
        Path src = write(dir.resolve("src"), REACHES_INTO_ENGINE);

        Result javac = run(List.of(tool("javac"), "--module-path", modulePath(), "-d", dir.resolve("out").toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Sneaky.java").toString()));
        assertThat(javac.exit).as("javac output:\n%s", javac.output).isNotZero();
        assertThat(javac.output).contains("package io.asyncio4j.engine is not visible");
    }

    private static Path write(Path src, String mainClass) throws IOException {
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO, StandardCharsets.UTF_8);
        String name = mainClass.contains("class Main") ? "Main.java" : "Sneaky.java";
        Files.writeString(src.resolve("demo").resolve(name), mainClass, StandardCharsets.UTF_8);
        return src;
    }

    /**
     * The built facade (its class directory, or jar) plus the engine and the third-party modules, taken from
     * this test run's own module path or class path, and nothing else.
     */
    private static String modulePath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(Path.of(Async.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> wanted = List.of("asyncio4j-engine-kotlin", "engine-kotlin" + File.separator + "target" + File.separator + "classes",
                "kotlin-stdlib-", "kotlinx-coroutines-core-jvm-", "jspecify-");
        List<String> all = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String v = System.getProperty(property);
            if (v != null && !v.isEmpty()) {
                all.addAll(List.of(v.split(File.pathSeparator)));
            }
        }
        for (String e : all) {
            if (wanted.stream().anyMatch(e::contains) && !e.contains("tests") && !e.contains("test-classes")) {
                entries.add(e);
            }
        }
        assertThat(entries).as("module path entries").hasSize(5);
        return String.join(File.pathSeparator, entries);
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
