package org.tipgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tipgate.crypto.NotAddressedException;
import org.tipgate.format.RejectedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code tipgate} command. Its {@code --help} and {@code --version} are inherited by
 * every command below it, so that {@code tipgate <command> [<subcommand>] --help} prints that
 * command's usage and exits 0 before any required option is asked for (and before {@code serve}
 * starts anything); {@code tipgate help [<command> ...]} does the same.
 *
 * <p>Exit codes (docs/cli.md): 0 success, 1 a verification or validation failure with its
 * rejection code printed, 2 a usage error (including a named file that cannot be read), 3 an
 * internal error, 4 a package that is not addressed to the certificate given.
 */
@Command(name = "tipgate", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "tipgate 0.1.0",
        description = "TipGate: secure gateway for child-exploitation tipline reports.",
        subcommands = {ServeCommand.class, KeysCommand.class, FeedCommand.class, PackageCommand.class,
            AckCommand.class, ReceiptCommand.class, DirectoryCommand.class, OutboxCommand.class, AuditCommand.class,
            HelpCommand.class})
public final class TipGateCommand {

    public static final int REJECTED = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;
    /** A package opened with the key of an agency it is not addressed to: not a fault of the package. */
    public static final int NOT_ADDRESSED = 4;

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TipGateCommand());
        commandLine.setExecutionExceptionHandler(TipGateCommand::handle);
        return commandLine;
    }

    /** Says that {@code file} is someone else's, and whose. */
    static int notAddressed(Path file, NotAddressedException e) {
        System.err.println("tipgate: " + file + " is not addressed to " + e.reader() + "; it is for "
                + (e.recipients().isEmpty() ? "no recipient at all" : String.join(" and ", e.recipients()))
                + ". Nothing is wrong with it: it opens only with the key of the agency it is for.");
        return NOT_ADDRESSED;
    }

    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (e instanceof RejectedException rejected) {
            err.println("REJECTED " + rejected.code() + ": " + rejected.reason());
            return REJECTED;
        }
        if (e instanceof NoSuchFileException missing) {
            err.println("tipgate: no such file: " + missing.getFile());
            return USAGE;
        }
        if (e instanceof IOException io) {
            err.println("tipgate: " + io.getMessage());
            return USAGE;
        }
        err.println("tipgate: internal error: " + e);
        e.printStackTrace(err);
        return INTERNAL;
    }
}
