package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.Bytes;
import org.tipgate.testing.OpenSsl;
import org.tipgate.testing.TestPki.Credential;

/** The real openssl 3 binary on both sides: what senders and recipients will use. */
class OpenSslSignatureInteropTests {

    @TempDir
    Path dir;
    Path feed;

    @BeforeEach
    void writePkiAndFeed() throws IOException {
        pki().ca.writeTo(dir);
        pki().ncrb.writeTo(dir);
        feed = Files.write(dir.resolve("feed.jsonl"), FEED);
    }

    @Test
    void verifiesFeedSignedByOpensslWithRsa() throws Exception {
        byte[] cms = opensslSign(pki().ncrb, "sha256");

        VerifiedContent verified = Fixtures.feedVerifier().verify(cms);

        assertThat(verified.content()).isEqualTo(FEED);
        assertThat(verified.signature().signer()).isEqualTo(pki().ncrb.cert());
        assertThat(verified.signature().signatureAlgorithm()).isEqualTo("SHA256withRSA");
    }

    @Test
    void verifiesFeedSignedByOpensslWithEc() throws Exception {
        byte[] cms = opensslSign(pki().stateEc.writeTo(dir), "sha256");

        VerifiedContent verified = Fixtures.feedVerifier().verify(cms);

        assertThat(verified.content()).isEqualTo(FEED);
        assertThat(verified.signature().signatureAlgorithm()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void opensslVerifiesAFileStreamedThroughCmsSigner() throws Exception {
        Path p7m = signWithCmsSigner();

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "feed.p7m",
                "-CAfile", "ca.crt.pem", "-out", "content").assertSuccess();
        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "feed.p7m",
                "-CAfile", "ca.crt.pem", "-purpose", "any", "-out", "content-any").assertSuccess();

        assertThat(dir.resolve("content")).hasBinaryContent(FEED);
        assertThat(dir.resolve("content-any")).hasBinaryContent(FEED);
        assertThat(p7m).exists();
    }

    @Test
    void opensslRejectsCmsSignerOutputWhoseContentWasTampered() throws Exception {
        Path p7m = signWithCmsSigner();
        byte[] cms = Files.readAllBytes(p7m);
        cms[Bytes.indexOf(cms, "187345001".getBytes())] = '9';
        Files.write(p7m, cms);

        OpenSsl.Result result = OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "feed.p7m",
                "-CAfile", "ca.crt.pem", "-out", "content");

        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void cmsSignerOutputHasNoIndefiniteLengths() throws Exception {
        signWithCmsSigner();

        String parsed = OpenSsl.run(dir, "asn1parse", "-inform", "DER", "-in", "feed.p7m").assertSuccess().stdout();

        assertThat(parsed).contains("pkcs7-signedData", "pkcs7-data", "signingTime", "messageDigest", "contentType");
        assertThat(parsed).doesNotContain("l=inf");
    }

    @Test
    void asn1parseShowsTheIndefiniteLengthsOfStreamedOpensslOutput() throws Exception {
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-stream", "-outform", "DER", "-md", "sha256",
                "-in", "feed.jsonl", "-signer", "ncrb.crt.pem", "-inkey", "ncrb.key.pem", "-out", "streamed.p7m").assertSuccess();

        String parsed = OpenSsl.run(dir, "asn1parse", "-inform", "DER", "-in", "streamed.p7m").assertSuccess().stdout();

        assertThat(parsed).contains("l=inf");
        RejectedFeedTests.assertRejected(Files.readAllBytes(dir.resolve("streamed.p7m")), RejectionCode.MALFORMED_CMS,
                "indefinite-length");
    }

    @Test
    void rejectsFeedSignedByOpensslWithSha1() throws Exception {
        byte[] cms = opensslSign(pki().ncrb, "sha1");

        RejectedFeedTests.assertRejected(cms, RejectionCode.ALGORITHM_REJECTED, "SHA-1");
    }

    private byte[] opensslSign(Credential signer, String digest) throws IOException {
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", digest,
                "-in", "feed.jsonl", "-signer", signer.id() + ".crt.pem", "-inkey", signer.id() + ".key.pem",
                "-out", "feed.p7m").assertSuccess();
        return Files.readAllBytes(dir.resolve("feed.p7m"));
    }

    private Path signWithCmsSigner() throws IOException {
        Path p7m = dir.resolve("feed.p7m");
        try (OutputStream out = Files.newOutputStream(p7m)) {
            new CmsSigner(pki().ncrb.key(), pki().ncrb.cert(), List.of(), Clock.systemUTC()).sign(feed, out);
        }
        try (InputStream in = Files.newInputStream(p7m)) {
            assertThat(in.read()).isEqualTo(0x30);
        }
        return p7m;
    }
}
