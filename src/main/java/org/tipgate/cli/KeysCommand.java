package org.tipgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.tipgate.keys.DemoPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keys", description = "Key material.", subcommands = KeysCommand.Demo.class)
final class KeysCommand {

    @Command(name = "demo", description = "Write a demo PKI (CA, CRL, agencies, gateway, auditor, SSH keys). "
            + "Public example keys: never for production.")
    static final class Demo implements Callable<Integer> {

        @Option(names = "--out", converter = FileOptions.OutputDirectory.class, required = true,
                description = "Directory to write into (created if absent).")
        Path out;

        @Override
        public Integer call() throws IOException {
            List<Path> written = DemoPki.write(out, Clock.systemUTC());
            System.out.println("wrote " + written.size() + " files to " + out);
            return 0;
        }
    }
}
