package io.asyncio4j.benchmarks.soak;

import java.util.List;
import java.util.Locale;

/** The soak's final report as text: per-load figures, the counts that must be zero, resources, verdict. */
final class SoakReport {
    private SoakReport() {}

    static String text(SoakCounters c, ResourceSnapshot start, ResourceSnapshot end, ResourceSnapshot closed,
            List<String> exceeded, double seconds, String loadStart, String loadEnd) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nsoak report: %.0f s, load average %s at start, %s at end%n",
                seconds, loadStart, loadEnd));
        sb.append(String.format(Locale.ROOT, "%-34s %8s %12s %16s%n", "load", "rounds", "operations",
                "faults injected"));
        for (LoadKind k : LoadKind.values()) {
            sb.append(String.format(Locale.ROOT, "%-34s %8d %12d %16d%n", k.label, c.rounds(k), c.ops(k),
                    c.faults(k)));
        }
        sb.append(String.format(Locale.ROOT, "items lost %d, items duplicated %d, hung calls %d, other violations %d"
                + " (each must be 0)%n", c.lost.get(), c.duplicated.get(), c.hung.get(), c.violations.get()));
        for (String d : c.details()) {
            sb.append("  ").append(d).append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "%-22s %10s %10s %12s%n", "resources", "start", "end", "after close"));
        sb.append(String.format(Locale.ROOT, "%-22s %10d %10d %12d%n", "Thread.activeCount",
                start.activeThreads(), end.activeThreads(), closed.activeThreads()));
        sb.append(String.format(Locale.ROOT, "%-22s %10d %10d %12d%n", "ThreadMXBean threads",
                start.jvmThreads(), end.jvmThreads(), closed.jvmThreads()));
        sb.append(String.format(Locale.ROOT, "%-22s %10d %10d %12d%n", "open fds", start.openFds(), end.openFds(),
                closed.openFds()));
        sb.append(String.format(Locale.ROOT, "%-22s %10.1f %10.1f %12.1f%n", "heap MiB after GC",
                start.heapUsed() / 1048576.0, end.heapUsed() / 1048576.0, closed.heapUsed() / 1048576.0));
        List<String> grown = end.threadGrowth(start);
        if (!grown.isEmpty()) {
            sb.append("threads more at end than at start, by name: ").append(String.join(", ", grown))
                    .append(System.lineSeparator());
        }
        sb.append("tolerance: ").append(ResourceTolerance.STATED).append(System.lineSeparator());
        boolean pass = c.clean() && exceeded.isEmpty();
        sb.append(pass ? "PASS" : "FAIL");
        if (!c.clean()) {
            sb.append(": lost/duplicated/hung/violations not all 0");
        }
        if (!exceeded.isEmpty()) {
            sb.append(c.clean() ? ": " : "; ").append("beyond tolerance: ").append(String.join(", ", exceeded));
        }
        sb.append(System.lineSeparator());
        return sb.toString();
    }
}
