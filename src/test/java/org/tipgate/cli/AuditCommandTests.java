package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.cert;
import static org.tipgate.cli.Cli.tipgate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.audit.AuditFixtures.Export;
import org.tipgate.audit.AuditFixtures;
import org.tipgate.audit.CustodyReport;
import org.tipgate.audit.Merkle;

/** {@code tipgate audit verify --in FILE --cert GATEWAY_CERT} and {@code tipgate audit custody --in REPORT --cert GATEWAY_CERT}. */
class AuditCommandTests {

    static final String NL = System.lineSeparator();
    static final Export LOG = AuditFixtures.export(0, 95, 10);
    static final String ROOT = Base64.getEncoder().encodeToString(Merkle.root(AuditFixtures.leafHashes(95)));

    @TempDir
    Path dir;

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    Path report(CustodyReport report, String signer) throws IOException {
        return write("custody.p7m", report.sign(AuditFixtures.signer(signer)));
    }

    // ---- audit verify ----

    /** As a process, so that stdout is exactly the summary and the exit status is the command's. */
    @Test
    void verifyPrintsOneLineAndExitsZeroWhenTheExportHolds() throws Exception {
        Cli.Run run = Cli.process("audit", "verify", "--in", write("export.jsonl", LOG.bytes()), "--cert", cert("tipgate"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("verified: 95 events (0 to 94), 10 checkpoints, tree size 95, root " + ROOT + NL);
    }

    @Test
    void verifyNamesTheRangeOfAnExportFromAboveZero() throws IOException {
        Cli.Run run = tipgate("audit", "verify", "--in", write("export.jsonl", AuditFixtures.export(37, 95, 10).bytes()),
                "--cert", cert("tipgate"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("verified: 58 events (37 to 94), 7 checkpoints, tree size 95, root " + ROOT + NL);
    }

    @Test
    void verifyPrintsTheFirstBadSequenceNumberAndExitsOne() throws IOException {
        Export edited = LOG.copy();
        int line = edited.eventLine().get(43L);
        edited.lines().set(line, edited.lines().get(line).replace("\"outcome\":\"ACCEPTED\"", "\"outcome\":\"REJECTED\""));

        Cli.Run run = tipgate("audit", "verify", "--in", write("export.jsonl", edited.bytes()), "--cert", cert("tipgate"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("first bad sequence number: 43" + NL + "line " + (line + 1)
                + ": event 43: the event's canonical encoding does not hash to its recorded leafHash: the event was"
                + " changed after it was sequenced" + NL);
        assertThat(run.out()).doesNotContain("verified");
    }

    @Test
    void verifyRefusesAnExportWhoseCheckpointsAreNotSignedByTheGivenCertificate() throws IOException {
        Cli.Run run = tipgate("audit", "verify", "--in", write("export.jsonl", LOG.bytes()), "--cert", cert("mp-scc"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("first bad sequence number: 0" + NL + "line 12: the checkpoint after event 9:"
                + " checkpoint signature: SIGNER_UNTRUSTED");
    }

    @Test
    void verifySaysWhenNoSequenceNumberCanBeNamed() throws IOException {
        Cli.Run run = tipgate("audit", "verify", "--in", write("export.jsonl", "not an export\n".getBytes(
                StandardCharsets.UTF_8)), "--cert", cert("tipgate"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("first bad sequence number: unknown" + NL + "line 1: the header: not JSON");
    }

    @Test
    void verifyOfTrailingContentNamesTheLine() throws IOException {
        List<String> lines = new ArrayList<>(LOG.lines());
        lines.add("{\"kind\":\"event\"}");
        Cli.Run run = tipgate("audit", "verify", "--in", write("export.jsonl", Cli.lines(lines)), "--cert",
                cert("tipgate"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("first bad sequence number: 95" + NL + "line " + lines.size()
                + ": content after the checkpoint of size 95, which ends the export" + NL);
    }

    // ---- audit custody ----

    @Test
    void custodyPrintsTheTipTheCheckpointAndOneLinePerEvent() throws IOException {
        Cli.Run run = tipgate("audit", "custody", "--in", report(AuditFixtures.custody(4, 95), "tipgate"), "--cert",
                cert("tipgate"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tip CT-100000008: 7 events, requested by auditor, generated "
                + "2026-11-22T17:21:40.000001Z" + NL
                + "checkpoint: tipgate, tree size 95, root " + ROOT + ", 2026-11-22T17:21:35.000001Z" + NL
                + "40\t2026-11-22T17:20:01.480041Z\tFEED_RECEIVED\tncrb\tSPOOLED\tintake=intake-4" + NL
                + "41\t2026-11-22T17:20:01.517042Z\tFEED_VERIFIED\tsystem\tVERIFIED\tfeed=NCRB-2026-000004" + NL
                + "42\t2026-11-22T17:20:01.554043Z\tRECORD_ACCEPTED\tsystem\tACCEPTED\tfeed=NCRB-2026-000004" + NL
                + "44\t2026-11-22T17:20:01.628045Z\tRECORD_ROUTED\tsystem\tROUTED\tfeed=NCRB-2026-000004"
                + " package=PKG-NCRB-2026-000004-mp-scc recipient=mp-scc" + NL
                + "46\t2026-11-22T17:20:01.702047Z\tPACKAGE_BUILT\tsystem\tBUILT\tfeed=NCRB-2026-000004"
                + " package=PKG-NCRB-2026-000004-mp-scc recipient=mp-scc" + NL);
        assertThat(run.out()).contains(NL + "48\t");
    }

    @Test
    void custodyOfAReportSignedByAnotherKeyExitsOneNamingItsFirstEvent() throws IOException {
        Cli.Run run = tipgate("audit", "custody", "--in", report(AuditFixtures.custody(4, 95), "mp-scc"), "--cert",
                cert("tipgate"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("first bad sequence number: 40" + NL + "the report's signature: SIGNER_UNTRUSTED");
        assertThat(run.out()).doesNotContain("tip CT-");
    }

    @Test
    void custodyOfAReportWithABrokenProofExitsOneNamingItsEvent() throws IOException {
        CustodyReport valid = AuditFixtures.custody(4, 95);
        List<CustodyReport.Entry> entries = new ArrayList<>(valid.entries());
        entries.set(3, new CustodyReport.Entry(entries.get(3).event(), AuditFixtures.entry(46, 95).proof()));
        CustodyReport broken = new CustodyReport(valid.tipId(), valid.requestedBy(), valid.generatedAt(),
                valid.checkpoint(), entries);

        Cli.Run run = tipgate("audit", "custody", "--in", report(broken, "tipgate"), "--cert", cert("tipgate"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("first bad sequence number: 44" + NL + "event 44: the inclusion proof of leaf 44");
    }

    @Test
    void custodyOfAFileThatIsNotAReportExitsOne() throws IOException {
        Cli.Run run = tipgate("audit", "custody", "--in", write("custody.p7m", LOG.bytes()), "--cert", cert("tipgate"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("first bad sequence number: unknown" + NL + "the report's signature: MALFORMED_CMS");
    }

    // ---- usage ----

    @Test
    void aMissingFileOrUnreadableCertificateIsAUsageError() throws IOException {
        Path export = write("export.jsonl", LOG.bytes());
        Path notACert = write("not-a-cert.pem", "hello".getBytes(StandardCharsets.UTF_8));
        for (String command : List.of("verify", "custody")) {
            Cli.Run missing = tipgate("audit", command, "--in", dir.resolve("nothing-here"), "--cert", cert("tipgate"));
            assertThat(missing.exitCode()).as(command).isEqualTo(2);
            assertThat(missing.err()).contains("no such file").contains("nothing-here");

            Cli.Run badCert = tipgate("audit", command, "--in", export, "--cert", notACert);
            assertThat(badCert.exitCode()).as(command).isEqualTo(2);
            assertThat(badCert.err()).contains("no PEM certificate found");

            Cli.Run noCertFile = tipgate("audit", command, "--in", export, "--cert", dir.resolve("no.pem"));
            assertThat(noCertFile.exitCode()).as(command).isEqualTo(2);

            Cli.Run noCert = tipgate("audit", command, "--in", export);
            assertThat(noCert.exitCode()).as(command).isEqualTo(2);
            assertThat(noCert.err()).startsWith("Missing required option: '--cert=GATEWAY_CERT'");
        }
        assertThat(tipgate("audit").exitCode()).isEqualTo(2);
    }

    @Test
    void valuesArePrintedOnOneLineWhateverTheyHold() {
        assertThat(AuditCommand.printable("ok\tnext\nfirst bad sequence number: 0\u2028\u0000 \u00e9"))
                .isEqualTo("ok\\u0009next\\u000afirst bad sequence number: 0\\u2028\\u0000 \u00e9");
    }
}
