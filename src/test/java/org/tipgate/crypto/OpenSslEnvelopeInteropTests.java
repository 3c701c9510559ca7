package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.crypto.CmsEncryptorTests.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.testing.OpenSsl;
import org.tipgate.testing.TestPki;
import org.tipgate.testing.TestPki.Credential;

/**
 * Packages must open with {@code openssl cms} alone
 * (docs/formats.md#4-delivery-package-tipgate---state-or-district), and TipGate must open what an
 * agency makes with it. The plaintext holds CR, LF and NUL bytes so that any text-mode mangling
 * shows.
 */
class OpenSslEnvelopeInteropTests {

    private static final TestPki PKI = TestPki.get();

    @TempDir
    Path dir;
    private byte[] plaintext;

    @BeforeEach
    void writePlaintext() throws IOException {
        plaintext = sample(200_000);
        plaintext[0] = '\r';
        plaintext[1] = '\n';
        plaintext[2] = 0;
        Files.write(dir.resolve("plain"), plaintext);
    }

    private byte[] openSslDecrypts(Credential recipient) throws IOException {
        recipient.writeTo(dir);
        OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-in", "pkg.p7m",
                "-recip", recipient.certFile(dir).toString(), "-inkey", recipient.keyFile(dir).toString(),
                "-out", "opened").assertSuccess();
        return Files.readAllBytes(dir.resolve("opened"));
    }

    private void tipGateEncryptsFor(Credential recipient) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("pkg.p7m"))) {
            new CmsEncryptor(recipient.cert()).encrypt(dir.resolve("plain"), out);
        }
    }

    private byte[] openSslEncryptsFor(Credential recipient, String... keyOptions) throws Exception {
        recipient.writeTo(dir);
        List<String> args = new ArrayList<>(List.of("cms", "-encrypt", "-aes-256-gcm", "-binary",
                "-outform", "DER", "-in", "plain", "-out", "pkg.p7m", "-recip", recipient.certFile(dir).toString()));
        args.addAll(List.of(keyOptions));
        OpenSsl.run(dir, args.toArray(String[]::new)).assertSuccess();
        try (var in = Files.newInputStream(dir.resolve("pkg.p7m"));
             OutputStream out = Files.newOutputStream(dir.resolve("opened"))) {
            new CmsDecryptor(recipient.cert(), recipient.key()).decrypt(in, out);
        }
        return Files.readAllBytes(dir.resolve("opened"));
    }

    @Test
    void openSslOpensAPackageForAnRsaRecipient() throws IOException {
        tipGateEncryptsFor(PKI.districtRsa);
        assertThat(openSslDecrypts(PKI.districtRsa)).isEqualTo(plaintext);
    }

    @Test
    void openSslOpensAPackageForAnEcRecipient() throws IOException {
        tipGateEncryptsFor(PKI.stateEc);
        assertThat(openSslDecrypts(PKI.stateEc)).isEqualTo(plaintext);
    }

    @Test
    void openSslRefusesAnAlteredPackage() throws IOException {
        tipGateEncryptsFor(PKI.districtRsa);
        byte[] pkg = Files.readAllBytes(dir.resolve("pkg.p7m"));
        pkg[pkg.length - 18 - plaintext.length / 2] ^= 1;
        Files.write(dir.resolve("pkg.p7m"), pkg);
        PKI.districtRsa.writeTo(dir);

        OpenSsl.Result result = OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-in", "pkg.p7m",
                "-recip", PKI.districtRsa.certFile(dir).toString(), "-inkey", PKI.districtRsa.keyFile(dir).toString(),
                "-out", "opened");

        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void opensWhatOpenSslEncryptsForAnRsaRecipientWithItsDefaultPadding() throws Exception {
        assertThat(openSslEncryptsFor(PKI.districtRsa)).isEqualTo(plaintext);
    }

    @Test
    void opensWhatOpenSslEncryptsForAnRsaRecipientWithOaepSha256() throws Exception {
        assertThat(openSslEncryptsFor(PKI.districtRsa,
                "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256")).isEqualTo(plaintext);
    }

    @Test
    void opensWhatOpenSslEncryptsForAnEcRecipientWithItsDefaultKdf() throws Exception {
        assertThat(openSslEncryptsFor(PKI.stateEc)).isEqualTo(plaintext);
    }

    @Test
    void opensWhatOpenSslEncryptsForAnEcRecipientWithASha256Kdf() throws Exception {
        assertThat(openSslEncryptsFor(PKI.stateEc, "-keyopt", "ecdh_kdf_md:sha256")).isEqualTo(plaintext);
    }

    @Test
    void opensWhatOpenSslEncryptsForARecipientNamedBySubjectKeyIdentifier() throws Exception {
        assertThat(openSslEncryptsFor(PKI.districtRsa, "-keyid")).isEqualTo(plaintext);
        assertThat(openSslEncryptsFor(PKI.stateEc, "-keyid")).isEqualTo(plaintext);
    }
}
