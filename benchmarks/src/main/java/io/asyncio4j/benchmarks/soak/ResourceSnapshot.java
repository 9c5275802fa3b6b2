package io.asyncio4j.benchmarks.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Threads, open file descriptors and heap of this JVM at one moment. {@link #take} runs a full GC first
 * so the heap figure is what is still reachable, not what the collector has not got to yet.
 *
 * @param activeThreads {@code Thread.activeCount()} (platform threads of the main group and its subgroups)
 * @param jvmThreads {@code ThreadMXBean.getThreadCount()} (every live platform thread)
 * @param openFds entries of {@code /proc/self/fd}, or -1 where there is no such directory
 * @param heapUsed bytes of heap in use after the GC
 * @param threadsByName live platform threads by name with its digits taken out, to say which kind grew
 */
record ResourceSnapshot(int activeThreads, int jvmThreads, long openFds, long heapUsed,
        Map<String, Integer> threadsByName) {

    static ResourceSnapshot take() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Runtime rt = Runtime.getRuntime();
        return new ResourceSnapshot(Thread.activeCount(), ManagementFactory.getThreadMXBean().getThreadCount(),
                countOpenFds(), rt.totalMemory() - rt.freeMemory(), countThreadsByName());
    }

    private static Map<String, Integer> countThreadsByName() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byName.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return byName;
    }

    /** The kinds of thread there are more of here than in {@code before}: "name +n" each. */
    List<String> threadGrowth(ResourceSnapshot before) {
        List<String> grown = new ArrayList<>();
        threadsByName.forEach((name, n) -> {
            int was = before.threadsByName.getOrDefault(name, 0);
            if (n > was) {
                grown.add(name + " +" + (n - was));
            }
        });
        return grown;
    }

    private static long countOpenFds() {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fd)) {
            return s.count() - 1;   // the directory stream's own descriptor
        } catch (IOException e) {
            return -1;
        }
    }

    String line() {
        return String.format("threads %d (MXBean %d), fds %d, heap %.1f MiB", activeThreads, jvmThreads, openFds,
                heapUsed / 1048576.0);
    }
}
