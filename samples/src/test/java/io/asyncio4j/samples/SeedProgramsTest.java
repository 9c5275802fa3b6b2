package io.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/PYTHON-TO-JAVA.md's table of the seeds' programs against {@link Main}'s list of samples: every
 * program has a row, every row names samples that exist, and every sample that says it comes from a
 * seed carries programs of that seed and no other.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SeedProgramsTest {
    /** A row of the table: the seed, the program's text, the samples that run it. */
    record Row(String seed, String program, List<String> samples) {
        boolean fragment() {
            return program.contains("(fragment)");
        }
    }

    static List<Row> rows() throws IOException {
        Path doc = Path.of("..", "docs", "PYTHON-TO-JAVA.md");
        return Files.readAllLines(doc).stream().filter(l -> l.matches("\\| 00[0-4] \\|.*")).map(l -> {
            String[] cells = l.split("\\|");
            List<String> samples = Arrays.stream(cells[4].split(",")).map(s -> s.strip().replace("`", "")).toList();
            return new Row(cells[1].strip(), cells[3].strip(), samples);
        }).toList();
    }

    @Test
    void theSeedsHold74ProgramsAnd5Fragments_eachInTheTable() throws IOException {
        List<Row> rows = rows();
        Map<String, Long> programs = new TreeMap<>(rows.stream().filter(r -> !r.fragment())
                .collect(Collectors.groupingBy(Row::seed, Collectors.counting())));
        assertThat(programs)
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("000", 2L, "001", 16L, "002", 12L, "003", 44L)));
        assertThat(programs.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(74);
        assertThat(rows.stream().filter(Row::fragment).map(Row::seed))
                .containsExactly("002", "003", "003", "003", "003");
    }

    @Test
    void everyRowNamesASample_andEverySeedSampleHasItsRows() throws IOException {
        List<Row> rows = rows();
        Set<String> names = Main.SAMPLES.stream().map(Main.Sample::name).collect(Collectors.toSet());
        assertThat(rows)
                .allSatisfy(r -> assertThat(names).as("the sample of '%s'", r.program()).containsAll(r.samples()));
        Map<String, Set<String>> seedsByRows = new TreeMap<>();
        for (Row r : rows) {
            for (String sample : r.samples()) {
                seedsByRows.computeIfAbsent(sample, k -> new TreeSet<>()).add(r.seed());
            }
        }
        Map<String, Set<String>> seedsByMain = new TreeMap<>();
        for (Main.Sample s : Main.SAMPLES) {
            if (!s.seeds().isEmpty()) {
                seedsByMain.put(s.name(), new TreeSet<>(Arrays.asList(s.seeds().split(", "))));
            }
        }
        assertThat(seedsByMain).isEqualTo(seedsByRows);
    }

    @Test
    void listAndBareHelp_showEverySampleWithItsSeedsAndLesson() throws Exception {
        for (String command : List.of("list", "--help")) {
            List<String> out = SamplesTest.run(command);
            for (Main.Sample s : Main.SAMPLES) {
                assertThat(out).as("%s shows %s", command, s.name()).anyMatch(l -> l.startsWith(s.name() + " ")
                        && l.contains(s.seeds().isEmpty() ? " - " : s.seeds()) && l.endsWith(s.lesson()));
            }
        }
    }

    @Test
    void theSampleListIsWrittenOnce_inMain() throws IOException {
        String main = Files.readString(Path.of("src/main/java/io/asyncio4j/samples/Main.java"));
        for (Main.Sample s : Main.SAMPLES) {
            assertThat(main.split("\"" + s.name() + "\"", -1)).as("\"%s\" in Main.java", s.name()).hasSize(2);
        }
        assertThat(Main.SAMPLES.stream().map(Main.Sample::name)).doesNotHaveDuplicates();
    }
}
