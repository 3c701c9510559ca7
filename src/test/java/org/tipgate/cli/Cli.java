package org.tipgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tipgate.TipGate;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.Pem;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.WireJson;
import org.tipgate.packaging.PackageBuilder;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.Bytes;
import picocli.CommandLine;

/**
 * Runs {@code tipgate} (in this JVM with stdout and stderr captured, or as a process through
 * {@link TipGate#main}) and builds the inputs the CLI has no command for, with the committed demo
 * PKI in {@code keys-example/}. Tests run with the project root as working directory.
 */
final class Cli {

    static final Path KEYS = Path.of("keys-example");
    static final Path CA = KEYS.resolve("ca.crt.pem");
    static final Path CRL = KEYS.resolve("ca.crl.pem");

    /** What one run of {@code tipgate} printed and how it exited. */
    record Run(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    /**
     * Runs {@code tipgate args...} in this JVM. Not thread-safe: it swaps System.out and System.err.
     * Only what this thread (and threads it starts during the run) prints is captured: gateways of
     * other tests still running in this JVM log to System.out from their own threads, and those lines
     * go to the real stdout, not into {@link Run#out()}.
     */
    static Run tipgate(Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        CAPTURING.set(Boolean.TRUE);
        try (PrintStream capturedOut = new PrintStream(new ThisRunOnly(out, savedOut), true, UTF_8);
             PrintStream capturedErr = new PrintStream(new ThisRunOnly(err, savedErr), true, UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            CommandLine commandLine = TipGateCommand.commandLine();
            PrintWriter outWriter = new PrintWriter(capturedOut, true);
            PrintWriter errWriter = new PrintWriter(capturedErr, true);
            commandLine.setOut(outWriter);
            commandLine.setErr(errWriter);
            int exitCode = commandLine.execute(strings(args));
            outWriter.flush();
            errWriter.flush();
            return new Run(exitCode, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            CAPTURING.remove();
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /** Set on the thread running {@link #tipgate}; threads it starts inherit it, threads started before do not. */
    private static final InheritableThreadLocal<Boolean> CAPTURING = new InheritableThreadLocal<>();

    /** Bytes written by a capturing thread go to the capture; any other thread's go where they went before. */
    private static final class ThisRunOnly extends OutputStream {

        private final OutputStream capture;
        private final OutputStream elsewhere;

        ThisRunOnly(OutputStream capture, OutputStream elsewhere) {
            this.capture = capture;
            this.elsewhere = elsewhere;
        }

        private OutputStream target() {
            return Boolean.TRUE.equals(CAPTURING.get()) ? capture : elsewhere;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            elsewhere.flush();
        }
    }

    /** Runs {@code java -cp <test classpath> org.tipgate.TipGate args...}: the jar's entry point, System.exit included. */
    static Run process(Object... args) throws IOException, InterruptedException {
        return processIn(Path.of("."), args);
    }

    /** As {@link #process}, with {@code workingDirectory} as the working directory. */
    static Run processIn(Path workingDirectory, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TipGate.class.getName()));
        command.addAll(Arrays.asList(strings(args)));
        Path out = Files.createTempFile("tipgate", ".out");
        Path err = Files.createTempFile("tipgate", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tipgate " + command + " did not finish");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path cert(String id) {
        return KEYS.resolve(id + ".crt.pem");
    }

    static Path key(String id) {
        return KEYS.resolve(id + ".key.pem");
    }

    static X509Certificate certificate(String id) {
        try {
            return Pem.readCertificate(cert(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TipGate's own signer with the key of {@code id} from keys-example, signingTime now. */
    static CmsSigner signer(String id) {
        try {
            return new CmsSigner(Pem.readPrivateKey(key(id)), certificate(id), List.of(), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} generated records, one string per line, without line feeds. */
    static List<String> records(long seed, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new FeedGenerator(LgdTables.bundled()).write(seed, count, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(out.toString(UTF_8).split("\n"));
    }

    /** The lines, each ending in a line feed. */
    static byte[] lines(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString().getBytes(UTF_8);
    }

    /** A feed's content: a header naming {@code sender} and declaring {@code recordCount}, then the records. */
    static byte[] feedContent(String feedId, String sender, long recordCount, List<String> records) {
        String createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> all = new ArrayList<>();
        all.add(new String(WireJson.toBytes(FeedHeader.of(feedId, sender, createdAt, recordCount)), UTF_8));
        all.addAll(records);
        return lines(all);
    }

    static PackageHeader packageHeader(String packageId, String recipient, long recordCount) {
        return new PackageHeader(PackageHeader.TYPE, PackageHeader.VERSION, packageId, "FEED-CLI-1", "ab".repeat(32),
                "ncrb", "cd".repeat(32), Instant.now().truncatedTo(ChronoUnit.MILLIS), recipient, recordCount);
    }

    /** A package signed by {@code signerId} with {@code header}, encrypted for {@code encryptFor}. */
    static Path buildPackage(Path file, String signerId, PackageHeader header, List<String> records, String encryptFor)
            throws IOException {
        try (var out = Files.newOutputStream(file)) {
            new PackageBuilder(signer(signerId)).build(header, ContentSource.of(lines(records)), certificate(encryptFor),
                    out);
        }
        return file;
    }

    /** Replaces the first occurrence of {@code from} in the file by {@code to}, a string of the same length. */
    static Path replaceOnce(Path file, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = from.getBytes(UTF_8);
        byte[] replacement = to.getBytes(UTF_8);
        if (needle.length != replacement.length) {
            throw new IllegalArgumentException("a same-length replacement keeps the DER lengths valid");
        }
        int at = Bytes.indexOf(bytes, needle);
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        return Files.write(file, bytes);
    }

    /** Lower-case hex SHA-256 of a file, computed here rather than by the code under test. */
    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] strings(Object... args) {
        return Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    }
}
