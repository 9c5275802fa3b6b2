package io.asyncio4j.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * How far the end figures may lie above the start ones and still count as flat. A leak of one thread,
 * descriptor or a few objects per round would pass these bounds within the first minutes of a
 * ten-minute soak; the slack is for pools that grow to their working size and for idle threads that
 * the JDK or kotlinx.coroutines keep for a while before ending them.
 */
final class ResourceTolerance {
    static final String STATED = "end <= start + max(12, 25 %) threads (MXBean), start + max(16, 25 %) fds, "
            + "start + max(48 MiB, 50 %) heap after GC";

    private ResourceTolerance() {}

    /** The figures that went beyond the tolerance, each as a sentence; empty if all are flat. */
    static List<String> exceeded(ResourceSnapshot start, ResourceSnapshot end) {
        List<String> out = new ArrayList<>();
        long threads = start.jvmThreads() + Math.max(12, start.jvmThreads() / 4);
        if (end.jvmThreads() > threads) {
            out.add("threads " + start.jvmThreads() + " -> " + end.jvmThreads() + " (allowed " + threads + ")");
        }
        if (start.openFds() >= 0) {
            long fds = start.openFds() + Math.max(16, start.openFds() / 4);
            if (end.openFds() > fds) {
                out.add("fds " + start.openFds() + " -> " + end.openFds() + " (allowed " + fds + ")");
            }
        }
        long heap = start.heapUsed() + Math.max(48L << 20, start.heapUsed() / 2);
        if (end.heapUsed() > heap) {
            out.add(String.format("heap %.1f -> %.1f MiB (allowed %.1f)", start.heapUsed() / 1048576.0,
                    end.heapUsed() / 1048576.0, heap / 1048576.0));
        }
        return out;
    }
}
