package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.cli.Cli.tipgate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code --help} and {@code tipgate help} on every command of the tree, walked from the top-level
 * command so that a command added later is covered without changing this test: usage on stdout,
 * exit 0, nothing on stderr, however many required options the command has.
 */
class HelpTests {

    @TempDir
    Path dir;

    /** Every command below {@code tipgate} as the words that name it, e.g. ["feed", "sign"]. */
    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(TipGateCommand.commandLine(), List.of(), all);
        return all.stream();
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> all) {
        command.getSubcommands().forEach((name, sub) -> {
            // picocli registers aliases as further keys: each command once, under its own name.
            if (!name.equals(sub.getCommandName())) {
                return;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            all.add(subPath);
            walk(sub, subPath, all);
        });
    }

    @Test
    void theWalkFindsEveryCommandAndSubcommand() {
        assertThat(commands()).contains(List.of("serve"), List.of("feed"), List.of("feed", "sign"),
                List.of("audit", "archive"), List.of("outbox", "retry"), List.of("directory", "check"),
                List.of("help"));
        assertThat(commands().count()).isGreaterThanOrEqualTo(24);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void dashDashHelpPrintsTheCommandsUsageAndExitsZero(List<String> command) throws Exception {
        assertUsage(command, help(command, "--help"));
        assertUsage(command, help(command, "-h"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void theHelpCommandPrintsTheCommandsUsageAndExitsZero(List<String> command) throws Exception {
        List<Object> args = new ArrayList<>(List.of("help"));
        args.addAll(command);

        assertUsage(command, tipgate(args.toArray()));
    }

    @Test
    void theHelpCommandAloneListsTheCommands() {
        Cli.Run run = tipgate("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: tipgate [-hV] [COMMAND]").containsPattern("(?m)^  help ")
                .containsPattern("(?m)^  feed ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theHelpCommandRefusesAWordThatNamesNoCommand() {
        Cli.Run run = tipgate("help", "feed", "frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown command: 'tipgate feed frobnicate'");
    }

    /** With a required option given wrongly, --help still wins: usage, exit 0. */
    @Test
    void helpWinsOverOptionsThatAreMissingOrWrong() {
        Cli.Run run = tipgate("feed", "sign", "--in", dir.resolve("no-such-file"), "--help");

        assertUsage(List.of("feed", "sign"), run);
    }

    /**
     * {@code serve --help} prints usage and starts nothing. Run as the jar's entry point, in an empty
     * working directory: a gateway started by mistake would fail there on the missing agency directory.
     */
    @Test
    void serveHelpPrintsUsageAndStartsNoGateway() throws Exception {
        Cli.Run run = Cli.processIn(dir, "serve", "--help", "--server.port=0", "--management.server.port=0",
                "--tipgate.sftp.port=0");

        assertUsage(List.of("serve"), run);
        assertThat(run.out()).contains("--key=value").doesNotContain("Started");
        assertThat(dir).isEmptyDirectory();
    }

    private Cli.Run help(List<String> command, String option) throws Exception {
        List<Object> args = new ArrayList<>(command);
        args.add(option);
        if (command.get(0).equals("serve")) {
            // In this JVM a mistaken start would run a gateway inside the test: use a process.
            return Cli.processIn(dir, args.toArray());
        }
        return tipgate(args.toArray());
    }

    private static void assertUsage(List<String> command, Cli.Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: tipgate " + String.join(" ", command) + " ");
        assertThat(run.err()).isEmpty();
    }
}
