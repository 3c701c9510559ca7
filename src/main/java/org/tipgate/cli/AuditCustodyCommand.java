package org.tipgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.tipgate.audit.AuditEvent;
import org.tipgate.audit.Checkpoint;
import org.tipgate.audit.CustodyReport;
import org.tipgate.audit.LogException;
import org.tipgate.crypto.PinnedSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "custody", description = "Verify a tip's custody report and print its events.")
final class AuditCustodyCommand implements Callable<Integer> {

    @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "REPORT",
            description = "The signed report (CMS, DER).")
    Path in;

    @Mixin
    AuditCommand.GatewayCertificate gateway;

    @Override
    public Integer call() throws IOException {
        X509Certificate cert = gateway.load();
        if (Files.size(in) > PinnedSignature.MAX_BYTES) {
            return AuditCommand.failed(OptionalLong.empty(), in + " is larger than any custody report ("
                    + PinnedSignature.MAX_BYTES + " bytes)");
        }
        CustodyReport report;
        try {
            report = CustodyReport.verify(Files.readAllBytes(in), cert);
        } catch (LogException e) {
            return AuditCommand.failed(e.firstBadSeq(), e.getMessage());
        }
        Checkpoint checkpoint = report.checkpoint().checkpoint();
        System.out.println("tip " + AuditCommand.printable(report.tipId()) + ": " + report.entries().size()
                + " events, requested by " + AuditCommand.printable(report.requestedBy()) + ", generated "
                + AuditCommand.time(report.generatedAt()));
        System.out.println("checkpoint: " + AuditCommand.printable(checkpoint.origin()) + ", tree size "
                + checkpoint.treeSize() + ", root " + Base64.getEncoder().encodeToString(checkpoint.rootHash()) + ", "
                + AuditCommand.time(checkpoint.time()));
        for (CustodyReport.Entry entry : report.entries()) {
            System.out.println(line(entry.event()));
        }
        return 0;
    }

    static String line(AuditEvent e) {
        StringJoiner about = new StringJoiner(" ");
        if (e.feedId() != null) {
            about.add("feed=" + AuditCommand.printable(e.feedId()));
        }
        if (e.packageId() != null) {
            about.add("package=" + AuditCommand.printable(e.packageId()));
        }
        if (e.recipient() != null) {
            about.add("recipient=" + AuditCommand.printable(e.recipient()));
        }
        if (e.feedId() == null && e.detail().get("intakeId") instanceof String intake) {
            about.add("intake=" + AuditCommand.printable(intake));
        }
        return String.join("\t", String.valueOf(e.seq()), AuditCommand.time(e.at()), AuditCommand.printable(e.type()), AuditCommand.printable(e.actor()),
                AuditCommand.printable(e.outcome()), about.length() == 0 ? "-" : about.toString());
    }
}
