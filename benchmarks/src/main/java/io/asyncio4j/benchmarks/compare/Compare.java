package io.asyncio4j.benchmarks.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer comparison of issue 4: every workload × implementation in a fresh process (a JVM running
 * {@link Child}, or {@code python3 asyncio_peers.py}), repeated, medians taken; prints one table,
 * writes it with a chart into docs/BENCHMARKS.md and docs/benchmarks.png.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar compare [--repeats 3] [--workloads W1,W1b,...]
 *      [--impls asyncio4j-future,...] [--jvm-args "-Xmx8g ..."] [--java /path/to/java] [--python python3]
 *      [--scale 1] [--out docs/BENCHMARKS.md] [--png docs/benchmarks.png] [--no-write] [--timeout 900]
 *      [--once-after 60]
 * </pre>
 *
 * A cell whose first run takes longer than {@code --once-after} seconds (or fails) is not repeated.
 * With {@code --scale} below 1 (a quick smoke run) nothing is written unless {@code --out} is given.
 */
public final class Compare {
    /** Default JVM flags of every child: room for a million tasks, and the same for every JVM peer. */
    public static final String DEFAULT_JVM_ARGS = "-Xms1g -Xmx8g -XX:+UseG1GC";

    private Compare() {}

    /** Options of one comparison run. */
    static final class Options {
        int repeats = 3;
        List<Workload> workloads = Arrays.asList(Workload.values());
        List<Impl> impls = Arrays.asList(Impl.values());
        String jvmArgs = DEFAULT_JVM_ARGS;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String python = "python3";
        double scale = 1;
        Path out;
        Path png;
        boolean write = true;
        long timeoutSeconds = 900;
        long onceAfterSeconds = 60;

        static Options parse(String[] args) {
            Options o = new Options();
            boolean outGiven = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--repeats": o.repeats = Integer.parseInt(args[++i]); break;
                    case "--workloads": o.workloads = parseList(args[++i], Workload::of); break;
                    case "--impls": o.impls = parseList(args[++i], Impl::of); break;
                    case "--jvm-args": o.jvmArgs = args[++i]; break;
                    case "--java": o.java = args[++i]; break;
                    case "--python": o.python = args[++i]; break;
                    case "--scale": o.scale = Double.parseDouble(args[++i]); break;
                    case "--out": o.out = Path.of(args[++i]); outGiven = true; break;
                    case "--png": o.png = Path.of(args[++i]); break;
                    case "--no-write": o.write = false; break;
                    case "--timeout": o.timeoutSeconds = Long.parseLong(args[++i]); break;
                    case "--once-after": o.onceAfterSeconds = Long.parseLong(args[++i]); break;
                    default: throw new IllegalArgumentException("unknown option '" + a + "' (see docs/BENCHMARKS.md)");
                }
            }
            if (o.repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1");
            if (o.scale <= 0 || o.scale > 1) throw new IllegalArgumentException("--scale must be in (0, 1]");
            if (o.out == null) o.out = Path.of("docs", "BENCHMARKS.md");
            if (o.png == null) o.png = o.out.resolveSibling("benchmarks.png");
            if (o.scale < 1 && !outGiven) o.write = false;
            return o;
        }

        private static <T> List<T> parseList(String s, java.util.function.Function<String, T> f) {
            List<T> l = new ArrayList<>();
            for (String x : s.split(",")) if (!x.isBlank()) l.add(f.apply(x.trim()));
            return l;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Results results = run(o);
        Report report = new Report(results, Machine.describe(results, o));
        System.out.println();
        System.out.println(report.text());
        if (o.write) {
            Chart.draw(results, o.png);
            Path mdDir = o.out.toAbsolutePath().getParent();
            report.writeMarkdown(o.out, mdDir.relativize(o.png.toAbsolutePath()).toString().replace('\\', '/'));
            System.out.println("wrote " + o.out + " and " + o.png);
        }
    }

    /** Runs everything {@code o} asks for and collects the measurements. */
    static Results run(Options o) throws Exception {
        Results results = new Results(o);
        results.loadBefore = Machine.loadAverage();
        Path script = extractPythonScript();
        java.util.Set<String> once = new java.util.HashSet<>();
        int total = o.repeats * o.workloads.size() * o.impls.size();
        int k = 0;
        for (int rep = 1; rep <= o.repeats; rep++) {
            for (Workload w : o.workloads) {
                Workload.Spec spec = w.spec(o.scale);
                for (Impl impl : o.impls) {
                    k++;
                    String key = w.id + "/" + impl.id;
                    if (once.contains(key)) {
                        System.err.printf(Locale.ROOT, "[%d/%d] %s %s (repeat %d) skipped: its first run took over %d s%n",
                                k, total, w.id, impl.id, rep, o.onceAfterSeconds);
                        continue;
                    }
                    System.err.printf(Locale.ROOT, "[%d/%d] %s %s (repeat %d) ... ", k, total, w.id, impl.id, rep);
                    long t0 = System.nanoTime();
                    Outcome outcome = runOne(o, script, w, impl, spec);
                    long took = System.nanoTime() - t0;
                    System.err.println(outcome);
                    results.add(w, impl, outcome);
                    if (outcome.measurement() == null || took > TimeUnit.SECONDS.toNanos(o.onceAfterSeconds)) once.add(key);
                }
            }
        }
        results.loadAfter = Machine.loadAverage();
        return results;
    }

