package io.asyncio4j.samples.crawler.cli;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Gives {@code java -jar asyncio4j-samples.jar [crawl ...]} the JVM a command-line crawl wants, which
 * a jar cannot ask for itself: the jar's main starts a second JVM (the crawl) with
 * <ul>
 * <li>{@code -XX:+UseSerialGC -Xmn24m}: one collector thread and a small young generation, which
 *     keep a 10,000-page crawl well under 256 MiB resident (G1's defaults took 300-450 MiB);
 * <li>{@code -XX:TieredStopAtLevel=1} for a crawl of at most {@value #SHORT_CRAWL} pages (the
 *     default is 10,000): the C1 compiler alone, so that a short crawl does not share its cores with
 *     C2 compiling code it will barely run (measured on 2 cores: as fast at 50,000 pages, faster
 *     below); a longer crawl keeps both compilers;
 * <li>the JDK 25 AOT cache ({@code -XX:AOTCache}) or, on JDK 17-24, a CDS archive
 *     ({@code -XX:SharedArchiveFile}), so that classes come loaded and linked and JDK 25 has method
 *     profiles from the start. The first run makes it in the background once it ends: a training
 *     crawl of the built-in demo site (about half a minute of one core, at low priority) writes
 *     the file next to the jar (or in {@code ~/.cache/asyncio4j}). The file's name carries the JDK's
 *     version and the jar's size and time, so a new build or another JDK makes a new one; until it
 *     exists the crawl runs without it.
 * </ul>
 * The first JVM only waits: stdin, stdout and stderr are the crawl's own (the progress bar still
 * sees a terminal), its exit code is the crawl's, and Ctrl-C reaches the crawl once: the crawl's JVM
 * ignores SIGINT itself and the first JVM turns SIGINT (or SIGTERM, SIGHUP) into SIGTERM for it,
 * which runs the same clean stop (summary, valid output, exit code 130); a second Ctrl-C kills it
 * (the output file stays valid; {@code --resume} cuts a torn last line).
 *
 * <p>Off with {@code ASYNCIO4J_LAUNCHER=off} or {@code -Dasyncio4j.launcher=off}
 * ({@code ASYNCIO4J_LAUNCHER=verbose} prints the crawl's JVM command on stderr); off too when the
 * user gave any {@code -X} or {@code -XX} flag (on the command line or in {@code JDK_JAVA_OPTIONS}
 * or {@code JAVA_TOOL_OPTIONS}: their choice stands), when not started with {@code -jar}, on Windows,
 * and for what is no crawl ({@code --help}, {@code --version}, {@code --serve-demo}, {@code --merge},
 * the other samples).
 */
public final class JvmLauncher {
    /** Set in the crawl's JVM (and the training one): no second relaunch. */
    static final String LAUNCHED = "ASYNCIO4J_LAUNCHED";
    private static final List<String> CLI_FLAGS = List.of("-XX:+UseSerialGC", "-Xmn24m");
    /** Pages at most of a crawl that runs with the C1 compiler alone. */
    static final long SHORT_CRAWL = 100_000;
    private static final Set<String> NO_CRAWL = Set.of("-h", "--help", "-V", "--version", "--serve-demo", "--merge");
    private static final String TRAINING = "crawl --demo-pages 1000 --demo-latency 0ms --demo-failure-rate 0 --demo-slow-rate 0 "
            + "-c 32 --per-host 32 -q --no-progress";

    private JvmLauncher() {}

    /**
     * Runs the crawl in a JVM of its own, sized for it, and exits with its exit code; returns at
     * once (doing nothing) if that is off or of no use (see the class doc).
     *
     * @param args the samples' arguments ({@code [crawl] [options] [URL...]})
     */
    public static void relaunchIfWorthIt(String[] args) {
        Path jar = startedWithJar();
        if (jar == null || !wanted(args)) {
            return;
        }
        List<String> jvmOptions = jvmOptions();
        if (jvmOptions == null) {
            return;
        }
        Cache cache = Cache.of(jar);
        List<String> cmd = new ArrayList<>();
        // the crawl's JVM starts with SIGINT ignored: Ctrl-C reaches it once, from us, as SIGTERM
        cmd.addAll(List.of("/bin/sh", "-c", "trap '' INT; exec \"$0\" \"$@\"", javaBinary()));
        cmd.addAll(jvmOptions);
        cmd.addAll(CLI_FLAGS);
        if (maxPages(args) <= SHORT_CRAWL) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        if (cache != null) {
            cmd.addAll(cache.useFlags());
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(Arrays.asList(args));
        if ("verbose".equalsIgnoreCase(System.getenv("ASYNCIO4J_LAUNCHER"))) {
            System.err.println("launcher: " + String.join(" ", cmd.subList(3, cmd.size())));
        }
        int code;
        try {
            code = run(cmd);
        } catch (IOException e) {
            return; // could not start it: crawl in this JVM
        }
        if (cache != null && !cache.exists()) {
            cache.makeInBackground(jvmOptions, jar);
        }
        System.exit(code);
    }

    private static boolean wanted(String[] args) {
        if ("off".equalsIgnoreCase(System.getenv("ASYNCIO4J_LAUNCHER")) || "off".equalsIgnoreCase(System.getProperty("asyncio4j.launcher"))
                || System.getenv(LAUNCHED) != null || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                || !new File("/bin/sh").canExecute()) {
            return false;
        }
        boolean crawl = args.length == 0 || args[0].equals("crawl") || args[0].startsWith("-") || args[0].contains("://");
        return crawl && Arrays.stream(args).noneMatch(NO_CRAWL::contains);
    }

    /** @return the crawl's {@code -n}/{@code --max-pages} (its default, 10,000, if not given or not a number) */
    static long maxPages(String[] args) {
        long pages = 10_000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if ((a.equals("-n") || a.equals("--max-pages")) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (a.startsWith("--max-pages=") || a.startsWith("-n=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (a.startsWith("-n") && a.length() > 2 && Character.isDigit(a.charAt(2))) {
                value = a.substring(2);
            }
            if (value != null) {
                try {
                    pages = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    // picocli will say what is wrong with it
                }
            }
        }
        return pages;
    }

    /** @return the jar this JVM runs with {@code java -jar} (the launcher names it first in {@code sun.java.command}), or null */
    private static @Nullable Path startedWithJar() {
        String command = System.getProperty("sun.java.command", "");
        for (int end = command.indexOf(".jar"); end >= 0; end = command.indexOf(".jar", end + 1)) {
            if (end + 4 == command.length() || command.charAt(end + 4) == ' ') {
                try {
                    Path jar = Path.of(command.substring(0, end + 4)).toAbsolutePath();
                    return Files.isRegularFile(jar) && isOurs(jar) ? jar : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Whether the jar's main is the samples' (a test runner started with -jar runs other code). */
    private static boolean isOurs(Path jar) {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest m = j.getManifest();
            return m != null && "io.asyncio4j.samples.Main".equals(m.getMainAttributes().getValue("Main-Class"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** @return this JVM's own options (before {@code -jar}), or null if the user tuned it ({@code -X...}) */
    private static @Nullable List<String> jvmOptions() {
        for (String env : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            String v = System.getenv(env);
            if (v != null && (v.contains("-X") || v.contains("-Xmx"))) {
                return null;
            }
        }
        String[] all = ProcessHandle.current().info().arguments().orElse(null);
        if (all == null) {
            return null;
        }
        List<String> options = new ArrayList<>();
        for (String a : all) {
            if (a.equals("-jar")) {
                return options;
            }
            if (a.startsWith("-X")) {
                return null;
            }
            options.add(a);
        }
        return null; // no -jar: not ours to relaunch
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Runs the crawl's JVM to its end, passing it Ctrl-C (and SIGTERM, SIGHUP) as SIGTERM. */
    private static int run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(LAUNCHED, "1");
        Process child = pb.start();
        AtomicInteger interrupts = new AtomicInteger();
        for (String sig : List.of("INT", "TERM", "HUP")) {
            onSignal(sig, () -> {
                if (sig.equals("INT") && interrupts.incrementAndGet() > 1) {
                    child.destroyForcibly(); // a second Ctrl-C: now
                } else {
                    child.destroy(); // SIGTERM: the crawl's shutdown hook stops it cleanly
                }
            });
        }
        while (true) {
            try {
                int code = child.waitFor();
                // the crawl stopped by our SIGTERM (143) or SIGKILL (137) because of a Ctrl-C: say so as Ctrl-C does
                return interrupts.get() > 0 && (code == 143 || code == 137) ? 130 : code;
            } catch (InterruptedException e) {
                // only a signal handler interrupts nothing here; keep waiting for the crawl
            }
        }
    }

    /**
     * Handles a signal instead of the JVM's default (which would end this JVM, not the crawl's), with
     * {@code sun.misc.Signal} of module jdk.unsupported, reached reflectively so that the build has no
     * warning about it. A signal this process ignores (a job started in the background) stays ignored.
     */
    private static void onSignal(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(JvmLauncher.class.getClassLoader(), new Class<?>[] {handler}, (p, m, a) -> {
                if (m.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return m.getName().equals("toString") ? "forward " + name : m.getName().equals("hashCode")
                        ? System.identityHashCode(p) : p == a[0];
            });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no such signal here, or ignored by this process: nothing to pass on
        }
    }

    /**
     * The AOT cache (JDK 25+) or CDS archive (JDK 17-24) of this jar and this JDK: a file next to the
     * jar, or in the user's cache directory if the jar's is not writable.
     */
    private static final class Cache {
        private final Path file;
        private final boolean aot;

        private Cache(Path file, boolean aot) {
            this.file = file;
            this.aot = aot;
        }

        static @Nullable Cache of(Path jar) {
            boolean aot = Runtime.version().feature() >= 25;
            String key;
            try {
                key = Integer.toHexString((System.getProperty("java.vm.version") + System.getProperty("java.home") + Files.size(jar)
                        + Files.getLastModifiedTime(jar).toMillis()).hashCode());
            } catch (IOException e) {
                return null;
            }
            String name = jar.getFileName().toString().replaceAll("\\.jar$", "") + "-" + key + (aot ? ".aot" : ".jsa");
            Path dir = writableDir(jar.getParent());
            return dir == null ? null : new Cache(dir.resolve(name), aot);
        }

        private static @Nullable Path writableDir(@Nullable Path jarDir) {
            if (jarDir != null && Files.isWritable(jarDir)) {
                return jarDir;
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path home = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            Path dir = home.resolve("asyncio4j");
            try {
                Files.createDirectories(dir);
                return Files.isWritable(dir) ? dir : null;
            } catch (IOException e) {
                return null;
            }
        }

        boolean exists() {
            return Files.isRegularFile(file);
        }

        List<String> useFlags() {
            if (!exists()) {
                return List.of();
            }
            return List.of(aot ? "-XX:AOTCache=" + file : "-XX:SharedArchiveFile=" + file);
        }

        /**
         * Starts the training crawl that makes the file, detached and at low priority, unless one
         * runs already; it writes a temporary file and renames it, and removes this jar's older files.
         */
        void makeInBackground(List<String> jvmOptions, Path jar) {
            Path lock = file.resolveSibling(file.getFileName() + ".making");
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Path log = file.resolveSibling(file.getFileName() + ".log");
            try {
                if (Files.exists(lock) && System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis() < 600_000) {
                    return; // another run is making it
                }
                Files.writeString(lock, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return;
            }
            List<String> java = new ArrayList<>();
            java.add(javaBinary());
            java.addAll(jvmOptions);
            java.addAll(CLI_FLAGS);
            java.add(aot ? "-XX:AOTCacheOutput=" + tmp : "-XX:ArchiveClassesAtExit=" + tmp);
            java.add("-jar");
            java.add(jar.toString());
            java.addAll(List.of(TRAINING.split(" ")));
            String prefix = jar.getFileName().toString().replaceAll("\\.jar$", "") + "-";
            String script = "nice -n 10 true 2>/dev/null && N='nice -n 10' || N=''; "
                    + "$N \"$@\" && [ -s " + quote(tmp) + " ] && mv -f " + quote(tmp) + " " + quote(file)
                    + " && for f in " + quote(file.getParent().resolve(prefix).toString()) + "*" + (aot ? ".aot" : ".jsa") + "; do "
                    + "[ \"$f\" = " + quote(file) + " ] || rm -f \"$f\"; done && rm -f " + quote(log) + "; rm -f " + quote(tmp) + " "
                    + quote(lock);
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
            cmd.addAll(java);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put(LAUNCHED, "training");
            try {
                pb.start(); // not waited for: it outlives this JVM
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(lock);
                } catch (IOException ignored) {
                    // the lock goes stale in ten minutes
                }
            }
        }

        private static String quote(Object path) {
            return "'" + path.toString().replace("'", "'\\''") + "'";
        }
    }
}
