package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.TestPki;
import org.tipgate.testing.TestPki.Credential;

class PackageRoundTripTests {

    static final TestPki PKI = TestPki.get();
    static final byte[] RECORDS = "{\"tipId\":\"1\"}\n{\"tipId\":\"2\"}\r\n{\"tipId\":\"3\",\"x\":\"\u0939\"}\n"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void recipientGetsExactlyTheRecordBytesAndTheHeader() throws Exception {
        Path pkg = build(PKI.gateway, header("mp-indore", 3), PKI.districtRsa);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageOpener.OpenedPackage opened = opener(PKI.districtRsa).open(pkg, out);

        assertThat(out.toByteArray()).isEqualTo(RECORDS);
        assertThat(opened.records()).isEqualTo(3);
        assertThat(opened.header()).isEqualTo(header("mp-indore", 3));
        assertThat(opened.signature().signer()).isEqualTo(PKI.gateway.cert());
    }

    @Test
    void opensForAnEcRecipient() throws Exception {
        Path pkg = build(PKI.gateway, header("mp-scc", 3), PKI.stateEc);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        opener(PKI.stateEc).open(pkg, out);

        assertThat(out.toByteArray()).isEqualTo(RECORDS);
    }

    @Test
    void refusesAPackageNotSignedByTheGateway() throws Exception {
        Path pkg = build(PKI.ncrb, header("mp-indore", 3), PKI.districtRsa);

        assertRejected(pkg, PKI.districtRsa, RejectionCode.SIGNER_UNTRUSTED, "not by the gateway tipgate");
    }

    @Test
    void refusesAPackageAddressedToAnotherRecipient() throws Exception {
        Path pkg = build(PKI.gateway, header("mp-bhopal", 3), PKI.districtRsa);

        assertRejected(pkg, PKI.districtRsa, RejectionCode.HEADER_INVALID, "addressed to mp-bhopal, not to mp-indore");
    }

    @Test
    void refusesAPackageWhoseHeaderMiscountsItsRecords() throws Exception {
        Path pkg = build(PKI.gateway, header("mp-indore", 4), PKI.districtRsa);

        assertRejected(pkg, PKI.districtRsa, RejectionCode.HEADER_INVALID, "header says 4 records, package holds 3");
    }

    @Test
    void refusesAPackageForSomeoneElse() throws Exception {
        Path pkg = build(PKI.gateway, header("mp-indore", 3), PKI.districtRsa);

        assertRejected(pkg, PKI.stateEc, RejectionCode.MALFORMED_CMS, "not addressed to CN=mp-scc");
    }

    @Test
    void leavesNoRecordReadableInThePackage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PackageBuilder(signer(PKI.gateway)).build(header("mp-indore", 3), ContentSource.of(RECORDS),
                PKI.districtRsa.cert(), out);

        assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("tipId");
    }

    private void assertRejected(Path pkg, Credential recipient, RejectionCode code, String reason) {
        assertThatThrownBy(() -> opener(recipient).open(pkg, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.reason()).contains(reason);
                });
    }

    private Path build(Credential signer, PackageHeader header, Credential recipient) throws IOException {
        Path pkg = dir.resolve("pkg.p7m");
        try (OutputStream out = Files.newOutputStream(pkg)) {
            new PackageBuilder(signer(signer)).build(header, ContentSource.of(RECORDS), recipient.cert(), out);
        }
        return pkg;
    }

    private static PackageOpener opener(Credential recipient) {
        return new PackageOpener(recipient.cert(), recipient.key(), new SignatureVerifier(
                VerificationPolicy.forDocuments(List.of(PKI.ca.cert()), List.of(PKI.crl), Clock.systemUTC())), "tipgate");
    }

    private static CmsSigner signer(Credential credential) {
        return new CmsSigner(credential.key(), credential.cert(), List.of(), Clock.systemUTC());
    }

    private static PackageHeader header(String recipient, long records) {
        return new PackageHeader(PackageHeader.TYPE, PackageHeader.VERSION, "pkg-1", "ncrb-feed-1",
                "a".repeat(64), "ncrb", "b".repeat(64), Instant.parse("2026-11-22T10:00:00Z"), recipient, records);
    }
}
