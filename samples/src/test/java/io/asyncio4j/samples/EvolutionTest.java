package io.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.samples.evolution.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** Seed 000's crawler evolution: every stage fetches every page with status 200 (timings are only printed). */
@Isolated
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EvolutionTest {
    private static final List<String> STAGES = List.of("blocking", "threads", "selector", "stepping", "asyncio");

    @Test
    void allStages_fetchEveryPage_thenPrintTheTable() throws Exception {
        List<String> out = SamplesTest.run("evolution", "12", "20");
        assertThat(out.get(0)).startsWith("fetching 12 pages from http://127.0.0.1:").endsWith("with 20 ms latency each");
        for (String stage : STAGES) {
            assertThat(out).anyMatch(l -> l.matches(stage + ": 12 pages, 12 with status 200, [1-9][0-9]* bytes in [0-9.]+ s"));
            assertThat(out).anyMatch(l -> l.matches(stage + " +12 +12 +[1-9][0-9]* +[0-9.]+ +[0-9.]+x"));
        }
        // the same pages every way: the byte counts agree
        List<String> bytes = out.stream().filter(l -> l.contains(" with status 200, "))
                .map(l -> l.replaceAll(".* 200, ([0-9]+) bytes.*", "$1")).distinct().toList();
        assertThat(bytes).hasSize(1);
    }

    @Test
    void oneStage_runsOnlyThatStage() throws Exception {
        List<String> out = SamplesTest.run("evolution", "5", "0", "stepping");
        assertThat(out).filteredOn(l -> l.contains(" with status 200, ")).singleElement().asString()
                .startsWith("stepping: 5 pages, 5 with status 200, ");
    }

    @Test
    void unknownStage_isRejected() {
        assertThatThrownBy(() -> SamplesTest.run("evolution", "5", "0", "fibers"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fibers'");
    }

    @Test
    void statusLine_isParsedOrRejected() {
        assertThat(RawHttp.status("HTTP/1.0 200 OK\r\n\r\nhi".getBytes(StandardCharsets.US_ASCII))).isEqualTo(200);
        assertThat(RawHttp.status("HTTP/1.1 404 Not Found\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(404);
        assertThat(RawHttp.status("garbage".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(RawHttp.status(new byte[0])).isEqualTo(-1);
        assertThat(RawHttp.body("HTTP/1.0 200 OK\r\nA: b\r\n\r\n<html>".getBytes(StandardCharsets.UTF_8))).isEqualTo("<html>");
    }
}
