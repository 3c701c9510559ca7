package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.BERTaggedObject;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.Bytes;

/**
 * A checkpoint or custody report is checked against the gateway's own certificate: anything but
 * exactly what the gateway signs, in DER, is refused with a rejection code (never a crash).
 */
class PinnedSignatureTests {

    private static final Path KEYS = Path.of("keys-example");
    private static final byte[] CONTENT = "{\"origin\":\"tipgate\",\"treeSize\":5,\"v\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Instant SIGNED_AT = Instant.parse("2026-11-22T17:21:00Z");

    private static X509Certificate cert(String id) {
        try {
            return Pem.readCertificate(KEYS.resolve(id + ".crt.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey key(String id) {
        try {
            return Pem.readPrivateKey(KEYS.resolve(id + ".key.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] signedBy(String id) {
        return new CmsSigner(key(id), cert(id), List.of(), Clock.fixed(SIGNED_AT, ZoneOffset.UTC)).sign(CONTENT);
    }

    private static RejectionCode refusal(byte[] cms) {
        try {
            PinnedSignature.verify(cms, cert("tipgate"));
        } catch (RejectedException e) {
            return e.code();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void verifiesWhatTheGatewaySigned() throws RejectedException {
        PinnedSignature.Signed signed = PinnedSignature.verify(signedBy("tipgate"), cert("tipgate"));

        assertThat(signed.content()).isEqualTo(CONTENT);
        assertThat(signed.signingTime()).isEqualTo(SIGNED_AT);
    }

    @Test
    void refusesASignatureByAnyOtherKey() {
        for (String other : List.of("mp-scc", "ncrb", "auditor")) {
            assertThatThrownBy(() -> PinnedSignature.verify(signedBy(other), cert("tipgate")))
                    .isInstanceOfSatisfying(RejectedException.class,
                            e -> assertThat(e.code()).isEqualTo(RejectionCode.SIGNER_UNTRUSTED));
        }
    }

    @Test
    void refusesTrailingData() {
        byte[] cms = signedBy("tipgate");

        assertThat(refusal(Arrays.copyOf(cms, cms.length + 1))).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    /** Bouncy Castle's CMSSignedData does not look at the outer content type. */
    @Test
    void refusesAnOuterContentTypeOtherThanSignedData() {
        byte[] cms = signedBy("tipgate");
        // id-signedData 1.2.840.113549.1.7.2 becomes id-envelopedData 1.2.840.113549.1.7.3.
        int oid = Bytes.indexOf(cms, new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x07, 0x02});
        cms[oid + 10] = 0x03;

        assertThat(refusal(cms)).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    @Test
    void refusesIndefiniteLengthBer() throws Exception {
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        generator.addSignerInfoGenerator(Fixtures.bcSigner("SHA256withECDSA", key("tipgate"), cert("tipgate")));
        generator.addCertificates(new JcaCertStore(List.of(cert("tipgate"))));
        ByteArrayOutputStream ber = new ByteArrayOutputStream();
        try (OutputStream content = generator.open(ber, true)) {
            content.write(CONTENT);
        }

        assertThat(refusal(ber.toByteArray())).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    /** The outer length is definite, the SignedData inside it is BER: still not the DER the gateway writes. */
    @Test
    void refusesBerInsideADefiniteOuterLength() throws Exception {
        ContentInfo info = ContentInfo.getInstance(signedBy("tipgate"));
        ASN1EncodableVector elements = new ASN1EncodableVector();
        ASN1Sequence.getInstance(info.getContent()).forEach(elements::add);
        byte[] inner = new BERTaggedObject(true, 0, new BERSequence(elements)).getEncoded(ASN1Encoding.BER);
        byte[] oid = info.getContentType().getEncoded(ASN1Encoding.DER);
        byte[] body = Fixtures.concat(oid, inner);
        byte[] cms = Fixtures.concat(DerHeader.of(DerHeader.SEQUENCE, body.length), body);

        assertThat(refusal(cms)).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    @Test
    void refusesContentUnderAnotherTagThanOctetString() {
        byte[] cms = signedBy("tipgate");
        int content = Bytes.indexOf(cms, CONTENT);
        assertThat(cms[content - 2]).as("OCTET STRING tag of short content").isEqualTo((byte) 0x04);
        cms[content - 2] = (byte) 0x84;

        assertThat(refusal(cms)).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    @Test
    void refusesAnotherSignedDataVersion() {
        byte[] cms = signedBy("tipgate");
        // SignedData version 1, then the SET of digest algorithms.
        int version = Bytes.indexOf(cms, new byte[] {0x02, 0x01, 0x01, 0x31});
        cms[version + 2] = 0x05;

        assertThat(refusal(cms)).isEqualTo(RejectionCode.MALFORMED_CMS);
    }

    /** openssl would pick the carried certificate and fail on it; so must this. */
    @Test
    void refusesACarriedSignerCertificateThatIsNotThePinnedOne() throws Exception {
        byte[] cms = signedBy("tipgate");
        byte[] der = cert("tipgate").getEncoded();
        int at = Bytes.indexOf(cms, der);
        // The last byte of the certificate's own signature: issuer and serial still name it.
        cms[at + der.length - 1] ^= 0x01;

        assertThat(refusal(cms)).isEqualTo(RejectionCode.SIGNER_UNTRUSTED);
    }

    @Test
    void aFlippedBitAnywhereOutsideTheCarriedCertificatesIsRefusedAndNothingCrashes() throws Exception {
        byte[] cms = signedBy("tipgate");
        byte[] der = cert("tipgate").getEncoded();
        int certStart = Bytes.indexOf(cms, der);
        // The [0] IMPLICIT SET header (4 bytes) before the one certificate.
        int setStart = certStart - 4;
        int certEnd = certStart + der.length;
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < cms.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] flipped = cms.clone();
                flipped[i] ^= (byte) bit;
                try {
                    PinnedSignature.verify(flipped, cert("tipgate"));
                    if (i < setStart || i >= certEnd) {
                        accepted.add(i + "^" + bit);
                    }
                } catch (RejectedException expected) {
                    // refused, with a code
                }
            }
        }

        assertThat(accepted).isEmpty();
    }
}
