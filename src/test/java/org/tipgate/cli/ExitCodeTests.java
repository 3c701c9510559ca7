package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.key;
import static org.tipgate.cli.Cli.tipgate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cli.md#exit-codes: 0 success, 1 a verification or validation failure with its code, 2 a
 * usage error.
 */
class ExitCodeTests {

    private static final String COMMANDS = "serve, keys, feed, package, ack, receipt";

    @TempDir
    Path dir;

    @Test
    void helpExitsZeroAndListsTheCommands() {
        Cli.Run run = tipgate("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: tipgate [-hV] [COMMAND]" + System.lineSeparator());
        for (String command : COMMANDS.split(", ")) {
            assertThat(run.out()).containsPattern("(?m)^  " + command + " ");
        }
    }

    @Test
    void versionExitsZero() {
        Cli.Run run = tipgate("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^tipgate 0\\.1\\.0$");
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        Cli.Run run = tipgate("frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unmatched argument at index 0: 'frobnicate'");
        assertThat(run.out()).doesNotContain("Usage:");
    }

    @Test
    void aCommandGroupWithoutItsSubcommandIsAUsageError() {
        Cli.Run run = tipgate("feed");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required subcommand").contains("generate", "sign", "verify");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Run run = tipgate("feed", "verify", "--in", Cli.CRL, "--trust", CA, "--no-such-option");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown option: '--no-such-option'");
    }

    /** The jar's entry point turns the codes into the process exit status (TipGate.main calls System.exit). */
    @Test
    void theProcessExitStatusIsTheCommandsExitCode() throws Exception {
        assertThat(Cli.process("--help").exitCode()).isZero();
        assertThat(Cli.process("frobnicate").exitCode()).isEqualTo(2);

        Path records = Files.write(dir.resolve("records.jsonl"), Cli.lines(Cli.records(3, 2)));
        Path feed = dir.resolve("feed.p7m");
        Cli.Run sign = Cli.process("feed", "sign", "--in", records, "--cert", cert("ncrb-expired"),
                "--key", key("ncrb-expired"), "--out", feed, "--feed-id", "EXIT-1");
        assertThat(sign.exitCode()).isZero();

        Cli.Run verify = Cli.process("feed", "verify", "--in", feed, "--trust", CA);

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).startsWith("REJECTED CERT_EXPIRED: certificate CN=ncrb,");
        assertThat(verify.out()).isEmpty();
    }
}
