package io.asyncio4j.benchmarks.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * W8 at a tiny scale: every echo server starts in its own process and echoes every byte the load
 * client checks (a server that lost or garbled a byte fails the client). Not a benchmark: no timing
 * is checked.
 */
class EchoCompareSmokeTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyServerEchoesWhatTheLoadClientChecks() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = Files.createTempFile("asyncio_echo", ".py");
        try (var in = EchoCompare.class.getResourceAsStream("/python/asyncio_echo.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> impls = List.of("asyncio4j-future", "asyncio4j-blocking", "vertx", "jdk-vthreads", "python");
        for (String impl : impls) {
            EchoCompare.Result r = EchoCompare.runOne(impl, 20, 5, 64, java, "python3", "-Xmx256m", script);
            if (impl.equals("jdk-vthreads") && Runtime.version().feature() < 21) {
                assertThat(r.failure()).startsWith("n/a");
                continue;
            }
            if (impl.equals("python") && !hasPython()) {
                continue;
            }
            assertThat(r.failure()).as(impl).isNull();
            assertThat(r.throughput()).as(impl).isPositive();
            assertThat(r.idleKib()).as(impl).isPositive();
        }
        String md = EchoCompare.markdown(Map.of(), List.of(20), impls, 5, 64, 1, java, "-Xmx256m", "0", "0");
        assertThat(md).startsWith(EchoCompare.BEGIN).contains(EchoCompare.END);
        Files.delete(script);
    }

    private static boolean hasPython() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "python3"))) return true;
        }
        return false;
    }
}
