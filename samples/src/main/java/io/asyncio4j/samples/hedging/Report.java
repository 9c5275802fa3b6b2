package io.asyncio4j.samples.hedging;

import java.util.Locale;

/** The experiment's table, in Markdown. */
final class Report {
    private Report() {}

    static String header() {
        return "| cell (drop, stall) | p95 of one attempt, ms | strategy | answered within " + HedgingExperiment.deadline().toMillis()
                + " ms | p50 ms | p99 ms | p99.9 ms | requests sent ÷ needed |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n";
    }

    static String rows(HedgingExperiment.CellResults cr) {
        StringBuilder sb = new StringBuilder();
        for (HedgingExperiment.Result r : cr.results()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s → %s | %s | %.2f%% | %s | %s | %s | %.2f |%n",
                    cr.cell().label(), HedgingExperiment.ms(cr.calibratedP95Nanos()), HedgingExperiment.ms(cr.finalP95Nanos()),
                    r.strategy(), 100 * r.successRate(),
                    latency(r.quantile(0.50)), latency(r.quantile(0.99)), latency(r.quantile(0.999)), r.extraLoad()));
        }
        return sb.toString();
    }

    /** A time to an answer; a quantile that falls among the requests without an answer is "> deadline". */
    static String latency(long nanos) {
        return nanos == Long.MAX_VALUE ? "> " + HedgingExperiment.deadline().toMillis() : HedgingExperiment.ms(nanos);
    }
}
