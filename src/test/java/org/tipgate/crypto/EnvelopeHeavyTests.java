package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.testing.TestPki;
import org.tipgate.testing.TestPki.Credential;

/**
 * A 300 MiB content through each envelope operation in a JVM limited to 128 MiB of heap: anything
 * that buffered the content (SunJCE's GCM decryption does) would die of OutOfMemoryError.
 * Opt in with {@code mvn test -Pheavy}; figures are printed to the test output.
 */
@Tag("heavy")
class EnvelopeHeavyTests {

    private static final long CONTENT_BYTES = 300L << 20;
    private static final String HEAP = "-Xmx128m";

    @TempDir
    static Path dir;
    private static Credential recipient;

    @BeforeAll
    static void writeContent() throws IOException {
        recipient = TestPki.get().districtRsa.writeTo(dir);
        byte[] buffer = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(300);
        try (OutputStream out = Files.newOutputStream(dir.resolve("plain"))) {
            for (long written = 0; written < CONTENT_BYTES; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer);
            }
        }
    }

    @Test
    void encryptsAFileAndDecryptsItAgainInBoundedMemory() throws Exception {
        fork("encrypt-file", recipient.certFile(dir), dir.resolve("plain"), dir.resolve("file.p7m"));
        fork("decrypt", recipient.certFile(dir), recipient.keyFile(dir), dir.resolve("file.p7m"), dir.resolve("opened"));

        assertThat(Files.size(dir.resolve("file.p7m"))).isBetween(CONTENT_BYTES, CONTENT_BYTES + 4096);
        assertThat(sha256(dir.resolve("opened"))).isEqualTo(sha256(dir.resolve("plain")));
    }

    @Test
    void encryptsAStreamOfUnknownLengthInBoundedMemory() throws Exception {
        fork("encrypt-stream", recipient.certFile(dir), dir.resolve("plain"), dir.resolve("stream.p7m"));
        fork("decrypt", recipient.certFile(dir), recipient.keyFile(dir), dir.resolve("stream.p7m"),
                dir.resolve("opened-stream"));

        assertThat(sha256(dir.resolve("opened-stream"))).isEqualTo(sha256(dir.resolve("plain")));
    }

    private static void fork(String mode, Path... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                EnvelopeHeavyMain.class.getName(), mode));
        for (Path file : files) {
            command.add(file.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.print(output);
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
