package io.asyncio4j.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** Where a comparison ran: cores, memory, CPU, OS, the JDK and Python of the children, the flags. */
record Machine(int cores, String memory, String cpu, String os, String jdk, String python, String jvmArgs,
               int repeats, double scale, String date, String load) {

    static Machine describe(Compare.Results r, Compare.Options o) {
        String jdk = "?", python = "?";
        for (Workload w : r.workloads()) {
            for (Impl i : r.impls()) {
                Compare.Cell c = r.cell(w, i);
                if (!c.ok() || c.runtime() == null) continue;
                if (i == Impl.PYTHON) python = c.runtime();
                else jdk = c.runtime();
            }
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotal(), cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                jdk, python, o.jvmArgs, o.repeats, o.scale, LocalDate.now().toString(),
                "load average (1/5/15 min) " + r.loadBefore + " before, " + r.loadAfter + " after");
    }

    String summary() {
        return String.format(Locale.ROOT, "%d cores (%s), %s RAM, %s; JVM children: %s, flags `%s`; %s; "
                + "median of up to %d fresh process%s per cell%s; %s; %s",
                cores, cpu, memory, os, jdk, jvmArgs, python, repeats, repeats == 1 ? "" : "es",
                scale < 1 ? String.format(Locale.ROOT, ", SCALED DOWN to %.4f", scale) : "", load, date);
    }

    /** The first three fields of /proc/loadavg, or "?". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String memTotal() {
        String kb = field(Path.of("/proc/meminfo"), "MemTotal:");
        if (kb == null) return "?";
        try {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.split("\\s+")[0]) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static String cpuModel() {
        String m = field(Path.of("/proc/cpuinfo"), "model name");
        return m == null ? "?" : m.replaceFirst("^\\s*:\\s*", "").trim();
    }

    private static String field(Path file, String prefix) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(prefix)) return line.substring(prefix.length()).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }
}
