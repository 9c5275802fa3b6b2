package io.asyncio4j.benchmarks.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the loads did and what went wrong, shared by all of them. Operations and injected faults are
 * counted per load; lost items, duplicated items, hung calls and other violations (a wrong echo, a
 * wrong exit code, a lock left held) are what fail the soak. The first violations are kept verbatim
 * so the report can say what happened, not just how often.
 */
final class SoakCounters {
    private static final int KEPT_DETAILS = 30;

    private final Map<LoadKind, LongAdder> ops = new EnumMap<>(LoadKind.class);
    private final Map<LoadKind, LongAdder> faults = new EnumMap<>(LoadKind.class);
    private final Map<LoadKind, LongAdder> rounds = new EnumMap<>(LoadKind.class);
    final AtomicLong lost = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong hung = new AtomicLong();
    final AtomicLong violations = new AtomicLong();
    private final List<String> details = new ArrayList<>();

    SoakCounters() {
        for (LoadKind k : LoadKind.values()) {
            ops.put(k, new LongAdder());
            faults.put(k, new LongAdder());
            rounds.put(k, new LongAdder());
        }
    }

    void op(LoadKind kind, long n) {
        ops.get(kind).add(n);
    }

    void fault(LoadKind kind, long n) {
        faults.get(kind).add(n);
    }

    void round(LoadKind kind) {
        rounds.get(kind).increment();
    }

    long ops(LoadKind kind) {
        return ops.get(kind).sum();
    }

    long faults(LoadKind kind) {
        return faults.get(kind).sum();
    }

    long rounds(LoadKind kind) {
        return rounds.get(kind).sum();
    }

    void lost(LoadKind kind, long n, String what) {
        lost.addAndGet(n);
        detail(kind, n + " lost: " + what);
    }

    void duplicated(LoadKind kind, long n, String what) {
        duplicated.addAndGet(n);
        detail(kind, n + " duplicated: " + what);
    }

    void hung(LoadKind kind, long n, String what) {
        hung.addAndGet(n);
        detail(kind, n + " hung: " + what);
    }

    void violation(LoadKind kind, String what) {
        violations.incrementAndGet();
        detail(kind, what);
    }

    private synchronized void detail(LoadKind kind, String what) {
        if (details.size() < KEPT_DETAILS) {
            details.add(kind.label + ": " + what);
        }
    }

    synchronized List<String> details() {
        return List.copyOf(details);
    }

    boolean clean() {
        return lost.get() == 0 && duplicated.get() == 0 && hung.get() == 0 && violations.get() == 0;
    }
}
