package org.tipgate.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code tipgate help [COMMAND [SUBCOMMAND]]}: the usage of the command those words name, at any
 * depth ({@code tipgate help feed sign}), where picocli's own help command looks one level down.
 */
@Command(name = "help", helpCommand = true,
        description = "Print the usage of a command, e.g. tipgate help feed sign.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and subcommand to explain.")
    String[] commands = new String[0];

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine command = self.getParent();
        for (String word : commands) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                throw new ParameterException(self, "Unknown command: '" + command.getCommandSpec().qualifiedName()
                        + " " + word + "'");
            }
            command = sub;
        }
        command.usage(out, colors);
    }
}
