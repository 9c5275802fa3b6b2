package io.asyncio4j.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak for ten seconds instead of ten minutes: every load runs rounds, nothing is lost, duplicated
 * or hung, and threads, descriptors and heap end within the soak's tolerance (exit code 0). The time
 * limit covers the run, the end figures' settling (up to 45 s on JDK 17, whose idle body threads end
 * after 30 s) and worker JVMs started on a loaded machine.
 */
class SoakSmokeTest {
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void tenSecondsOfEveryLoadLoseNothingHangNothingAndLeakNothing() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            code = Soak.run(SoakOptions.parse(new String[] {"--seconds", "10"}), out);
        }
        String report = buf.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(code).as(report).isZero();
        assertThat(report).contains("items lost 0, items duplicated 0, hung calls 0, other violations 0")
                .contains("\nPASS");
        for (LoadKind k : LoadKind.values()) {
            String line = report.lines().filter(l -> l.startsWith(k.label + " ")).findFirst().orElseThrow();
            String[] cols = line.substring(k.label.length()).trim().split(" +");
            assertThat(Long.parseLong(cols[0])).as(k.label + " rounds\n" + report).isPositive();
            assertThat(Long.parseLong(cols[1])).as(k.label + " operations\n" + report).isPositive();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void badOptionsAreRefusedWithTheUsage() {
        assertThat(SoakOptions.parse(new String[] {"--minutes", "2"}).duration().toSeconds()).isEqualTo(120);
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--hours", "1"}))
                .hasMessageContaining("unknown option --hours").hasMessageContaining("usage: soak");
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--seconds", "0"}))
                .hasMessageContaining("--seconds must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--minutes"}))
                .hasMessageContaining("--minutes: missing value");
    }
}
