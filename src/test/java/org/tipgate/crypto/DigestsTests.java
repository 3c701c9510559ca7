package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.testing.OpenSsl;

class DigestsTests {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesBytesAsLowerCaseHex() {
        assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    }

    @Test
    void hashesAFileLikeItsBytes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("abc"), "abc");

        assertThat(Digests.sha256Hex(file)).isEqualTo(ABC);
    }

    @Test
    void hashesACertificateLikeOpensslsFingerprint(@TempDir Path dir) throws Exception {
        Fixtures.pki().ncrb.writeTo(dir);

        String fingerprint = OpenSsl.run(dir, "x509", "-in", "ncrb.crt.pem", "-noout", "-fingerprint", "-sha256")
                .assertSuccess().stdout();

        assertThat(fingerprint.trim()).endsWith(Digests.sha256Hex(Fixtures.pki().ncrb.cert()).toUpperCase()
                .replaceAll("(..)(?!$)", "$1:"));
    }
}
