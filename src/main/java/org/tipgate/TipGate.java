package org.tipgate;

import java.util.Locale;
import org.tipgate.cli.TipGateCommand;
import picocli.CommandLine;

/**
 * The one entry point of {@code tipgate.jar}: with no arguments or {@code serve} it runs the
 * gateway, every other subcommand runs without starting the server.
 */
public final class TipGate {

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private TipGate() {
    }

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        // Output that scripts read must not change with the machine's locale ("30,000", not "30.000").
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
        if (!"serve".equals(effective[0]) && System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "logback-cli.xml");
        }
        int exit;
        try {
            exit = TipGateCommand.commandLine().execute(effective);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // Exit 1 means "rejected" to scripts: a JVM that ran out of room must not look like that.
            System.err.println("tipgate: internal error: " + e);
            exit = TipGateCommand.INTERNAL;
        }
        if (exit != 0 || !"serve".equals(effective[0])) {
            System.exit(exit);
        }
    }
}
