package io.asyncio4j.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every implementation runs every workload correctly at a tiny scale (the checksum proves the work
 * was done — a broken peer would otherwise look fast). This is not a benchmark: no timing is checked.
 */
class WorkloadSmokeTest {
    private static final double TINY = 0.001;

    @ParameterizedTest
    @EnumSource(Workload.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void jvmImplementationsReturnTheExpectedChecksum(Workload w) throws Exception {
        for (Impl impl : Impl.values()) {
            if (impl == Impl.PYTHON) continue;
            Child.Measurement m = Child.measure(w, impl, w.spec(TINY)); // throws on a wrong checksum
            if (m.notAvailable() != null) {
                assertThat(impl == Impl.JDK && Runtime.version().feature() < 21 || impl.ours)
                        .as("%s %s is n/a: %s", impl.id, w.id, m.notAvailable()).isTrue();
                continue;
            }
            assertThat(m.checksum()).as("%s %s", impl.id, w.id).isEqualTo(w.expectedChecksum(w.spec(TINY)));
            assertThat(m.wallNanos()).isPositive();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pythonPeerRunsEveryWorkload() throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 is not on PATH");
        Path script = Compare.extractPythonScript();
        for (Workload w : Workload.values()) {
            Workload.Spec spec = w.spec(TINY);
            List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), w.id));
            cmd.addAll(List.of(spec.toArgs()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            Child.Measurement m = Child.Measurement.parse(out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow());
            assertThat(m.workload()).isEqualTo(w);
            assertThat(m.impl()).isEqualTo(Impl.PYTHON);
            assertThat(m.checksum()).as(w.id).isEqualTo(w.expectedChecksum(spec));
            assertThat(m.rssKib()).isPositive();
        }
    }

    private static boolean hasPython() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "python3"))) return true;
        }
        return false;
    }
}
