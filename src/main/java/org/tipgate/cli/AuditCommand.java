package org.tipgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.tipgate.audit.AuditEvent;
import org.tipgate.audit.Checkpoint;
import org.tipgate.audit.CustodyReport;
import org.tipgate.audit.LogException;
import org.tipgate.audit.LogVerifier;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.PinnedSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The audit trail, offline (docs/audit.md): each subcommand is one class registered below. A
 * check that fails exits 1 and prints, on stderr, the first sequence number it cannot vouch for
 * and why.
 */
@Command(name = "audit", description = "The audit trail: verify an exported log or a custody report offline.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Custody.class})
final class AuditCommand {

    /** The certificate that checkpoints and custody reports must be signed with: the gateway's own. */
    static final class GatewayCertificate {

        @Option(names = "--cert", required = true, paramLabel = "GATEWAY_CERT",
                description = "PEM certificate of the gateway; only its key is accepted, not any key of a CA.")
        Path cert;

        X509Certificate load() throws IOException {
            return Pem.readCertificate(cert);
        }
    }

    static int failed(OptionalLong firstBadSeq, String reason) {
        System.err.println("first bad sequence number: "
                + (firstBadSeq.isPresent() ? String.valueOf(firstBadSeq.getAsLong()) : "unknown"));
        System.err.println(printable(reason));
        return TipGateCommand.REJECTED;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Text from a file on one line: control characters escaped, so that no value can pass for a line of output. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    @Command(name = "verify", description = "Verify an exported log (tipgate audit export) end to end.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--in", required = true, paramLabel = "FILE", description = "The export file (JSON Lines).")
        Path in;

        @Mixin
        GatewayCertificate gateway;

        @Override
        public Integer call() throws IOException {
            X509Certificate cert = gateway.load();
            LogVerifier.Result result;
            try (InputStream export = Files.newInputStream(in)) {
                result = new LogVerifier().verify(export, cert);
            }
            if (!result.ok()) {
                return failed(result.firstBadSeq(), "line " + result.line() + ": " + result.reason());
            }
            long from = result.treeSize() - result.events();
            System.out.println("verified: " + result.events() + " events (" + from + " to " + (result.treeSize() - 1)
                    + "), " + result.checkpoints() + " checkpoints, tree size " + result.treeSize() + ", root "
                    + Base64.getEncoder().encodeToString(result.root()));
            return 0;
        }
    }

    @Command(name = "custody", description = "Verify a tip's custody report and print its events.")
    static final class Custody implements Callable<Integer> {

        @Option(names = "--in", required = true, paramLabel = "REPORT", description = "The signed report (CMS, DER).")
        Path in;

        @Mixin
        GatewayCertificate gateway;

        @Override
        public Integer call() throws IOException {
            X509Certificate cert = gateway.load();
            if (Files.size(in) > PinnedSignature.MAX_BYTES) {
                return failed(OptionalLong.empty(), in + " is larger than any custody report ("
                        + PinnedSignature.MAX_BYTES + " bytes)");
            }
            CustodyReport report;
            try {
                report = CustodyReport.verify(Files.readAllBytes(in), cert);
            } catch (LogException e) {
                return failed(e.firstBadSeq(), e.getMessage());
            }
            Checkpoint checkpoint = report.checkpoint().checkpoint();
            System.out.println("tip " + printable(report.tipId()) + ": " + report.entries().size()
                    + " events, requested by " + printable(report.requestedBy()) + ", generated "
                    + time(report.generatedAt()));
            System.out.println("checkpoint: " + printable(checkpoint.origin()) + ", tree size " + checkpoint.treeSize() + ", root "
                    + Base64.getEncoder().encodeToString(checkpoint.rootHash()) + ", " + time(checkpoint.time()));
            for (CustodyReport.Entry entry : report.entries()) {
                System.out.println(line(entry.event()));
            }
            return 0;
        }

        static String line(AuditEvent e) {
            StringJoiner about = new StringJoiner(" ");
            if (e.feedId() != null) {
                about.add("feed=" + printable(e.feedId()));
            }
            if (e.packageId() != null) {
                about.add("package=" + printable(e.packageId()));
            }
            if (e.recipient() != null) {
                about.add("recipient=" + printable(e.recipient()));
            }
            if (e.feedId() == null && e.detail().get("intakeId") instanceof String intake) {
                about.add("intake=" + printable(intake));
            }
            return String.join("\t", String.valueOf(e.seq()), time(e.at()), printable(e.type()), printable(e.actor()),
                    printable(e.outcome()), about.length() == 0 ? "-" : about.toString());
        }
    }
}
