package org.tipgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} binary, the interoperability reference for every CMS format. */
public final class OpenSsl {

    /** What one run printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("openssl exited " + exitCode + ": " + stderr + stdout);
            }
            return this;
        }
    }

    private OpenSsl() {
    }

    public static Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Path errFile = Files.createTempFile("openssl", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectError(errFile.toFile()).start();
                process.getOutputStream().close();
                String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("openssl " + String.join(" ", args) + " did not finish");
                }
                return new Result(process.exitValue(), stdout, Files.readString(errFile));
            } finally {
                Files.deleteIfExists(errFile);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
