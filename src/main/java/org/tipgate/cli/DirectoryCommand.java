package org.tipgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.DirectoryException;
import org.tipgate.directory.LgdTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "directory", description = "The agency directory.", subcommands = DirectoryCommand.Check.class)
final class DirectoryCommand {

    @Command(name = "check", description = "Validate the agency directory against its certificates, keys and the "
            + "LGD tables; print every finding (the same that stop the gateway from starting).")
    static final class Check implements Callable<Integer> {

        @Option(names = "--file", defaultValue = "config/agencies.yaml", paramLabel = "FILE",
                description = "Default: ${DEFAULT-VALUE}.")
        Path file;

        @Option(names = "--base", defaultValue = ".", paramLabel = "DIR",
                description = "What relative paths in the file are relative to (default: the working directory).")
        Path base;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!Files.exists(file)) {
                AgencyDirectory.formerLocation(Path.of(""), file).ifPresent(moved -> {
                    throw new ParameterException(spec.commandLine(), "--file " + file + ": no such file; " + moved);
                });
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "--file " + file + ": " + (Files.isDirectory(file)
                        ? "is a directory, not the directory file" : Files.exists(file) ? "cannot be read"
                        : "no such file (run where the gateway runs, or give --file FILE)"));
            }
            if (!Files.isDirectory(base)) {
                throw new ParameterException(spec.commandLine(), "--base " + base + ": no such directory");
            }
            try {
                AgencyDirectory directory = AgencyDirectory.load(file, base, LgdTables.bundled(), Clock.systemUTC());
                System.out.printf("%s: directory %s, %d agencies, LGD tables %s: no findings%n", file,
                        directory.version(), directory.agencies().size(), directory.lgdVersion());
                return 0;
            } catch (DirectoryException e) {
                System.out.println(e.getMessage());
                System.err.printf("%d findings%n", e.findings().size());
                return TipGateCommand.REJECTED;
            }
        }
    }
}
