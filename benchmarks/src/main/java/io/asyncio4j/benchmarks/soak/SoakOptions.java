package io.asyncio4j.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The soak's command line: {@code [--minutes N | --seconds N] [--out FILE]}.
 *
 * @param duration how long the whole soak runs (warm-up included), 10 minutes unless told
 * @param out where the final report is written as well as to stdout, or null
 */
record SoakOptions(Duration duration, Path out) {
    static final String USAGE = "usage: soak [--minutes N | --seconds N] [--out FILE]   (default: --minutes 10)";

    static SoakOptions parse(String[] args) {
        Duration duration = Duration.ofMinutes(10);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + ": missing value; " + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--minutes" -> duration = Duration.ofMinutes(positive(a, v));
                case "--seconds" -> duration = Duration.ofSeconds(positive(a, v));
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
            }
        }
        return new SoakOptions(duration, out);
    }

    private static long positive(String option, String value) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'");
        }
        if (n < 1 || n > 100_000) {
            throw new IllegalArgumentException(option + " must be between 1 and 100000, was " + n);
        }
        return n;
    }
}
