package org.tipgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real OpenSSH {@code sftp} client, in batch mode, logging in with the demo agencies' keys, host key pinned. */
public final class OpenSshSftp {

    /** What one run printed (stdout and stderr together) and how it exited. */
    public record Result(int exit, String output) {
    }

    private final int port;
    private final Path knownHosts;
    private final Path keys;

    /** {@code knownHostsLine}: the server's line, as the server prints it; {@code work}: where keys are copied. */
    public OpenSshSftp(int port, String knownHostsLine, Path work) throws IOException {
        this.port = port;
        this.keys = Files.createDirectories(work.resolve("ssh-keys"));
        this.knownHosts = Files.writeString(work.resolve("known_hosts"), knownHostsLine + "\n");
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** Runs {@code commands} as {@code user}, logging in with {@code keyOf}'s key. */
    public Result run(String user, String keyOf, String... commands) throws Exception {
        return run(List.of(), user, keyOf, commands);
    }

    /** Runs {@code commands} as {@code user}, with more of {@code sftp}'s options (e.g. {@code -l} to slow it down). */
    public Result run(List<String> options, String user, String keyOf, String... commands) throws Exception {
        List<String> command = new ArrayList<>(List.of("sftp", "-b", "-", "-P", String.valueOf(port)));
        command.addAll(options);
        command.addAll(List.of("-i", privateKey(keyOf).toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "PreferredAuthentications=publickey", user + "@127.0.0.1"));
        return exec(command, String.join("\n", commands) + "\n");
    }

    public static Result exec(List<String> command, String stdin) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sftp did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** The agency's demo SSH key, copied with the 0600 permissions ssh insists on (git does not keep them). */
    public Path privateKey(String agency) throws IOException {
        Path key = keys.resolve(agency + ".ssh");
        if (!Files.exists(key)) {
            Files.copy(Path.of("keys-example", agency + ".ssh"), key);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        return key;
    }
}
