package org.tipgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.tipgate.audit.LogVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", description = "Verify an exported log (tipgate audit export) end to end.")
final class AuditVerifyCommand implements Callable<Integer> {

    @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "FILE",
            description = "The export file (JSON Lines).")
    Path in;

    @Mixin
    AuditCommand.GatewayCertificate gateway;

    @Override
    public Integer call() throws IOException {
        X509Certificate cert = gateway.load();
        LogVerifier.Result result;
        try (InputStream export = Files.newInputStream(in)) {
            result = new LogVerifier().verify(export, cert);
        }
        if (!result.ok()) {
            return AuditCommand.failed(result.firstBadSeq(), "line " + result.line() + ": " + result.reason());
        }
        long from = result.treeSize() - result.events();
        System.out.println("verified: " + result.events() + " events (" + from + " to " + (result.treeSize() - 1)
                + "), " + result.checkpoints() + " checkpoints, tree size " + result.treeSize() + ", root "
                + Base64.getEncoder().encodeToString(result.root()));
        return 0;
    }
}
