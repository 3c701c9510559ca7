package org.tipgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code curl}, the reference HTTPS client: what status, headers and body bytes it
 * got, or how it failed (TLS refusals show as a non-zero exit and status 0).
 */
public final class Curl {

    /** One exchange as curl saw it; {@code headers} are those of the final response, names in lower case. */
    public record Result(int exit, int status, Map<String, String> headers, byte[] body, String stderr) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A curl still running: write its standard input (for {@code -T -}), then {@link #await()}. */
    public static final class Running {
        private final Process process;
        private final Path scratch;

        private Running(Process process, Path scratch) {
            this.process = process;
            this.scratch = scratch;
        }

        public OutputStream stdin() {
            return process.getOutputStream();
        }

        public Result await() throws IOException, InterruptedException {
            process.getOutputStream().close();
            String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("curl did not finish");
            }
            try {
                return new Result(process.exitValue(), status.isEmpty() ? 0 : Integer.parseInt(status),
                        headers(scratch.resolve("headers")), readIfExists(scratch.resolve("body")),
                        Files.readString(scratch.resolve("stderr")));
            } finally {
                for (String name : List.of("headers", "body", "stderr")) {
                    Files.deleteIfExists(scratch.resolve(name));
                }
                Files.deleteIfExists(scratch);
            }
        }
    }

    private Curl() {
    }

    /** Runs curl with {@code args} (plus options that capture the answer) in {@code workDir}, standard input empty. */
    public static Result run(Path workDir, List<String> args) throws IOException, InterruptedException {
        return start(workDir, args).await();
    }

    public static Running start(Path workDir, List<String> args) throws IOException {
        Path scratch = Files.createTempDirectory("curl");
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "300",
                "--output", scratch.resolve("body").toString(), "--dump-header", scratch.resolve("headers").toString(),
                "--write-out", "%{http_code}"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(scratch.resolve("stderr").toFile()).start();
        return new Running(process, scratch);
    }

    private static byte[] readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    /** The header block of the last response in the dump (after any 100 Continue). */
    private static Map<String, String> headers(Path dump) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!Files.exists(dump)) {
            return headers;
        }
        for (String line : Files.readAllLines(dump, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("HTTP/")) {
                headers.clear();
            } else if (line.contains(":")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
