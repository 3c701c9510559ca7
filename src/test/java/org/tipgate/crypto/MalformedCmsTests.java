package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.pki;
import static org.tipgate.crypto.Fixtures.signed;
import static org.tipgate.crypto.RejectedFeedTests.assertRejected;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.Bytes;

/** Inputs that are not one well-formed DER SignedData: all MALFORMED_CMS. */
class MalformedCmsTests {

    @Test
    void rejectsTruncatedDer() {
        byte[] cms = signed(pki().ncrb, FEED);

        assertRejected(Arrays.copyOf(cms, cms.length - 20), RejectionCode.MALFORMED_CMS, "truncated");
        assertRejected(Arrays.copyOf(cms, cms.length / 2), RejectionCode.MALFORMED_CMS, "truncated");
        assertRejected(Arrays.copyOf(cms, 3), RejectionCode.MALFORMED_CMS, "");
    }

    @Test
    void rejectsInputEndingInsideTheContentTypeAsTruncated() {
        byte[] cms = signed(pki().ncrb, FEED);
        int oidStart = 2 + (cms[1] & 0x7f);

        assertRejected(Arrays.copyOf(cms, oidStart), RejectionCode.MALFORMED_CMS, "truncated: inside the content type");
        assertRejected(Arrays.copyOf(cms, oidStart + 1), RejectionCode.MALFORMED_CMS, "truncated: inside the content type");
        assertRejected(Arrays.copyOf(cms, oidStart + 5), RejectionCode.MALFORMED_CMS, "truncated: inside the content type");
    }

    @Test
    void rejectsAnUnreadableLengthOfTheEncapsulatedContent() {
        byte[] cms = signed(pki().ncrb, FEED);
        int octetHeader = Bytes.indexOf(cms, FEED) - 4;
        assertThat(cms[octetHeader] & 0xff).isEqualTo(DerHeader.OCTET_STRING);
        // A SEQUENCE in place of the OCTET STRING, holding an element with a 9-octet length.
        cms[octetHeader] = DerHeader.SEQUENCE;
        cms[octetHeader + 4] = DerHeader.OCTET_STRING;
        cms[octetHeader + 5] = (byte) 0x89;

        assertRejected(cms, RejectionCode.MALFORMED_CMS, "unparseable CMS structure");
    }

    @Test
    void rejectsTrailingGarbage() {
        byte[] cms = signed(pki().ncrb, FEED);

        assertRejected(Fixtures.concat(cms, "\n".getBytes(StandardCharsets.US_ASCII)), RejectionCode.MALFORMED_CMS,
                "trailing data after the ContentInfo");
        assertRejected(Fixtures.concat(cms, cms), RejectionCode.MALFORMED_CMS, "trailing data");
    }

    @Test
    void rejectsIndefiniteLengthBer() throws Exception {
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        generator.addSignerInfoGenerator(Fixtures.bcSigner("SHA256withRSA", pki().ncrb));
        generator.addCertificates(new JcaCertStore(List.of(pki().ncrb.cert())));
        ByteArrayOutputStream ber = new ByteArrayOutputStream();
        try (OutputStream content = generator.open(ber, true)) {
            content.write(FEED);
        }

        assertRejected(ber.toByteArray(), RejectionCode.MALFORMED_CMS, "indefinite-length");
    }

    @Test
    void rejectsLengthNotInMinimalForm() {
        byte[] cms = signed(pki().ncrb, FEED);
        int lengthOctets = cms[1] & 0x7f;
        byte[] padded = new byte[cms.length + 1];
        padded[0] = cms[0];
        padded[1] = (byte) (0x80 | (lengthOctets + 1));
        padded[2] = 0;
        System.arraycopy(cms, 2, padded, 3, cms.length - 2);

        assertRejected(padded, RejectionCode.MALFORMED_CMS, "minimal");
    }

    @Test
    void refusesDeclaredLengthBeyondTwoGibibytesAsTooLarge() {
        byte[] header = {0x30, (byte) 0x84, (byte) 0xC0, 0x00, 0x00, 0x00, 0x06, 0x09};

        assertRejected(header, RejectionCode.TOO_LARGE, "cannot be verified");
    }

    @Test
    void refusesALengthThatWouldOverflowWithItsHeaderAsTooLarge() {
        byte[] header = {0x30, (byte) 0x88, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, 0x06, 0x09};

        assertRejected(header, RejectionCode.TOO_LARGE, "cannot be verified");
    }

    @Test
    void rejectsOtherDer() {
        assertRejected(Fixtures.encoded(pki().ncrb.cert()), RejectionCode.MALFORMED_CMS, "content type OID");
    }

    @Test
    void rejectsContentInfoOfAnotherType() {
        byte[] data = Fixtures.der(new ContentInfo(CMSObjectIdentifiers.data, new DEROctetString(FEED)));

        assertRejected(data, RejectionCode.MALFORMED_CMS, "1.2.840.113549.1.7.1 is not id-signedData");
    }

    @Test
    void rejectsNonDerInput() {
        assertRejected(FEED, RejectionCode.MALFORMED_CMS, "not a ContentInfo SEQUENCE");
        assertRejected(new byte[0], RejectionCode.MALFORMED_CMS, "empty input");
    }

    @Test
    void rejectsDetachedSignature() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(Fixtures.bcSigner("SHA256withRSA", pki().ncrb));
        byte[] detached = generator.generate(new CMSProcessableByteArray(FEED), false).getEncoded("DL");

        assertRejected(detached, RejectionCode.MALFORMED_CMS, "detached");
    }

    @Test
    void rejectsEncapsulatedContentOtherThanData() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(Fixtures.bcSigner("SHA256withRSA", pki().ncrb));
        generator.addCertificates(new JcaCertStore(List.of(pki().ncrb.cert())));
        byte[] cms = generator.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.compressedData, FEED), true)
                .getEncoded("DL");

        assertRejected(cms, RejectionCode.MALFORMED_CMS, "is not id-data");
    }

    @Test
    void rejectsCorruptedInnerStructure() {
        byte[] cms = signed(pki().ncrb, FEED);
        int version = headerLength(cms, 0) + 11 + headerLength(cms, 0) + headerLength(cms, 0);
        assertThat(Arrays.copyOfRange(cms, version, version + 3)).as("SignedData version 1").containsExactly(2, 1, 1);
        cms[version] = 0x04;

        assertRejected(cms, RejectionCode.MALFORMED_CMS, "unparseable CMS structure");
    }

    /** The header size of the element at {@code offset} (all three outer headers have the same size here). */
    private static int headerLength(byte[] der, int offset) {
        int first = der[offset + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    @Test
    void rejectsExtraElementInsideTheContentInfo() {
        byte[] cms = signed(pki().ncrb, FEED);
        byte[] extra = {0x05, 0x00};
        byte[] longer = Fixtures.concat(cms, extra);
        // Grow the outer length by two so the NULL lies inside the ContentInfo.
        int octets = cms[1] & 0x7f;
        long length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (cms[2 + i] & 0xff);
        }
        length += extra.length;
        for (int i = octets - 1; i >= 0; i--) {
            longer[2 + i] = (byte) length;
            length >>>= 8;
        }

        assertRejected(longer, RejectionCode.MALFORMED_CMS, "were not part of the SignedData");
    }
}
