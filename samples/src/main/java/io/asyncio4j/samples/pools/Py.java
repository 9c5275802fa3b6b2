package io.asyncio4j.samples.pools;

import java.util.List;
import java.util.stream.Collectors;

/** Python's spellings, so the samples print what the seeds' programs print. */
final class Py {
    private Py() {}

    /** Seconds per unit of sleep; the first argument of every sample (default 1.0). */
    static double unit(String[] args) {
        return args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    }

    /** {@code time.sleep(units)} scaled by {@code unit}. */
    static void sleep(double unit, double units) {
        try {
            Thread.sleep(Math.round(unit * units * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code str(list_of_str)}: {@code ['a', 'b']}. */
    static String repr(List<String> items) {
        return items.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code str(bool)}. */
    static String repr(boolean b) {
        return b ? "True" : "False";
    }

    /** {@code os.getpid()}. */
    static long getpid() {
        return ProcessHandle.current().pid();
    }

    /** {@code time.perf_counter()}. */
    static double perfCounter() {
        return System.nanoTime() / 1e9;
    }

    /**
     * Seed 003's {@code func(i)} of its pool examples: prints {@code start <pid>}, sleeps 1–3 units,
     * prints {@code end <pid>}, returns {@code "<i> * <pid>"}.
     */
    static String startSleepEnd(int i, double unit) {
        System.out.println("start " + getpid());
        sleep(unit, java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 4));
        System.out.println("end " + getpid());
        return i + " * " + getpid();
    }
}
