package org.tipgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.tipgate.receipt.ReceiptMaker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "receipt", description = "Receipts for delivered packages.", subcommands = ReceiptCommand.Make.class)
final class ReceiptCommand {

    @Command(name = "make", description = "Make the recipient's signed receipt for a package it received.")
    static final class Make implements Callable<Integer> {

        @Option(names = "--in", required = true, paramLabel = "PKG.p7m")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "R.p7m")
        Path out;

        @Mixin
        Credentials credentials;

        @Override
        public Integer call() throws Exception {
            ReceiptMaker maker = new ReceiptMaker(credentials.certificate(), credentials.privateKey(), Clock.systemUTC());
            Files.write(out, maker.make(in));
            System.out.println("receipt for " + in + " written to " + out);
            return 0;
        }
    }
}
