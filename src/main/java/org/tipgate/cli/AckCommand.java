package org.tipgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tipgate.ack.AckReader;
import org.tipgate.ack.AckReader.VerifiedAck;
import org.tipgate.format.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ack", description = "Acknowledgements.", subcommands = AckCommand.Verify.class)
final class AckCommand {

    @Command(name = "verify", description = "Verify an acknowledgement signed by the gateway and print a summary "
            + "of it: status, counts, rejection codes, deliveries.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "ACK.p7m")
        Path in;

        @Mixin
        TrustOptions trust;

        @Option(names = "--rejections", description = "Also list the refused records the ack names, one per line.")
        boolean rejections;

        @Option(names = "--all", description = "List every refused record and every delivery.")
        boolean all;

        @Option(names = "--json", description = "Print the ack document itself as JSON instead of the summary.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            VerifiedAck verified = new AckReader(trust.verifier(false), trust.gatewayId).read(Files.readAllBytes(in));
            if (json) {
                System.out.println(WireJson.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(verified.ack()));
            } else {
                new AckReport(verified.ack(), System.out).print(rejections || all, all);
            }
            System.err.println("signed by " + verified.signature().signer().getSubjectX500Principal().getName()
                    + " at " + verified.signature().signingTime());
            return 0;
        }
    }
}
