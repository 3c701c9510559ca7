package org.tipgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class in {@code src/main} over 300 lines, so that each can be read at one sitting; the one
 * exception is named here with the place that says why.
 */
class SourceSizeTests {

    private static final int MAX_LINES = 300;
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "org/tipgate/format/SchemaAcceptor.java",
            "kept by measurement: docs/performance.md, \"The compiled record check, measured\"");

    @Test
    void noSourceFileIsLongerThanItsLimit() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !EXCEPTIONS.containsKey(SOURCES.relativize(f).toString()))
                    .filter(f -> lines(f) > MAX_LINES)
                    .map(f -> SOURCES.relativize(f) + " (" + lines(f) + " lines)")
                    .sorted()
                    .toList();
        }
        assertThat(tooLong).as("source files over %d lines", MAX_LINES).isEmpty();
    }

    @Test
    void everyExceptionStillExistsAndIsStillLong() {
        EXCEPTIONS.forEach((file, why) -> assertThat(lines(SOURCES.resolve(file)))
                .as("%s is excepted (%s)", file, why).isGreaterThan(MAX_LINES));
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
