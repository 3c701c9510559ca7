package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.tipgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tipgate keys demo --out DIR}: the demo PKI of docs/design.md#8-the-embedded-default,
 * usable at once.
 */
class KeysCommandTests {

    /**
     * Every agency of the demo directory (docs/design.md#8-the-embedded-default,
     * keys-example/README.md).
     */
    private static final List<String> AGENCIES = List.of("ncrb", "tipgate", "mp-scc", "dl-ifso", "mp-indore",
            "mp-bhopal", "mp-gwalior", "dl-new-delhi", "auditor");

    @TempDir
    static Path dir;
    static Path pki;
    static Cli.Run run;

    @BeforeAll
    static void writeDemoPki() {
        pki = dir.resolve("new/pki");
        run = tipgate("keys", "demo", "--out", pki);
    }

    @Test
    void writesEveryDocumentedFileAndExitsZero() throws IOException {
        List<String> expected = new ArrayList<>(List.of("ca.crt.pem", "ca.crl.pem", "README.md"));
        for (String id : AGENCIES) {
            expected.addAll(List.of(id + ".crt.pem", id + ".key.pem", id + ".ssh", id + ".ssh.pub"));
        }
        for (String id : List.of("ncrb-expired", "ncrb-revoked", "localhost")) {
            expected.addAll(List.of(id + ".crt.pem", id + ".key.pem"));
        }

        assertThat(run.exitCode()).isZero();
        try (Stream<Path> files = Files.list(pki)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(run.out()).contains("wrote " + expected.size() + " files to " + pki + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theWrittenFilesAreAFreshPkiTheOtherCommandsUse() throws IOException {
        Path records = Files.write(dir.resolve("records.jsonl"), Cli.lines(Cli.records(11, 3)));
        Path feed = dir.resolve("feed.p7m");
        assertThat(tipgate("feed", "sign", "--in", records, "--cert", pki.resolve("ncrb.crt.pem"),
                "--key", pki.resolve("ncrb.key.pem"), "--out", feed).exitCode()).isZero();

        // The fresh PKI is in no agency directory: bind the sender by its certificate's CN.
        Cli.Run trusted = tipgate("feed", "verify", "--in", feed, "--trust", pki.resolve("ca.crt.pem"), "--any-sender");
        Cli.Run otherCa = tipgate("feed", "verify", "--in", feed, "--trust", Cli.CA, "--any-sender");

        assertThat(trusted.exitCode()).isZero();
        assertThat(trusted.out()).contains("status ACCEPTED: records 3, accepted 3, rejected 0");
        assertThat(otherCa.exitCode()).isEqualTo(1);
        assertThat(otherCa.err()).startsWith("REJECTED SIGNER_UNTRUSTED: ");
    }

    @Test
    void theWrittenCrlRevokesTheWrittenRevokedCertificate() throws IOException {
        Path records = Files.write(dir.resolve("records.jsonl"), Cli.lines(Cli.records(12, 2)));
        Path feed = dir.resolve("revoked.p7m");
        assertThat(tipgate("feed", "sign", "--in", records, "--cert", pki.resolve("ncrb-revoked.crt.pem"),
                "--key", pki.resolve("ncrb-revoked.key.pem"), "--out", feed).exitCode()).isZero();

        Cli.Run run = tipgate("feed", "verify", "--in", feed, "--trust", pki.resolve("ca.crt.pem"),
                "--crl", pki.resolve("ca.crl.pem"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("REJECTED CERT_REVOKED: ");
    }

    @Test
    void withoutOutItIsAUsageError() {
        Cli.Run run = tipgate("keys", "demo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required option: '--out=<out>'");
    }
}
