package org.tipgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.tipgate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.WireJson;

/** {@code tipgate feed generate --records N --out FILE [--seed S]}. */
class FeedGenerateCommandTests {

    @TempDir
    Path dir;

    @Test
    void writesOneRecordPerLineAndExitsZero() throws IOException {
        Path out = dir.resolve("records.jsonl");

        Cli.Run run = tipgate("feed", "generate", "--records", 25, "--out", out, "--seed", 42);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("wrote 25 records to " + out + " (seed 42)" + System.lineSeparator());
        String text = Files.readString(out, UTF_8);
        assertThat(text).endsWith("\n");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(25);
        for (String line : lines) {
            JsonNode record = WireJson.mapper().readTree(line);
            assertThat(record.path("schemaVersion").asText()).isEqualTo("1");
            assertThat(record.path("tipId").asText()).matches("[0-9]+");
        }
        assertThat(lines.stream().map(l -> l.replaceAll(".*\"tipId\":\"([0-9]+)\".*", "$1")).distinct()).hasSize(25);
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");

        assertThat(tipgate("feed", "generate", "--records", 200, "--out", first, "--seed", 7).exitCode()).isZero();
        assertThat(tipgate("feed", "generate", "--records", 200, "--out", second, "--seed", 7).exitCode()).isZero();

        assertThat(Files.size(first)).isPositive();
        assertThat(second).hasSameBinaryContentAs(first);
    }

    @Test
    void anotherSeedWritesOtherRecords() throws IOException {
        Path seven = dir.resolve("seven.jsonl");
        Path eight = dir.resolve("eight.jsonl");

        assertThat(tipgate("feed", "generate", "--records", 50, "--out", seven, "--seed", 7).exitCode()).isZero();
        assertThat(tipgate("feed", "generate", "--records", 50, "--out", eight, "--seed", 8).exitCode()).isZero();

        List<String> sevenLines = Files.readAllLines(seven);
        List<String> eightLines = Files.readAllLines(eight);
        assertThat(eightLines).hasSize(50);
        assertThat(eightLines).doesNotContainAnyElementsOf(sevenLines);
    }

    @Test
    void withoutASeedItPrintsTheRandomSeedItUsed() throws IOException {
        Path unseeded = dir.resolve("unseeded.jsonl");
        Path replayed = dir.resolve("replayed.jsonl");

        Cli.Run run = tipgate("feed", "generate", "--records", 30, "--out", unseeded);
        Matcher seed = Pattern.compile("\\(seed (-?[0-9]+)\\)").matcher(run.out());
        assertThat(seed.find()).as("printed seed in %s", run.out()).isTrue();
        assertThat(tipgate("feed", "generate", "--records", 30, "--out", replayed, "--seed", seed.group(1))
                .exitCode()).isZero();

        assertThat(run.exitCode()).isZero();
        assertThat(replayed).hasSameBinaryContentAs(unseeded);
    }

    @Test
    void aRecordCountThatIsNotANumberIsAUsageError() {
        Path out = dir.resolve("records.jsonl");

        Cli.Run run = tipgate("feed", "generate", "--records", "many", "--out", out);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--records': 'many' is not a long");
        assertThat(out).doesNotExist();
    }

    @Test
    void aNegativeRecordCountIsAUsageError() {
        Path out = dir.resolve("records.jsonl");

        Cli.Run run = tipgate("feed", "generate", "--records", -5, "--out", out);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--records must not be negative");
        assertThat(out).doesNotExist();
    }

    @Test
    void generatesThirtyThousandRecords() throws IOException {
        Path out = dir.resolve("dispatch.jsonl");

        long start = System.nanoTime();
        Cli.Run run = tipgate("feed", "generate", "--records", 30_000, "--out", out, "--seed", 30_000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("feed generate: 30,000 records (%,d bytes) in %,d ms%n", Files.size(out), millis);

        assertThat(run.exitCode()).isZero();
        try (var lines = Files.lines(out)) {
            assertThat(lines.count()).isEqualTo(30_000);
        }
    }
}
