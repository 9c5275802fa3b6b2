package io.asyncio4j.benchmarks.compare;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured run in a fresh JVM: {@code child <workload> <impl> key=value...}. Runs the workload
 * once and prints one line {@code RESULT key=value ...} on stdout with the wall time of the workload
 * (JVM start-up excluded), its checksum, the process's peak RSS ({@code VmHWM}), the sampled peak of
 * used heap and the GC time. The parent ({@link Compare}) reads that line.
 */
public final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: child <workload> <impl> [n=..] [sleepMs=..] [capacity=..] [tasks=..] [iters=..]");
            System.exit(2);
        }
        Workload w = Workload.of(args[0]);
        Impl impl = Impl.of(args[1]);
        Workload.Spec spec = Workload.Spec.parse(args, 2);
        Measurement m = measure(w, impl, spec);
        System.out.println(m.toLine());
        System.out.flush();
        // Leftover non-daemon threads (a loop started in a thread, an executor) must not keep us alive.
        System.exit(0);
    }

    /** Runs {@code w} on {@code impl} in this JVM and measures it. */
    public static Measurement measure(Workload w, Impl impl, Workload.Spec spec) throws Exception {
        Peer peer = Peers.of(impl);
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long gcBefore = gcMillis();
        long t0 = System.nanoTime();
        long checksum;
        String na = null;
        try {
            checksum = peer.run(w, spec);
        } catch (Peer.NotAvailable e) {
            checksum = -1;
            na = e.getMessage();
        }
        long wall = System.nanoTime() - t0;
        long gc = gcMillis() - gcBefore;
        sampler.stop();
        long expected = w.expectedChecksum(spec);
        if (na == null && checksum != expected) {
            throw new IllegalStateException(impl.id + " " + w.id + " returned checksum " + checksum + ", expected " + expected);
        }
        return new Measurement(w, impl, wall, checksum, readHwmKib(), sampler.peak(), gc, na, javaVersion());
    }

    static String javaVersion() {
        return System.getProperty("java.vm.name", "?") + " " + Runtime.version();
    }

    /** Peak resident set size of this process in KiB ({@code VmHWM} of /proc/self/status), or -1. */
    public static long readHwmKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no RSS figure
        }
        return -1;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long t = gc.getCollectionTime();
            if (t > 0) sum += t;
        }
        return sum;
    }

    /** Samples used heap every 5 ms on a daemon thread and keeps the maximum. */
    static final class HeapSampler implements Runnable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            sample();
            thread = new Thread(this, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            long used = memory.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            sample();
        }

        long peak() {
            return peak.get();
        }
    }

    /** One run's figures; {@link #toLine} / {@link #parse} are the wire format between child and parent. */
    public record Measurement(Workload workload, Impl impl, long wallNanos, long checksum, long rssKib,
                              long heapPeakBytes, long gcMillis, String notAvailable, String runtime) {
        public String toLine() {
            StringBuilder sb = new StringBuilder("RESULT");
            sb.append(" workload=").append(workload.id).append(" impl=").append(impl.id);
            if (notAvailable != null) {
                sb.append(" na=").append(notAvailable.replace('\n', ' ').replace("\t", " "));
                return sb.toString();
            }
            sb.append(" wall_ns=").append(wallNanos)
                    .append(" checksum=").append(checksum)
                    .append(" rss_kib=").append(rssKib)
                    .append(" heap_peak_bytes=").append(heapPeakBytes)
                    .append(" gc_ms=").append(gcMillis)
                    .append(" runtime=").append(runtime.replace(' ', '_'));
            return sb.toString();
        }

        /** Parses a {@code RESULT} line (from a JVM child or the Python script). */
        public static Measurement parse(String line) {
            if (!line.startsWith("RESULT ")) throw new IllegalArgumentException("not a RESULT line: " + line);
            String rest = line.substring(7);
            int na = rest.indexOf(" na=");
            String reason = null;
            if (na >= 0) {
                reason = rest.substring(na + 4);
                rest = rest.substring(0, na);
            }
            Workload w = null;
            Impl impl = null;
            long wall = -1, checksum = -1, rss = -1, heap = -1, gc = -1;
            String runtime = "";
            for (String kv : rest.trim().split("\\s+")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) continue;
                switch (p[0]) {
                    case "workload": w = Workload.of(p[1]); break;
                    case "impl": impl = Impl.of(p[1]); break;
                    case "wall_ns": wall = Long.parseLong(p[1]); break;
                    case "checksum": checksum = Long.parseLong(p[1]); break;
                    case "rss_kib": rss = Long.parseLong(p[1]); break;
                    case "heap_peak_bytes": heap = Long.parseLong(p[1]); break;
                    case "gc_ms": gc = Long.parseLong(p[1]); break;
                    case "runtime": runtime = p[1].replace('_', ' '); break;
                    default: break;
                }
            }
            if (w == null || impl == null) throw new IllegalArgumentException("RESULT line lacks workload/impl: " + line);
            return new Measurement(w, impl, wall, checksum, rss, heap, gc, reason, runtime);
        }

        /** Seconds of wall time. */
        public double wallSeconds() {
            return wallNanos / 1e9;
        }

        @Override
        public String toString() {
            if (notAvailable != null) return impl.id + " " + workload.id + ": n/a (" + notAvailable + ")";
            return String.format(Locale.ROOT, "%s %s: %.3f s, RSS %d MiB, heap %d MiB, GC %d ms",
                    impl.id, workload.id, wallSeconds(), rssKib / 1024, heapPeakBytes >> 20, gcMillis);
        }
    }
}
