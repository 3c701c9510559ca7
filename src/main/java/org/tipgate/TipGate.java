package org.tipgate;

import org.tipgate.cli.TipGateCommand;
import picocli.CommandLine;

/**
 * The one entry point of {@code tipgate.jar}: with no arguments or {@code serve} it runs the
 * gateway, every other subcommand runs without starting the server.
 */
public final class TipGate {

    private TipGate() {
    }

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        int exit = TipGateCommand.commandLine().execute(effective);
        if (exit != 0 || !"serve".equals(effective[0])) {
            System.exit(exit);
        }
    }
}
