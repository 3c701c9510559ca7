package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.bcSigned;
import static org.tipgate.crypto.Fixtures.bcSigner;
import static org.tipgate.crypto.Fixtures.pki;
import static org.tipgate.crypto.Fixtures.signed;
import static org.tipgate.crypto.Fixtures.signedAt;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.junit.jupiter.api.Test;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.keys.KeyKind;
import org.tipgate.testing.Bytes;

/** One fixture per way to break a signed feed, each refused with its exact code. */
class RejectedFeedTests {

    private static final byte[] SIGNING_TIME_OID = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x09, 0x05};

    @Test
    void rejectsTamperedContent() {
        byte[] cms = signed(pki().ncrb, FEED);
        int at = Bytes.indexOf(cms, "187345002".getBytes(StandardCharsets.US_ASCII));
        cms[at + 8] = '3';

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "messageDigest");
    }

    @Test
    void rejectsTamperedSignedAttribute() {
        byte[] cms = signed(pki().ncrb, FEED);
        int value = Bytes.indexOf(cms, SIGNING_TIME_OID) + SIGNING_TIME_OID.length + 2 + 2;
        assertThat(cms[value - 2]).as("UTCTime tag").isEqualTo((byte) 0x17);
        int secondsUnit = value + 11;
        cms[secondsUnit] = (byte) ('0' + (cms[secondsUnit] - '0' + 1) % 10);

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "does not verify");
    }

    @Test
    void rejectsSignatureByAKeyThatDoesNotMatchTheSidCertificate() {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()),
                bcSigner("SHA256withRSA", pki().districtRsa.key(), pki().ncrb.cert()));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "does not verify");
    }

    @Test
    void rejectsSignerFromAnUnknownCaWithTheTrustedCasName() {
        assertThat(pki().impostor.cert().getIssuerX500Principal()).isEqualTo(pki().ca.cert().getSubjectX500Principal());

        assertRejected(signed(pki().impostor, FEED), RejectionCode.SIGNER_UNTRUSTED, "no path");
    }

    @Test
    void rejectsImpostorEvenWithItsRogueCaInTheCertificateSet() {
        byte[] cms = new CmsSigner(pki().impostor.key(), pki().impostor.cert(), List.of(pki().rogueCa.cert()),
                Clock.systemUTC()).sign(FEED);

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "no path");
    }

    @Test
    void choosesTheSignerBySidNotByAMisleadingFirstCertificate() throws Exception {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert(), pki().impostor.cert()),
                bcSigner("SHA256withECDSA", pki().impostor));
        X509CertificateHolder first = (X509CertificateHolder) new CMSSignedData(cms).getCertificates().getMatches(null)
                .iterator().next();
        assertThat(first.getEncoded()).as("trusted ncrb certificate placed first").isEqualTo(pki().ncrb.cert().getEncoded());

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "no path");
    }

    @Test
    void rejectsTwoDifferentCertificatesClaimingTheSid() {
        KeyPair forged = KeyKind.EC_P256.generate();
        X509Certificate sameIssuerAndSerial = Fixtures.certificate(Fixtures.name(pki().ca.cert()), pki().rogueCa.key(),
                pki().ncrb.cert().getSerialNumber(), "CN=ncrb,O=TipGate Test Agency,C=IN", forged.getPublic(), false);
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert(), sameIssuerAndSerial),
                bcSigner("SHA256withECDSA", forged.getPrivate(), sameIssuerAndSerial));

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "2 different certificates");
    }

    @Test
    void rejectsSignerWhoseCertificateIsNotInTheCms() {
        byte[] cms = bcSigned(FEED, List.of(pki().districtRsa.cert()), bcSigner("SHA256withRSA", pki().ncrb));

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "no certificate in the CMS matches");
    }

    @Test
    void rejectsCertificateExpiredAtTheSigningTime() {
        assertRejected(signed(pki().expired, FEED), RejectionCode.CERT_EXPIRED, "not valid at the signing time");
    }

    @Test
    void rejectsSigningTimeBeforeTheCertificateWasValid() {
        Instant beforeIssue = pki().ncrb.cert().getNotBefore().toInstant().minus(Duration.ofDays(1));
        byte[] cms = signedAt(pki().ncrb, FEED, beforeIssue);
        VerificationPolicy noMaxAge = VerificationPolicy.forDocuments(List.of(pki().ca.cert()), List.of(), Clock.systemUTC());

        assertRejected(new SignatureVerifier(noMaxAge), cms, RejectionCode.CERT_EXPIRED, "not valid at the signing time");
    }

    @Test
    void rejectsRevokedCertificate() {
        VerificationPolicy withCrl = VerificationPolicy.forFeeds(List.of(pki().ca.cert()), List.of(pki().crl), Clock.systemUTC());

        assertRejected(new SignatureVerifier(withCrl), signed(pki().revoked, FEED), RejectionCode.CERT_REVOKED, "revoked");
    }

    @Test
    void rejectsSha1Digest() {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()), bcSigner("SHA1withRSA", pki().ncrb));

        assertRejected(cms, RejectionCode.ALGORITHM_REJECTED, "digest algorithm SHA-1 is not allowed");
    }

    @Test
    void rejectsMd5Digest() {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()), bcSigner("MD5withRSA", pki().ncrb));

        assertRejected(cms, RejectionCode.ALGORITHM_REJECTED, "digest algorithm MD5 is not allowed");
    }

    @Test
    void rejectsEcdsaWithSha1() {
        byte[] cms = bcSigned(FEED, List.of(pki().stateEc.cert()), bcSigner("SHA1withECDSA", pki().stateEc));

        assertRejected(cms, RejectionCode.ALGORITHM_REJECTED, "SHA-1");
    }

    @Test
    void rejectsRsa1024Key() {
        byte[] cms = bcSigned(FEED, List.of(pki().rsa1024.cert()), bcSigner("SHA256withRSA", pki().rsa1024));

        assertRejected(cms, RejectionCode.ALGORITHM_REJECTED, "RSA-1024 key");
    }

    @Test
    void rejectsZeroSignerInfos() {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "no SignerInfo");
    }

    @Test
    void rejectsTwoSignerInfos() {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert(), pki().stateEc.cert()),
                bcSigner("SHA256withRSA", pki().ncrb), bcSigner("SHA256withECDSA", pki().stateEc));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "2 SignerInfos; exactly one required");
    }

    @Test
    void rejectsSigningTimeEightDaysOld() {
        byte[] cms = signedAt(pki().ncrb, FEED, Instant.now().minus(Duration.ofDays(8)));

        assertRejected(cms, RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, "before");
    }

    @Test
    void rejectsSigningTimeTenMinutesInTheFuture() {
        byte[] cms = signedAt(pki().ncrb, FEED, Instant.now().plus(Duration.ofMinutes(10)));

        assertRejected(cms, RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, "ahead");
    }

    @Test
    void rejectsMissingSigningTime() {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()), Fixtures.bcSignerWithoutSigningTime(pki().ncrb));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "missing signed attribute signingTime");
    }

    @Test
    void rejectsSignatureWithoutSignedAttributes() throws Exception {
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()), new JcaSimpleSignerInfoGeneratorBuilder()
                .setProvider(Fixtures.BC).setDirectSignature(true).build("SHA256withRSA", pki().ncrb.key(), pki().ncrb.cert()));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "no signed attributes");
    }

    @Test
    void rejectsSigningTimeWithTwoValues() throws Exception {
        Time now = new Time(new Date());
        Time earlier = new Time(Date.from(Instant.now().minus(Duration.ofDays(1))));
        AttributeTable twoTimes = new AttributeTable(new Attribute(CMSAttributes.signingTime, new DERSet(new ASN1Encodable[] {now, earlier})));
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()), new JcaSimpleSignerInfoGeneratorBuilder()
                .setProvider(Fixtures.BC).setSignedAttributeGenerator(twoTimes).build("SHA256withRSA", pki().ncrb.key(), pki().ncrb.cert()));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "signingTime has 2 values");
    }

    @Test
    void rejectsContentTypeAttributeThatContradictsTheContent() throws Exception {
        AttributeTable otherType = new AttributeTable(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.envelopedData)));
        byte[] cms = bcSigned(FEED, List.of(pki().ncrb.cert()), new JcaSimpleSignerInfoGeneratorBuilder()
                .setProvider(Fixtures.BC).setSignedAttributeGenerator(otherType).build("SHA256withRSA", pki().ncrb.key(), pki().ncrb.cert()));

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "content-type");
    }

    @Test
    void checksAlgorithmsBeforeTheSignerIsEvenLookedUp() {
        byte[] cms = bcSigned(FEED, List.of(), bcSigner("SHA1withECDSA", pki().impostor));

        assertRejected(cms, RejectionCode.ALGORITHM_REJECTED, "SHA-1");
    }

    @Test
    void checksTheSignatureBeforeTheTimeWindowAndThePath() {
        byte[] cms = signedAt(pki().expired, FEED, Instant.now().minus(Duration.ofDays(30)));
        int at = Bytes.indexOf(cms, "187345002".getBytes(StandardCharsets.US_ASCII));
        cms[at] = '2';

        assertRejected(cms, RejectionCode.SIGNATURE_INVALID, "messageDigest");
    }

    static void assertRejected(byte[] cms, RejectionCode code, String reason) {
        assertRejected(Fixtures.feedVerifier(), cms, code, reason);
    }

    static void assertRejected(SignatureVerifier verifier, byte[] cms, RejectionCode code, String reason) {
        RejectedException rejected = catchThrowableOfType(() -> verifier.verify(cms), RejectedException.class);
        assertThat(rejected).as("rejection").isNotNull();
        assertThat(rejected.code()).as(rejected.toString()).isEqualTo(code);
        assertThat(rejected.reason()).contains(reason);
    }
}