    private static Outcome runOne(Options o, Path script, Workload w, Impl impl, Workload.Spec spec) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (impl == Impl.PYTHON) {
            cmd.add(o.python);
            cmd.add(script.toString());
            cmd.add(w.id);
        } else {
            cmd.add(o.java);
            for (String a : o.jvmArgs.trim().split("\\s+")) if (!a.isEmpty()) cmd.add(a);
            // As the jar's manifest does for `java -jar`: each loop may schedule its own virtual threads.
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Child.class.getName());
            cmd.add(w.id);
            cmd.add(impl.id);
        }
        cmd.addAll(Arrays.asList(spec.toArgs()));
        ChildProcess child = ChildProcess.run(cmd, ProcessBuilder.Redirect.INHERIT, o.timeoutSeconds);
        if (child.failure() != null) return Outcome.failed(child.failure());
        Child.Measurement m = Child.Measurement.parse(child.resultLine());
        if (m.notAvailable() != null) return Outcome.notAvailable(m.notAvailable());
        long expected = w.expectedChecksum(spec);
        if (m.checksum() != expected) {
            return Outcome.failed("checksum " + m.checksum() + " != expected " + expected);
        }
        return Outcome.measured(m);
    }

    /** The Python peer script, copied out of the jar (or classes directory) into a temporary file. */
    static Path extractPythonScript() throws IOException {
        Path tmp = Files.createTempFile("asyncio_peers", ".py");
        tmp.toFile().deleteOnExit();
        try (InputStream in = Compare.class.getResourceAsStream("/python/asyncio_peers.py")) {
            if (in == null) throw new IOException("python/asyncio_peers.py is missing from the classpath");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }

    /** What one run produced: figures, "not available" with a reason, or a failure. */
    record Outcome(Child.Measurement measurement, String notAvailable, String failure) {
        static Outcome measured(Child.Measurement m) {
            return new Outcome(m, null, null);
        }

        static Outcome notAvailable(String reason) {
            return new Outcome(null, reason, null);
        }

        static Outcome failed(String why) {
            return new Outcome(null, null, why);
        }

        @Override
        public String toString() {
            if (measurement != null) return measurement.toString();
            if (notAvailable != null) return "n/a (" + notAvailable + ")";
            return "FAILED: " + failure;
        }
    }

    /** Every outcome, by workload and implementation, with medians. */
    static final class Results {
        final Options options;
        final Map<Workload, Map<Impl, List<Outcome>>> all = new EnumMap<>(Workload.class);
        String loadBefore = "?";
        String loadAfter = "?";

        Results(Options options) {
            this.options = options;
        }

        void add(Workload w, Impl impl, Outcome o) {
            all.computeIfAbsent(w, x -> new EnumMap<>(Impl.class)).computeIfAbsent(impl, x -> new ArrayList<>()).add(o);
        }

        /** The medians of one cell, or null if it has no successful run. */
        Cell cell(Workload w, Impl impl) {
            List<Outcome> os = all.getOrDefault(w, Map.of()).getOrDefault(impl, List.of());
            List<Child.Measurement> ms = new ArrayList<>();
            String na = null, failure = null;
            for (Outcome o : os) {
                if (o.measurement() != null) ms.add(o.measurement());
                else if (o.notAvailable() != null) na = o.notAvailable();
                else failure = o.failure();
            }
            if (ms.isEmpty()) return new Cell(w, impl, 0, -1, -1, -1, -1, na, failure == null && na == null ? "not run" : failure, null);
            long[] wall = ms.stream().mapToLong(Child.Measurement::wallNanos).sorted().toArray();
            long[] rss = ms.stream().mapToLong(Child.Measurement::rssKib).sorted().toArray();
            long[] heap = ms.stream().mapToLong(Child.Measurement::heapPeakBytes).sorted().toArray();
            long[] gc = ms.stream().mapToLong(Child.Measurement::gcMillis).sorted().toArray();
            return new Cell(w, impl, ms.size(), median(wall), median(rss), median(heap), median(gc), null,
                    failure, ms.get(0).runtime());
        }

        List<Impl> impls() {
            return options.impls;
        }

        List<Workload> workloads() {
            return options.workloads;
        }

        private static long median(long[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /**
     * Medians of one workload × implementation over its successful runs. {@code runs == 0} means no
     * figures: {@code notAvailable} or {@code failure} says why.
     */
    record Cell(Workload workload, Impl impl, int runs, long wallNanos, long rssKib, long heapPeakBytes, long gcMillis,
                String notAvailable, String failure, String runtime) {
        boolean ok() {
            return runs > 0;
        }

        double seconds() {
            return wallNanos / 1e9;
        }

        /** Operations per second. */
        double throughput(Workload.Spec spec) {
            return workload.operations(spec) / seconds();
        }

        /** Microseconds per operation. */
        double micros(Workload.Spec spec) {
            return wallNanos / 1e3 / workload.operations(spec);
        }

        double rssMib() {
            return rssKib / 1024.0;
        }
    }
}
