package org.tipgate.cli;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.tipgate.crypto.NotAddressedException;
import org.tipgate.packaging.PackageOpener;
import org.tipgate.receipt.ReceiptMaker;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "receipt", description = "Receipts for delivered packages.", subcommands = ReceiptCommand.Make.class)
final class ReceiptCommand {

    @Command(name = "make", description = "Make the recipient's signed receipt for a package it received.")
    static final class Make implements Callable<Integer> {

        @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "PKG.p7m")
        Path in;

        @Option(names = "--out", converter = FileOptions.Output.class, required = true, paramLabel = "R.p7m")
        Path out;

        @Mixin
        Credentials credentials;

        @ArgGroup(exclusive = false, heading = "Verify the gateway's signature first (recommended):%n")
        TrustOptions trust;

        @Override
        public Integer call() throws Exception {
            ReceiptMaker maker = new ReceiptMaker(credentials.certificate(), credentials.privateKey(), Clock.systemUTC());
            byte[] receipt;
            try {
                if (trust != null) {
                    PackageOpener.OpenedPackage opened = new PackageOpener(credentials.certificate(),
                            credentials.privateKey(), trust.verifier(false), trust.gatewayId)
                            .open(in, OutputStream.nullOutputStream());
                    receipt = maker.sign(maker.receiptFor(in, opened.header()));
                } else {
                    receipt = maker.make(in);
                }
            } catch (NotAddressedException e) {
                return TipGateCommand.notAddressed(in, e);
            }
            AtomicOutput.write(out, target -> {
                target.write(receipt);
                return null;
            });
            System.out.println("receipt for " + in + " written to " + out);
            return 0;
        }
    }
}
