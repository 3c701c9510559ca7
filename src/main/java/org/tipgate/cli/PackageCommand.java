package org.tipgate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tipgate.crypto.NotAddressedException;
import org.tipgate.packaging.PackageOpener;
import org.tipgate.packaging.PackageOpener.OpenedPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "package", description = "Delivery packages.", subcommands = PackageCommand.Open.class)
final class PackageCommand {

    @Command(name = "open", description = "Decrypt a package with the recipient's key, verify the gateway's "
            + "signature, and write its records.")
    static final class Open implements Callable<Integer> {

        @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "PKG.p7m")
        Path in;

        @Option(names = "--out", converter = FileOptions.Output.class, required = true, paramLabel = "FILE",
                description = "Where the records go (JSON Lines).")
        Path out;

        @Mixin
        Credentials credentials;

        @Mixin
        TrustOptions trust;

        @Override
        public Integer call() throws Exception {
            PackageOpener opener = new PackageOpener(credentials.certificate(), credentials.privateKey(),
                    trust.verifier(false), trust.gatewayId);
            // The records are unauthenticated until the whole package has verified.
            OpenedPackage opened;
            try {
                opened = AtomicOutput.write(out, records -> opener.open(in, records));
            } catch (NotAddressedException e) {
                return TipGateCommand.notAddressed(in, e);
            }
            System.out.printf("package %s from feed %s (sender %s) for %s: %d records, signed by %s at %s%n",
                    opened.header().packageId(), opened.header().feedId(), opened.header().sender(),
                    opened.header().recipient(), opened.records(),
                    opened.signature().signer().getSubjectX500Principal().getName(), opened.signature().signingTime());
            return 0;
        }
    }
}
