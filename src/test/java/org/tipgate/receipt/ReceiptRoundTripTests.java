package org.tipgate.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.packaging.PackageBuilder;
import org.tipgate.testing.TestPki;

class ReceiptRoundTripTests {

    static final TestPki PKI = TestPki.get();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T11:00:00.5Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path pkg;

    @BeforeEach
    void deliverAPackageToIndore() throws Exception {
        pkg = dir.resolve("pkg.p7m");
        PackageHeader header = new PackageHeader(PackageHeader.TYPE, PackageHeader.VERSION, "pkg-42", "feed-1",
                "a".repeat(64), "ncrb", "b".repeat(64), Instant.parse("2026-11-22T10:00:00Z"), "mp-indore", 1);
        try (OutputStream out = Files.newOutputStream(pkg)) {
            new PackageBuilder(new CmsSigner(PKI.gateway.key(), PKI.gateway.cert(), List.of(), Clock.systemUTC()))
                    .build(header, ContentSource.of("{\"tipId\":\"1\"}\n".getBytes(StandardCharsets.UTF_8)),
                            PKI.districtRsa.cert(), out);
        }
    }

    @Test
    void receiptNamesThePackageAndTheHashOfItsBytes() throws Exception {
        Receipt receipt = new ReceiptMaker(PKI.districtRsa.cert(), PKI.districtRsa.key(), CLOCK).receiptFor(pkg);

        assertThat(receipt).isEqualTo(Receipt.of("pkg-42", Digests.sha256Hex(pkg), Instant.parse("2026-11-22T11:00:00.5Z")));
    }

    @Test
    void gatewayVerifiesTheReceiptAgainstTheRecipientsCertificate() throws Exception {
        byte[] cms = new ReceiptMaker(PKI.districtRsa.cert(), PKI.districtRsa.key(), Clock.systemUTC()).make(pkg);

        Receipt receipt = read(cms, PKI.districtRsa.cert());

        assertThat(receipt.packageId()).isEqualTo("pkg-42");
        assertThat(receipt.packageSha256()).isEqualTo(Digests.sha256Hex(pkg));
    }

    @Test
    void refusesAReceiptFromAnotherAgencyEvenWithATrustedCertificate() throws Exception {
        byte[] cms = new ReceiptMaker(PKI.districtRsa.cert(), PKI.districtRsa.key(), Clock.systemUTC()).make(pkg);

        assertThatThrownBy(() -> read(cms, PKI.stateEc.cert()))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.SIGNER_UNTRUSTED));
    }

    @Test
    void cannotMakeAReceiptForAPackageOneCannotOpen() {
        assertThatThrownBy(() -> new ReceiptMaker(PKI.stateEc.cert(), PKI.stateEc.key(), CLOCK).receiptFor(pkg))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.MALFORMED_CMS));
    }

    @Test
    void cannotMakeAReceiptForAnAlteredPackage() throws Exception {
        byte[] bytes = Files.readAllBytes(pkg);
        bytes[bytes.length - 30] ^= 1;
        Files.write(pkg, bytes);

        assertThatThrownBy(() -> new ReceiptMaker(PKI.districtRsa.cert(), PKI.districtRsa.key(), CLOCK).receiptFor(pkg))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID));
    }

    /** The gateway's rule: signed by a certificate of the recipient it must come from. */
    private static Receipt read(byte[] cms, X509Certificate recipientCertificate) throws RejectedException {
        return ReceiptRecorder.read(new SignatureVerifier(
                VerificationPolicy.forDocuments(List.of(PKI.ca.cert()), List.of(), Clock.systemUTC())),
                cms, "the recipient", List.of(recipientCertificate)).receipt();
    }
}
