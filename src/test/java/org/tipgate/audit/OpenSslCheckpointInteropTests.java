package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.testing.Bytes;
import org.tipgate.testing.OpenSsl;

/**
 * The openssl 3 binary checks what the gateway signs, with the command docs/audit.md gives (read
 * from the document, so that the two cannot drift apart): it verifies a checkpoint and a custody
 * report and writes exactly their canonical JSON, and refuses them from any other key.
 */
class OpenSslCheckpointInteropTests {

    static final Checkpoint CHECKPOINT = new Checkpoint("tipgate", 95, Merkle.root(AuditFixtures.leafHashes(95)),
            AuditFixtures.checkpointTime(95));

    @TempDir
    Path dir;

    @BeforeEach
    void copyCertificates() throws IOException {
        Files.copy(AuditFixtures.KEYS.resolve("tipgate.crt.pem"), dir.resolve("tipgate.crt.pem"));
        Files.copy(AuditFixtures.KEYS.resolve("ca.crt.pem"), dir.resolve("ca.crt.pem"));
    }

    /** The command under "With OpenSSL:" in docs/audit.md, its line continuation joined, without "openssl". */
    static List<String> documentedCommand() throws IOException {
        String doc = Files.readString(Path.of("docs/audit.md"));
        int block = doc.indexOf("```", doc.indexOf("With OpenSSL:")) + 3;
        String command = doc.substring(block, doc.indexOf("```", block)).replace("\\\n", " ").strip();
        List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        assertThat(words.remove(0)).isEqualTo("openssl");
        return words;
    }

    OpenSsl.Result runDocumented(byte[] signed) throws IOException {
        Files.write(dir.resolve("checkpoint.p7m"), signed);
        Files.deleteIfExists(dir.resolve("checkpoint.json"));
        return OpenSsl.run(dir, documentedCommand().toArray(String[]::new));
    }

    @Test
    void theDocumentedCommandVerifiesACheckpointAndWritesExactlyItsCanonicalJson() throws IOException {
        assertThat(documentedCommand()).contains("-nointern", "-certfile", "tipgate.crt.pem", "-out", "checkpoint.json");

        runDocumented(SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.gateway()).signed()).assertSuccess();

        assertThat(dir.resolve("checkpoint.json")).hasBinaryContent(CHECKPOINT.canonical());
    }

    /** The command of the first version of docs/audit.md, without -nointern: right content, but any agency's key would do. */
    @Test
    void withoutNointernOpensslWouldTakeACheckpointFromAnyAgencyOfTheCa() throws IOException {
        Files.write(dir.resolve("checkpoint.p7m"), SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.gateway()).signed());
        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "checkpoint.p7m", "-certfile",
                "tipgate.crt.pem", "-CAfile", "ca.crt.pem", "-out", "checkpoint.json").assertSuccess();
        assertThat(dir.resolve("checkpoint.json")).hasBinaryContent(CHECKPOINT.canonical());

        Files.write(dir.resolve("other.p7m"), SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.signer("mp-scc")).signed());
        OpenSsl.Result other = OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "other.p7m",
                "-certfile", "tipgate.crt.pem", "-CAfile", "ca.crt.pem", "-out", "other.json");

        assertThat(other.exitCode()).as("openssl without -nointern accepts a checkpoint by mp-scc").isZero();
    }

    @Test
    void theDocumentedCommandRefusesACheckpointSignedByAnotherAgency() throws IOException {
        OpenSsl.Result result = runDocumented(SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.signer("mp-scc")).signed());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("signer certificate not found");
        assertThat(dir.resolve("checkpoint.json")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p).isEmptyFile());
    }

    @Test
    void theDocumentedCommandRefusesACheckpointAlteredAfterSigning() throws IOException {
        byte[] signed = SignedCheckpoint.sign(CHECKPOINT, AuditFixtures.gateway()).signed();
        int at = Bytes.indexOf(signed, "\"treeSize\":95".getBytes());
        signed[at + "\"treeSize\":9".length()] = '6';

        assertThat(runDocumented(signed).exitCode()).isNotZero();
    }

    @Test
    void theDocumentedCommandVerifiesACustodyReport() throws IOException {
        CustodyReport report = AuditFixtures.custody(4, 95);

        runDocumented(report.sign(AuditFixtures.gateway())).assertSuccess();

        assertThat(dir.resolve("checkpoint.json")).hasBinaryContent(report.canonical());
    }
}
