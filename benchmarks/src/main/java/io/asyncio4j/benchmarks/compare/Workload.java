package io.asyncio4j.benchmarks.compare;

/**
 * The workloads of the peer comparison (issue 4). Each runs in a fresh process per implementation
 * and repeat; {@link #expectedChecksum} is what every implementation must return, so a fast but
 * wrong implementation cannot win.
 */
public enum Workload {
    /** 1,000,000 concurrent 1 s sleeps, gathered. Primary figure: wall time; memory matters too. */
    W1("W1", "1,000,000 concurrent 1 s sleeps, gathered", Kind.WALL),
    /** 1,000,000 tasks that each yield once (asyncio's {@code sleep(0)}), gathered. */
    W1B("W1b", "1,000,000 tasks that yield once, gathered", Kind.WALL),
    /** One producer and one consumer through a queue of capacity 1024; 2,000,000 items. */
    W2("W2", "1 producer / 1 consumer, queue of 1024, 2,000,000 items", Kind.THROUGHPUT),
    /** 100,000 sequential run_coroutine_threadsafe round trips from a plain thread. */
    W3_SEQ("W3seq", "100,000 sequential cross-thread round trips", Kind.LATENCY),
    /** 100,000 run_coroutine_threadsafe round trips submitted at once, then all waited for. */
    W3_PIPE("W3pipe", "100,000 pipelined cross-thread round trips", Kind.LATENCY),
    /** 1000 tasks × 1000 times acquire / yield / release of one lock. */
    W4("W4", "1000 tasks x 1000 lock acquire/yield/release", Kind.THROUGHPUT);

    /** How the workload's figure is best read. */
    public enum Kind {
        /** wall time of the whole workload */
        WALL,
        /** operations per second */
        THROUGHPUT,
        /** microseconds per operation */
        LATENCY
    }

    public final String id;
    public final String description;
    public final Kind kind;

    Workload(String id, String description, Kind kind) {
        this.id = id;
        this.description = description;
        this.kind = kind;
    }

    /** The workload named {@code id} (case-insensitive), e.g. {@code W1b} or {@code w3seq}. */
    public static Workload of(String id) {
        for (Workload w : values()) {
            if (w.id.equalsIgnoreCase(id) || w.name().equalsIgnoreCase(id)) return w;
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; known: " + ids());
    }

    /** Every workload id, comma-separated. */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (Workload w : values()) sb.append(sb.length() == 0 ? "" : ",").append(w.id);
        return sb.toString();
    }

    /** The full-size parameters of this workload, shrunk by {@code scale} (1 = as specified). */
    public Spec spec(double scale) {
        switch (this) {
            case W1: return new Spec(scaled(1_000_000, scale), scale >= 1 ? 1000 : 20, 0, 0, 0);
            case W1B: return new Spec(scaled(1_000_000, scale), 0, 0, 0, 0);
            case W2: return new Spec(scaled(2_000_000, scale), 0, 1024, 0, 0);
            case W3_SEQ:
            case W3_PIPE: return new Spec(scaled(100_000, scale), 0, 0, 0, 0);
            case W4: return new Spec(0, 0, 0, scaled(1000, Math.sqrt(scale)), scaled(1000, Math.sqrt(scale)));
            default: throw new AssertionError(this);
        }
    }

    /** Operations the workload performs (the denominator of throughput and latency). */
    public long operations(Spec s) {
        return this == W4 ? (long) s.tasks() * s.iters() : s.n();
    }

    /** What every implementation's run must return. */
    public long expectedChecksum(Spec s) {
        switch (this) {
            case W1:
            case W1B: return s.n();
            case W2:
            case W3_SEQ:
            case W3_PIPE: return (long) s.n() * (s.n() - 1) / 2;
            case W4: return (long) s.tasks() * s.iters();
            default: throw new AssertionError(this);
        }
    }

    private static int scaled(int full, double scale) {
        return Math.max(1, (int) Math.round(full * Math.min(1.0, scale)));
    }

    /**
     * Parameters of one run: {@code n} items/tasks/round trips, {@code sleepMs} for W1, queue
     * {@code capacity} for W2, {@code tasks} × {@code iters} for W4.
     */
    public record Spec(int n, long sleepMs, int capacity, int tasks, int iters) {
        /** As {@code key=value} arguments for a child process. */
        public String[] toArgs() {
            return new String[] {"n=" + n, "sleepMs=" + sleepMs, "capacity=" + capacity, "tasks=" + tasks, "iters=" + iters};
        }

        /** Parses what {@link #toArgs} wrote. */
        public static Spec parse(String[] args, int from) {
            int n = 0, capacity = 0, tasks = 0, iters = 0;
            long sleepMs = 0;
            for (int i = from; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                if (kv.length != 2) throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
                switch (kv[0]) {
                    case "n": n = Integer.parseInt(kv[1]); break;
                    case "sleepMs": sleepMs = Long.parseLong(kv[1]); break;
                    case "capacity": capacity = Integer.parseInt(kv[1]); break;
                    case "tasks": tasks = Integer.parseInt(kv[1]); break;
                    case "iters": iters = Integer.parseInt(kv[1]); break;
                    default: throw new IllegalArgumentException("unknown parameter '" + kv[0] + "'");
                }
            }
            return new Spec(n, sleepMs, capacity, tasks, iters);
        }
    }
}
