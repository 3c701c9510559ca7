package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.CA;
import static org.tipgate.cli.Cli.tipgate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
    void withJsonPrintsTheAckAsJsonAndExitsZero() throws Exception {
        Cli.Run run = Cli.process("ack", "verify", "--in", signed("tipgate", PARTIAL), "--trust", CA, "--json");

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

    /** The DELIVERED ack of a 30,000-record feed: the ack lists the first 1,000 of its 2,345 refusals. */
    private static Ack large(int packages) {
        List<Ack.Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            RejectionCode code = i < 700 ? RejectionCode.RECORD_INVALID : i < 900 ? RejectionCode.UNROUTABLE
                    : RejectionCode.DUPLICATE_TIP;
            rejections.add(new Ack.Rejection(2L + i * 7, String.valueOf(100_000_000 + i), code, "reason " + i));
        }
        List<Ack.Delivery> deliveries = new ArrayList<>();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < packages; i++) {
            boolean failed = i == packages - 1;
            deliveries.add(new Ack.Delivery("district-" + i, "NCRB-2026-000118.district-" + i, 1_000,
                    failed ? "FAILED" : "DELIVERED", failed ? null : at, i == 0 ? "cd".repeat(32) : null));
        }
        return new Ack(Ack.TYPE, Ack.VERSION, "NCRB-2026-000118.DELIVERED", "NCRB-2026-000118", "ab".repeat(32),
                Ack.Stage.DELIVERED, Ack.Status.PARTIAL, at, new Ack.Counts(30_000, 27_655, 2_145, 200), rejections,
                deliveries);
    }

    /** As a process, so that stdout is exactly what a person reads. */
    @Test
    void aLargeAckIsSummarisedInAFewLinesWithItsRejectionCodesCountedAndNoRecordListed() throws Exception {
        Cli.Run run = Cli.process("ack", "verify", "--in", signed("tipgate", large(3)), "--trust", CA);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSizeLessThanOrEqualTo(12).noneMatch(l -> l.startsWith("line "));
        assertThat(run.out()).contains(
                "ack NCRB-2026-000118.DELIVERED for feed NCRB-2026-000118: stage DELIVERED, status PARTIAL, at ",
                "records 30,000: accepted 27,655, rejected 2,145, quarantined 200" + System.lineSeparator(),
                "rejections: DUPLICATE_TIP 100, RECORD_INVALID 700, UNROUTABLE 200 (of the first 1,000 listed in the"
                        + " ack; 2,345 records were refused in all)" + System.lineSeparator(),
                "(the 1,000 rejections one per line: add --rejections)" + System.lineSeparator(),
                "deliveries: 3 packages (DELIVERED 2, FAILED 1), 3,000 records in all, 1 receipts"
                        + System.lineSeparator(),
                "  district-2: package NCRB-2026-000118.district-2, 1,000 records, FAILED" + System.lineSeparator(),
                "  district-0: package NCRB-2026-000118.district-0, 1,000 records, DELIVERED at ");
        assertThat(run.err()).startsWith("signed by CN=tipgate,");
    }

    @Test
    void withRejectionsEveryRefusalTheAckListsIsPrintedOnePerLine() throws IOException {
        Cli.Run run = tipgate("ack", "verify", "--in", signed("tipgate", large(3)), "--trust", CA, "--rejections");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().filter(l -> l.matches("line \\d+ tipId \\d+: [A-Z_]+ reason \\d+")))
                .hasSize(1_000);
        assertThat(run.out()).contains("line 2 tipId 100000000: RECORD_INVALID reason 0" + System.lineSeparator())
                .doesNotContain("add --rejections");
    }

    @Test
    void manyDeliveriesAreCappedWithANoteAndAllListsEveryOne() throws IOException {
        Path ack = signed("tipgate", large(30));

        Cli.Run summary = tipgate("ack", "verify", "--in", ack, "--trust", CA);
        Cli.Run all = tipgate("ack", "verify", "--in", ack, "--trust", CA, "--all");

        assertThat(summary.out().lines().filter(l -> l.startsWith("  district-"))).hasSize(20)
                .first().asString()
                .startsWith("  district-29: package NCRB-2026-000118.district-29, 1,000 records, FAILED");
        assertThat(summary.out()).contains("  ... and 10 more packages (add --all to list every one)");
        assertThat(all.out().lines().filter(l -> l.startsWith("  district-"))).hasSize(30);
        assertThat(all.out().lines().filter(l -> l.startsWith("line "))).hasSize(1_000);
        assertThat(all.out()).doesNotContain("more packages");
    }

    @Test
    void aFeedRefusedAsAWholeIsSummarisedWithItsCode() throws IOException {
        Ack refused = new Ack(Ack.TYPE, Ack.VERSION, "3f0c9a1e6b2d4c8e9a7b5d3c1e0f2a4b.RECEIVED", null, "ab".repeat(32),
                Ack.Stage.RECEIVED, Ack.Status.REJECTED, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                new Ack.Counts(0, 0, 0, 0), List.of(new Ack.Rejection(null, null, RejectionCode.CERT_EXPIRED,
                        "certificate CN=ncrb was not valid at the signing time")), List.of());

        Cli.Run run = tipgate("ack", "verify", "--in", signed("tipgate", refused), "--trust", CA);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ack 3f0c9a1e6b2d4c8e9a7b5d3c1e0f2a4b.RECEIVED for feed"
                        + " (none: refused as a whole): stage RECEIVED, status REJECTED, at ",
                "refused as a whole: CERT_EXPIRED certificate CN=ncrb was not valid at the signing time"
                        + System.lineSeparator(),
                "deliveries: none at this stage (the DELIVERED ack has them)" + System.lineSeparator());
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
