package io.asyncio4j.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table's ratios and the target verdicts, on made-up figures. */
class ReportTest {
    private static Compare.Results results() {
        Compare.Options o = Compare.Options.parse(new String[] {"--workloads", "W1,W2", "--repeats", "3"});
        Compare.Results r = new Compare.Results(o);
        // W1: future 1.2 s vs kotlinx 1.0 s (time ×1.2, met), RSS 700 vs 500 MiB (×1.4, missed)
        add(r, Workload.W1, Impl.ASYNCIO4J_FUTURE, 1.2, 700, 1.1, 800, 1.3);
        add(r, Workload.W1, Impl.KOTLINX, 1.0, 500, 0.9, 1000, 1.1);
        add(r, Workload.W1, Impl.PYTHON, 30, 2000, 31, 2100, 29);
        r.add(Workload.W1, Impl.ASYNCIO4J_BLOCKING, Compare.Outcome.failed("boom"));
        r.add(Workload.W1, Impl.JDK, Compare.Outcome.notAvailable("needs JDK 21"));
        r.add(Workload.W2, Impl.ASYNCIO4J_FUTURE, Compare.Outcome.notAvailable("not merged yet"));
        add(r, Workload.W2, Impl.KOTLINX, 0.3, 60, 0.3, 60, 0.3);
        return r;
    }

    private static void add(Compare.Results r, Workload w, Impl impl, double s1, long mib, double s2, long mib2, double s3) {
        r.add(w, impl, Compare.Outcome.measured(m(w, impl, s1, mib)));
        r.add(w, impl, Compare.Outcome.measured(m(w, impl, s2, mib2)));
        r.add(w, impl, Compare.Outcome.measured(m(w, impl, s3, mib)));
    }

    private static Child.Measurement m(Workload w, Impl impl, double seconds, long mib) {
        return new Child.Measurement(w, impl, (long) (seconds * 1e9), w.expectedChecksum(w.spec(1)), mib * 1024, mib << 20, 0, null, "test VM");
    }

    @Test
    void cellsAreMediansOfTheRuns() {
        Compare.Cell c = results().cell(Workload.W1, Impl.ASYNCIO4J_FUTURE);
        assertThat(c.runs()).isEqualTo(3);
        assertThat(c.seconds()).isEqualTo(1.2);
        assertThat(c.rssMib()).isEqualTo(700);
    }

    @Test
    void oursAreRatiosToEachPeer() {
        Report report = new Report(results(), new Machine(2, "1 GiB", "cpu", "os", "jdk", "py", "-Xmx1g", 3, 1, "today", "load"));
        String[] future = report.rows().stream().filter(r -> r[0].equals("W1") && r[1].equals("asyncio4j-future")).findFirst().orElseThrow();
        assertThat(future[7]).isEqualTo("time ×1.20, RSS ×1.40");   // vs kotlinx
        assertThat(future[8]).isEqualTo("—");                       // JDK n/a
        assertThat(future[9]).isEqualTo("time ×0.040, RSS ×0.350"); // vs Python
        String[] blocking = report.rows().stream().filter(r -> r[0].equals("W1") && r[1].equals("asyncio4j-blocking")).findFirst().orElseThrow();
        assertThat(blocking[2]).isEqualTo("FAILED (boom)");
    }

    @Test
    void targetsSayMetMissedOrNotAvailable() {
        Report report = new Report(results(), new Machine(2, "1 GiB", "cpu", "os", "jdk", "py", "-Xmx1g", 3, 1, "today", "load"));
        List<String[]> rows = report.targetRows();
        assertThat(verdict(rows, "#4", "W1 asyncio4j-future: wall time ≤ 1.3× kotlinx")).isEqualTo("met");
        assertThat(verdict(rows, "#4", "W1 asyncio4j-future: peak RSS ≤ 1.3× kotlinx")).isEqualTo("**MISSED**");
        assertThat(verdict(rows, "#2", "W1 asyncio4j-future: peak RSS ≤ 1.5× kotlinx")).isEqualTo("met");
        assertThat(verdict(rows, "#4", "W1 asyncio4j-future: throughput ≥ 10× python")).isEqualTo("met");
        assertThat(verdict(rows, "#4", "W2 asyncio4j-future: throughput ≥ 0.7× kotlinx")).isEqualTo("n/a (not merged yet)");
    }

    @Test
    void markdownReplacesOnlyTheGeneratedPart(@TempDir Path dir) throws Exception {
        Report report = new Report(results(), new Machine(2, "1 GiB", "cpu", "os", "jdk", "py", "-Xmx1g", 3, 1, "today", "load"));
        Path md = dir.resolve("BENCHMARKS.md");
        Files.writeString(md, "# Title\n\nintro\n\n" + Report.BEGIN + "\nold table\n" + Report.END + "\n\n## Findings\nkeep me\n");
        report.writeMarkdown(md, "benchmarks.png");
        String doc = Files.readString(md);
        assertThat(doc).startsWith("# Title\n\nintro\n\n" + Report.BEGIN).contains("## Findings\nkeep me\n")
                .doesNotContain("old table").contains("![asyncio4j vs peers](benchmarks.png)").contains("| W1 | asyncio4j-future |");
    }

    @Test
    void chartIsAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("chart.png");
        Chart.draw(results(), png);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertThat(head).containsExactly(0x89, 'P', 'N', 'G');
    }

    @Test
    void resultLinesRoundTrip() {
        Child.Measurement m = m(Workload.W3_SEQ, Impl.JDK, 0.5, 80);
        assertThat(Child.Measurement.parse(m.toLine())).isEqualTo(m);
        Child.Measurement na = new Child.Measurement(Workload.W4, Impl.ASYNCIO4J_BLOCKING, 0, -1, -1, -1, -1, "AsyncLock not merged yet", "");
        assertThat(Child.Measurement.parse(na.toLine()).notAvailable()).isEqualTo("AsyncLock not merged yet");
    }

    private static String verdict(List<String[]> rows, String issue, String target) {
        return rows.stream().filter(r -> r[0].equals(issue) && r[1].equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + target))[3];
    }
}
