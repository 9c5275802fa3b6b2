package io.asyncio4j.benchmarks.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark W7 (issue 10): worker pools and subprocesses against the plain JDK executor and Python.
 * Every run is a fresh process — a JVM running {@link W7Child}, or {@code python3 w7_peers.py} — and
 * prints {@code RESULT ms=.. checksum=..}; the checksum must match, so a fast wrong run cannot win.
 * Medians of {@code --repeats} runs (default 3) are printed as a Markdown table with the ratios the
 * issue sets as targets.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar w7 [--repeats 3] [--python python3] [--java /path/to/java] [--cases tiny,cpu,cpu-light,subprocess]
 * </pre>
 *
 * Cases: {@code tiny} — 100,000 tiny jobs ({@code () -> i}) through 4 workers, submitted at once then
 * all waited for, after one warm-up round in the same process; {@code cpu} — 1,000 prime tests of
 * 100,000,000,003 (the seeds' trial division) through 2 worker processes with {@code map}
 * (chunksize 1, as {@code ProcessPoolExecutor.map}), pool start and shutdown included;
 * {@code cpu-light} — the same with 1,000,000,007, where each job is so short that the per-job
 * overhead and the JVMs' start-up dominate; {@code subprocess} — 1,000 runs of {@code true}, 50 at
 * once.
 */
public final class W7 {
    private W7() {}

    /** One row: a case run by one implementation. */
    private record Run(String caseName, String impl) {}

    public static void main(String[] args) throws Exception {
        int repeats = 3;
        String python = "python3";
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cases" -> only = List.of(args[++i].split(","));
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--python" -> python = args[++i];
                case "--java" -> java = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; known: --repeats, --python, --java, --cases");
            }
        }
        List<Run> runs = List.of(
                new Run("tiny", W7Child.WORKERPOOL_THREADS), new Run("tiny", W7Child.JDK_FIXED), new Run("tiny", "python"),
                new Run("cpu", W7Child.WORKERPOOL_PROCESSES), new Run("cpu", "python"),
                new Run("cpu-light", W7Child.WORKERPOOL_PROCESSES), new Run("cpu-light", "python"),
                new Run("subprocess", W7Child.ASYNC_SUBPROCESS), new Run("subprocess", "python"));
        if (only != null) {
            List<String> keep = only;
            runs = runs.stream().filter(r -> keep.contains(r.caseName())).toList();
        }
        Path script = extract();
        Map<Run, double[]> times = new LinkedHashMap<>();
        for (int r = 0; r < repeats; r++) {
            for (Run run : runs) {
                List<String> cmd = new ArrayList<>();
                if (run.impl().equals("python")) {
                    cmd.addAll(List.of(python, script.toString(), run.caseName()));
                } else {
                    cmd.addAll(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), W7Child.class.getName(),
                            run.caseName(), run.impl()));
                }
                double ms = measure(cmd, run);
                times.computeIfAbsent(run, k -> new double[0]);
                double[] old = times.get(run);
                double[] now = Arrays.copyOf(old, old.length + 1);
                now[old.length] = ms;
                times.put(run, now);
                System.err.printf(Locale.ROOT, "W7 %s %s run %d: %.1f ms%n", run.caseName(), run.impl(), r + 1, ms);
            }
        }
        System.out.println(report(times, repeats));
    }

    private static double measure(List<String> cmd, Run run) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        int code = p.waitFor();
        if (result == null) {
            throw new IllegalStateException(run + " failed: exit code " + code + ", no RESULT line (command " + cmd + ")");
        }
        double ms = 0;
        long checksum = -1;
        for (String kv : result.substring("RESULT ".length()).split(" ")) {
            String[] parts = kv.split("=", 2);
            if (parts[0].equals("ms")) {
                ms = Double.parseDouble(parts[1]);
            } else if (parts[0].equals("checksum")) {
                checksum = Long.parseLong(parts[1]);
            }
        }
        long expected = W7Child.expectedChecksum(run.caseName());
        if (checksum != expected) {
            throw new IllegalStateException(run + " returned checksum " + checksum + ", expected " + expected);
        }
        return ms;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String report(Map<Run, double[]> times, int repeats) {
        Map<String, Double> m = new LinkedHashMap<>();
        times.forEach((run, xs) -> m.put(run.caseName() + "/" + run.impl(), median(xs)));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| case | implementation | median wall ms (of %d) | per job |%n|---|---|---:|---:|%n", repeats));
        times.forEach((run, xs) -> {
            double ms = median(xs);
            int jobs = run.caseName().equals("tiny") ? W7Child.TINY_JOBS : run.caseName().startsWith("cpu") ? W7Child.CPU_JOBS : W7Child.PROCESSES;
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2f µs |%n", run.caseName(), run.impl(), ms, ms * 1000 / jobs));
        });
        sb.append(String.format(Locale.ROOT, "%nVerdicts:%n"));
        String p = W7Child.WORKERPOOL_PROCESSES;
        verdict(sb, m, "WorkerPool.threads(4) within 1.3x of Executors.newFixedThreadPool(4)",
                "tiny/" + W7Child.WORKERPOOL_THREADS, "tiny/" + W7Child.JDK_FIXED, 1 / 1.3, "x the plain executor's speed");
        verdict(sb, m, "WorkerPool.threads(4) >= 5x Python ThreadPoolExecutor(4)", "tiny/" + W7Child.WORKERPOOL_THREADS, "tiny/python", 5, "x faster");
        verdict(sb, m, "WorkerPool.processes(2) at least as fast as Python ProcessPoolExecutor(2)", "cpu/" + p, "cpu/python", 1, "x faster");
        verdict(sb, m, "(no target) cpu-light: WorkerPool.processes(2) vs Python", "cpu-light/" + p, "cpu-light/python", 1, "x faster");
        verdict(sb, m, "Async.subprocess throughput >= Python asyncio subprocesses",
                "subprocess/" + W7Child.ASYNC_SUBPROCESS, "subprocess/python", 1, "x faster");
        return sb.toString();
    }

    /** Appends "target: ratio — met/NOT met", where ratio = time of {@code other} / time of {@code ours} and must reach {@code atLeast}. */
    private static void verdict(StringBuilder sb, Map<String, Double> m, String target, String ours, String other, double atLeast, String unit) {
        Double a = m.get(ours);
        Double b = m.get(other);
        if (a == null || b == null) {
            return; // case not run (--cases)
        }
        double ratio = b / a;
        sb.append(String.format(Locale.ROOT, "- %s: %.2f%s — %s%n", target, ratio, unit, ratio >= atLeast ? "met" : "NOT met"));
    }

    private static Path extract() throws IOException {
        Path tmp = Files.createTempFile("w7_peers", ".py");
        tmp.toFile().deleteOnExit();
        try (InputStream in = W7.class.getResourceAsStream("/python/w7_peers.py")) {
            if (in == null) {
                throw new IOException("python/w7_peers.py is missing from the classpath");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
