package org.tipgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code tipgate} command; subcommands are added as they are built. */
@Command(name = "tipgate", mixinStandardHelpOptions = true, version = "tipgate 0.1.0",
        description = "TipGate: secure gateway for child-exploitation tipline reports.")
public final class TipGateCommand {

    public static CommandLine commandLine() {
        return new CommandLine(new TipGateCommand());
    }
}
