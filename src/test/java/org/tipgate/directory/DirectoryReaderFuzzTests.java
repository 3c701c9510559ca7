package org.tipgate.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tipgate.testing.FuzzSupport;

/**
 * Fuzzes the agency directory's reader and consistency check (docs/fuzzing.md): any
 * {@code agencies.yaml} is either refused with a {@link DirectoryException} that lists findings, or
 * read into a directory file that {@link DirectoryCheck} judges without throwing, every finding
 * naming its entry, on one line. Certificates and keys ({@link KeyMaterialCheck}) are left out: the paths it
 * opens would come from the fuzzer.
 */
class DirectoryReaderFuzzTests {

    private static final LgdTables LGD = LgdTables.bundled();
    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "30s")
    void readsAnyFileIntoFindingsOrADirectoryTheCheckJudges(byte[] yaml) throws IOException {
        Files.write(FILE, yaml);
        FuzzSupport.Outcome<DirectoryFile> read = FuzzSupport.attempt(() -> DirectoryReader.read(FILE),
                DirectoryException.class);
        if (!read.accepted()) {
            assertThat(((DirectoryException) read.rejection()).findings()).isNotEmpty().allSatisfy(finding ->
                    assertThat(finding).matches("\\(file\\).*"));
            return;
        }
        DirectoryFile file = read.value();
        List<String> findings = new DirectoryCheck(LGD).check(file);
        // As the operator is shown them: each on one line, naming its entry, whatever values it quotes.
        List<String> shown = new DirectoryException(FILE.toString(), findings).findings();

        assertThat(shown).allSatisfy(finding -> assertThat(finding).matches("(\\(file\\)|agency [!-9;-~]{1,64}|agency #\\d+): .+"));
        if (findings.isEmpty()) {
            assertThat(file.agencies()).filteredOn(a -> a.role() == AgencyRole.GATEWAY).hasSize(1);
            assertThat(file.agencies()).allSatisfy(a -> assertThat(a.id()).matches(DirectoryCheck.ID));
            assertThat(file.agencies()).extracting(Agency::id).doesNotHaveDuplicates();
        }
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("agencies", ".yaml");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
