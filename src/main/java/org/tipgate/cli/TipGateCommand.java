package org.tipgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.tipgate.crypto.NotAddressedException;
import org.tipgate.format.RejectedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The top-level {@code tipgate} command. Its {@code --help} and {@code --version} are inherited by
 * every command below it, so that {@code tipgate <command> [<subcommand>] --help} prints that
 * command's usage and exits 0 before any required option is asked for (and before {@code serve}
 * starts anything); {@code tipgate help [<command> ...]} does the same.
 *
 * <p>Exit codes (docs/cli.md#exit-codes): 0 success, 1 a verification or validation failure with its
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
        commandLine.setParameterExceptionHandler(TipGateCommand::usageError);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /**
     * A usage error is one line on stderr: what is wrong, and where the usage is (exit 2). Asked for
     * help as well, the user gets the usage (exit 0), whatever else was wrong with the command line.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            command.usage(command.getOut());
            return 0;
        }
        // One line, without the "Error: " picocli puts before an option group's message.
        StringBuilder line = new StringBuilder(e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ")
                .replaceFirst("^Error: ", ""));
        if (e.getMessage().startsWith("Missing required subcommand")) {
            line.append(": one of ").append(String.join(", ", command.getSubcommands().keySet().stream()
                    .filter(name -> !name.equals("help")).toList()));
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append('?');
        }
        line.append(" (see: ").append(command.getCommandSpec().qualifiedName()).append(" --help)");
        command.getErr().println(line);
        return USAGE;
    }

    /** Says that {@code file} is someone else's, and whose. */
    static int notAddressed(Path file, NotAddressedException e) {
        System.err.println("tipgate: " + file + " is not addressed to " + e.reader() + "; it is for "
                + (e.recipients().isEmpty() ? "no recipient at all" : String.join(" and ", e.recipients()))
                + ". Nothing is wrong with it: it opens only with the key of the agency it is for.");
        return NOT_ADDRESSED;
    }

    private static Throwable innermost(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String line = message.lines().findFirst().orElse(message).strip();
        // H2 ends its first line with "; SQL statement:", the statement following on the next.
        String statement = "; SQL statement:";
        return line.endsWith(statement) ? line.substring(0, line.length() - statement.length()) : line;
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
        if (e instanceof AccessDeniedException denied) {
            err.println("tipgate: permission denied: " + denied.getFile());
            return USAGE;
        }
        if (e instanceof FileSystemException fs) {
            err.println("tipgate: " + fs.getFile() + ": " + (fs instanceof FileAlreadyExistsException ? "already exists"
                    : fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName()));
            return USAGE;
        }
        if (e instanceof IOException io) {
            err.println("tipgate: " + (io.getMessage() != null ? io.getMessage() : io.toString()));
            return USAGE;
        }
        if (e instanceof CannotGetJdbcConnectionException) {
            err.println("tipgate: cannot open the database (--db): " + firstLine(innermost(e)));
            return USAGE;
        }
        if (e instanceof BadSqlGrammarException) {
            err.println("tipgate: the database (--db) is not a TipGate gateway's database, or not of this version: "
                    + firstLine(innermost(e)));
            return USAGE;
        }
        err.println("tipgate: internal error: " + e);
        e.printStackTrace(err);
        return INTERNAL;
    }
}
