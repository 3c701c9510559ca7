package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.tipgate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.ack.AckSigner;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;

/** {@code tipgate ack verify --in ACK.p7m --trust CA [--gateway ID]}. */
class AckCommandTests {

    private static final Ack PARTIAL = ack(Ack.Status.PARTIAL, new Ack.Counts(5, 3, 1, 1),
            List.of(new Ack.Rejection(4L, "187345003", RejectionCode.RECORD_INVALID, "$.schemaVersion: must be '1'")));

    @TempDir
    Path dir;

    private static Ack ack(Ack.Status status, Ack.Counts counts, List<Ack.Rejection> rejections) {
        return new Ack(Ack.TYPE, Ack.VERSION, "ACK-NCRB-2026-000117-RECEIVED", "NCRB-2026-000117", "ab".repeat(32),
                Ack.Stage.RECEIVED, status, Instant.now().truncatedTo(ChronoUnit.MILLIS), counts, rejections, List.of());
    }

    private Path signed(String signer, Ack ack) throws IOException {
        return Files.write(dir.resolve("ack-by-" + signer + ".p7m"), new AckSigner(Cli.signer(signer)).sign(ack));
    }

    /** As a process, so that stdout is exactly what a sender's script would read: the ack as JSON. */
    @Test
    void printsTheAckAsJsonAndExitsZero() throws Exception {
        Cli.Run run = Cli.process("ack", "verify", "--in", signed("tipgate", PARTIAL), "--trust", CA);

        assertThat(run.exitCode()).isZero();
        JsonNode printed = WireJson.mapper().readTree(run.out());
        assertThat(printed.path("type").asText()).isEqualTo("tipgate-ack");
        assertThat(printed.path("stage").asText()).isEqualTo("RECEIVED");
        assertThat(printed.path("status").asText()).isEqualTo("PARTIAL");
        assertThat(printed.path("counts").toString())
                .isEqualTo("{\"records\":5,\"accepted\":3,\"rejected\":1,\"quarantined\":1}");
        assertThat(printed.path("rejections").get(0).path("line").asLong()).isEqualTo(4);
        assertThat(printed.path("rejections").get(0).path("code").asText()).isEqualTo("RECORD_INVALID");
        assertThat(WireJson.mapper().readValue(run.out(), Ack.class)).isEqualTo(PARTIAL);
        assertThat(run.err()).startsWith("signed by CN=tipgate,O=TipGate gateway (DEMO),C=IN at ");
    }

    @Test
    void anAckSignedByAnAgencyOtherThanTheGatewayIsRejected() throws IOException {
        Cli.Run run = tipgate("ack", "verify", "--in", signed("ncrb", PARTIAL), "--trust", CA);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("REJECTED SIGNER_UNTRUSTED: ack signed by "
                + "CN=ncrb,O=National Crime Records Bureau (DEMO),C=IN, not by the gateway tipgate" + System.lineSeparator());
        assertThat(run.out()).doesNotContain("tipgate-ack");
    }

    @Test
    void theGatewayOptionNamesTheAgencyThatMustHaveSigned() throws IOException {
        Path ack = signed("auditor", PARTIAL);

        assertThat(tipgate("ack", "verify", "--in", ack, "--trust", CA, "--gateway", "auditor").exitCode()).isZero();
        assertThat(tipgate("ack", "verify", "--in", ack, "--trust", CA).exitCode()).isEqualTo(1);
    }

    @Test
    void aTamperedAckIsRejected() throws IOException {
        Path ack = signed("tipgate", ack(Ack.Status.ACCEPTED, new Ack.Counts(5, 5, 0, 0), List.of()));
        Cli.replaceOnce(ack, "\"status\":\"ACCEPTED\"", "\"status\":\"REJECTED\"");

        Cli.Run run = tipgate("ack", "verify", "--in", ack, "--trust", CA);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("REJECTED SIGNATURE_INVALID: the content does not match the messageDigest "
                + "attribute" + System.lineSeparator());
        assertThat(run.out()).doesNotContain("tipgate-ack");
    }

    @Test
    void aDocumentSignedByTheGatewayThatIsNotAnAckIsRejected() throws IOException {
        byte[] header = WireJson.toBytes(FeedHeader.of("NCRB-2026-000117", "ncrb", "2026-11-22T10:00:00Z", 5));
        Path notAnAck = Files.write(dir.resolve("not-an-ack.p7m"), Cli.signer("tipgate").sign(header));

        Cli.Run run = tipgate("ack", "verify", "--in", notAnAck, "--trust", CA);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("REJECTED HEADER_INVALID: not a valid tipgate-ack v1 document: $.type: must be the constant value 'tipgate-ack'");
    }

    @Test
    void anAckThatIsNotCmsIsRejected() throws IOException {
        Path json = Files.write(dir.resolve("ack.json"), WireJson.toBytes(PARTIAL));

        Cli.Run run = tipgate("ack", "verify", "--in", json, "--trust", CA);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("REJECTED MALFORMED_CMS: input starts with tag 0x7b, not a ContentInfo SEQUENCE"
                + System.lineSeparator());
    }
}
