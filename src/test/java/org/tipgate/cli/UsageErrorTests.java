package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.CRL;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.key;
import static org.tipgate.cli.Cli.tipgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes a first-time user makes (a wrong path, a directory for a file, a missing option, the
 * wrong key, no database here): each is one line on stderr that names what is wrong, exit 2, no
 * stack trace, no usage screen, and no file left behind.
 */
class UsageErrorTests {

    @TempDir
    Path dir;
    Path records;
    Path missing;
    Path folder;
    Path out;

    @BeforeEach
    void files() throws IOException {
        records = Files.write(dir.resolve("records.jsonl"), Cli.lines(Cli.records(5, 3)));
        missing = dir.resolve("no-such-file.pem");
        folder = Files.createDirectory(dir.resolve("a-folder"));
        out = dir.resolve("out.p7m");
    }

    private static void assertOneLine(Cli.Run run, int exitCode, String start) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith(start).doesNotContain("Exception", "\tat ");
        assertThat(run.out()).doesNotContain("Usage:");
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("records.jsonl", "a-folder");
        }
        assertThat(folder).isEmptyDirectory();
    }

    private Cli.Run sign(Object in, Object cert, Object key, Object output) {
        return tipgate("feed", "sign", "--in", in, "--cert", cert, "--key", key, "--out", output);
    }

    @Test
    void anInputFileThatIsNotThereIsNamedWithItsOption() throws IOException {
        assertOneLine(sign(missing, cert("ncrb"), key("ncrb"), out), 2,
                "Invalid value for option '--in': no such file: " + missing + " (see: tipgate feed sign --help)");
        assertOneLine(sign(records, missing, key("ncrb"), out), 2, "Invalid value for option '--cert': no such file: ");
        assertOneLine(sign(records, cert("ncrb"), missing, out), 2, "Invalid value for option '--key': no such file: ");
        assertOneLine(tipgate("ack", "verify", "--in", out, "--trust", CA), 2,
                "Invalid value for option '--in': no such file: " + out);
        assertOneLine(tipgate("feed", "verify", "--in", records, "--trust", missing), 2,
                "Invalid value for option '--trust': no such file: " + missing);
        assertNothingWritten();
    }

    @Test
    void aDirectoryGivenForAFileIsNamed() throws IOException {
        assertOneLine(sign(folder, cert("ncrb"), key("ncrb"), out), 2,
                "Invalid value for option '--in': " + folder + " is a directory, not a file");
        assertOneLine(sign(records, folder, key("ncrb"), out), 2,
                "Invalid value for option '--cert': " + folder + " is a directory, not a file");
        assertOneLine(tipgate("feed", "verify", "--in", folder, "--trust", CA), 2,
                "Invalid value for option '--in': " + folder + " is a directory, not a file");
        assertOneLine(tipgate("feed", "verify", "--in", records, "--trust", CA, "--crl", folder), 2,
                "Invalid value for option '--crl': " + folder + " is a directory, not a file");
        assertOneLine(tipgate("audit", "verify", "--in", records, "--cert", folder), 2,
                "Invalid value for option '--cert': " + folder + " is a directory, not a file");
        assertNothingWritten();
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeAnyWorkIsDone() throws IOException {
        assertOneLine(sign(records, cert("ncrb"), key("ncrb"), folder), 2,
                "Invalid value for option '--out': " + folder + " is a directory; give the name of a file to write");
        assertOneLine(tipgate("feed", "generate", "--records", 5, "--out", folder), 2,
                "Invalid value for option '--out': " + folder + " is a directory; give the name of a file to write");
        Path nowhere = dir.resolve("no-such-folder").resolve("feed.p7m");
        assertOneLine(sign(records, cert("ncrb"), key("ncrb"), nowhere), 2,
                "Invalid value for option '--out': no such directory: " + nowhere.getParent() + " (for " + nowhere
                        + ")");
        assertOneLine(tipgate("keys", "demo", "--out", records), 2,
                "Invalid value for option '--out': " + records + " is a file, not a directory");
        assertNothingWritten();
    }

    @Test
    void aFileThatCannotBeReadIsNamed() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path locked = Files.copy(key("ncrb"), dir.resolve("locked.key.pem"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        assertOneLine(sign(records, cert("ncrb"), locked, out), 2,
                "Invalid value for option '--key': " + locked + " cannot be read (permission denied)");
    }

    @Test
    void aFileOfTheWrongKindIsNamed() throws IOException {
        assertOneLine(sign(records, key("ncrb"), key("ncrb"), out), 2,
                "tipgate: " + key("ncrb") + ": no PEM certificate found");
        assertOneLine(tipgate("feed", "verify", "--in", records, "--trust", CA, "--crl", CA), 2,
                "tipgate: " + CA + ": no PEM CRL found");
        assertOneLine(sign(records, cert("ncrb"), key("mp-scc"), out), 2,
                "--key " + key("mp-scc") + " does not belong to --cert " + cert("ncrb") + ": ");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingOptionsAndUnknownWordsAreOneLineEach() {
        assertOneLine(tipgate("feed", "sign", "--in", records), 2,
                "Missing required options: '--out=FEED.p7m', '--cert=CERT', '--key=KEY'"
                        + " (see: tipgate feed sign --help)");
        assertOneLine(tipgate("feed", "sing"), 2,
                "Unmatched argument at index 1: 'sing'; did you mean sign? (see: tipgate feed --help)");
        assertOneLine(tipgate("feed", "generate", "--records", "many", "--out", out), 2,
                "Invalid value for option '--records': 'many' is not a long");
        assertOneLine(tipgate("package"), 2, "Missing required subcommand: one of open (see: tipgate package --help)");
        assertOneLine(tipgate("receipt", "make", "--in", records, "--cert", cert("mp-indore"), "--key",
                key("mp-indore"), "--out", out, "--crl", CRL), 2,
                "Missing required argument(s): --trust=CA (see: tipgate receipt make --help)");
    }

    @Test
    void anAgencyDirectoryThatIsNotThereOrNotValidIsOneLine() throws IOException {
        Path feed = dir.resolve("feed.p7m");
        assertThat(sign(records, cert("ncrb"), key("ncrb"), feed).exitCode()).isZero();

        assertOneLine(tipgate("feed", "verify", "--in", feed, "--trust", CA, "--directory", missing), 2,
                "--directory " + missing + ": no such file; give --directory FILE, or --any-sender to check without "
                        + "an agency directory");
        Path invalid = Files.writeString(dir.resolve("agencies.yaml"), "version: x\n");
        assertOneLine(tipgate("feed", "verify", "--in", feed, "--trust", CA, "--directory", invalid), 2,
                "--directory " + invalid + " is not valid: ");
        assertOneLine(tipgate("directory", "check", "--file", missing), 2,
                "--file " + missing + ": no such file (run where the gateway runs, or give --file FILE)");
        assertOneLine(tipgate("directory", "check", "--file", folder), 2,
                "--file " + folder + ": is a directory, not the directory file");
    }

    /** Where there is no gateway database, the database commands say so and create none. */
    @Test
    void aDatabaseCommandWhereThereIsNoDatabaseSaysSoAndCreatesNone() throws IOException {
        String url = "jdbc:h2:file:" + dir.resolve("data/tipgate") + ";AUTO_SERVER=TRUE";
        List<List<Object>> commands = List.of(
                List.of("outbox", "list"),
                List.of("outbox", "retry", "--package", "P-1", "--operator", "asha"),
                List.of("audit", "query", "--operator", "asha"),
                List.of("audit", "export", "--out", dir.resolve("export.jsonl")));
        for (List<Object> command : commands) {
            List<Object> args = new ArrayList<>(command);
            args.addAll(List.of("--db", url));

            assertOneLine(tipgate(args.toArray()), 2, "--db jdbc:h2:file:" + dir.resolve("data/tipgate")
                    + ": no database at " + dir.resolve("data/tipgate.mv.db")
                    + " (run where the gateway runs, or give --db)");
        }
        assertNothingWritten();
    }

    @Test
    void aDatabaseWithoutTheGatewaysTablesOrThatCannotBeReachedIsOneLine() {
        assertOneLine(tipgate("outbox", "list", "--state", "dead", "--db", "jdbc:h2:mem:lower-" + System.nanoTime()), 2,
                "tipgate: the database (--db) is not a TipGate gateway's database");
        assertOneLine(tipgate("outbox", "list", "--db", "jdbc:h2:mem:empty-" + System.nanoTime()), 2,
                "tipgate: the database (--db) is not a TipGate gateway's database, or not of this version: "
                        + "Table \"PACKAGES\" not found");
        assertOneLine(tipgate("audit", "query", "--operator", "asha", "--db", "jdbc:nosuchdriver:x"), 2,
                "tipgate: cannot open the database (--db): No suitable driver found for jdbc:nosuchdriver:x");
    }

    @Test
    void aCrlOptionGivenAsACertificateFileIsAUsageError() {
        assertOneLine(tipgate("ack", "verify", "--in", records, "--trust", CA, "--crl", cert("ncrb")), 2,
                "tipgate: " + cert("ncrb") + ": no PEM CRL found");
        assertThat(CRL).isRegularFile();
    }
}
