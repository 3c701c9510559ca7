package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tipgate.crypto.Fixtures.FEED;
import static org.tipgate.crypto.Fixtures.pki;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.keys.CertificateIssuer;
import org.tipgate.keys.KeyKind;

class CmsSignerTests {

    private static final Instant SIGNING_TIME = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(SIGNING_TIME, ZoneOffset.UTC);

    @Test
    void writesExactlyDer() throws Exception {
        byte[] cms = signer().sign(FEED);

        assertThat(ASN1Primitive.fromByteArray(cms).getEncoded(ASN1Encoding.DER)).isEqualTo(cms);
    }

    @Test
    void writesVersionOneSignedDataWithOneSha256SignerIdentifiedByIssuerAndSerial() throws Exception {
        CMSSignedData signed = new CMSSignedData(signer().sign(FEED));

        assertThat(signed.getVersion()).isEqualTo(1);
        assertThat(signed.getSignedContentTypeOID()).isEqualTo(CMSObjectIdentifiers.data.getId());
        assertThat(signed.getDigestAlgorithmIDs()).extracting(id -> id.getAlgorithm()).containsExactly(NISTObjectIdentifiers.id_sha256);
        assertThat((byte[]) signed.getSignedContent().getContent()).isEqualTo(FEED);
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        assertThat(signed.getSignerInfos().size()).isEqualTo(1);
        assertThat(signer.getSID().getSerialNumber()).isEqualTo(pki().ncrb.cert().getSerialNumber());
        assertThat(signer.getSID().getSubjectKeyIdentifier()).isNull();
        assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.113549.1.1.11");
    }

    @Test
    void signsContentTypeMessageDigestAndSigningTimeFromTheClock() throws Exception {
        SignerInformation signer = new CMSSignedData(signer().sign(FEED)).getSignerInfos().getSigners().iterator().next();
        AttributeTable attributes = signer.getSignedAttributes();

        assertThat(attributes.get(CMSAttributes.contentType).getAttrValues().getObjectAt(0)).isEqualTo(CMSObjectIdentifiers.data);
        assertThat(attributes.get(CMSAttributes.messageDigest).getAttrValues().getObjectAt(0).toString())
                .isEqualTo("#" + Digests.sha256Hex(FEED));
        Attribute signingTime = attributes.get(CMSAttributes.signingTime);
        assertThat(Time.getInstance(signingTime.getAttrValues().getObjectAt(0)).getDate().toInstant()).isEqualTo(SIGNING_TIME);
    }

    @Test
    void includesTheSignerAndTheChainOnce() throws Exception {
        CmsSigner signer = new CmsSigner(pki().ncrb.key(), pki().ncrb.cert(),
                List.of(pki().ca.cert(), pki().ncrb.cert()), CLOCK);

        List<X509CertificateHolder> certificates = List.copyOf(new CMSSignedData(signer.sign(FEED)).getCertificates().getMatches(null));

        assertThat(certificates).extracting(X509CertificateHolder::getEncoded)
                .containsExactlyInAnyOrder(pki().ncrb.cert().getEncoded(), pki().ca.cert().getEncoded());
    }

    @Test
    void streamsAFileToTheSameBytesAsSigningInMemory(@TempDir Path dir) throws Exception {
        Path feed = Files.write(dir.resolve("feed.jsonl"), FEED);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();

        signer().sign(feed, streamed);

        // RSA PKCS#1 v1.5 signatures are deterministic, so both paths must agree byte for byte.
        assertThat(streamed.toByteArray()).isEqualTo(signer().sign(FEED));
    }

    @Test
    void signsAMultiMegabyteFileThatVerifies(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("feed.jsonl"), content);
        Path out = dir.resolve("feed.p7m");
        try (OutputStream os = Files.newOutputStream(out)) {
            new CmsSigner(pki().stateEc.key(), pki().stateEc.cert(), List.of(), Clock.systemUTC()).sign(file, os);
        }

        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        VerifiedSignature verified;
        try (var in = Files.newInputStream(out)) {
            verified = Fixtures.feedVerifier().verify(in, c -> c.transferTo(seen));
        }

        assertThat(seen.toByteArray()).isEqualTo(content);
        assertThat(verified.cmsSha256()).isEqualTo(Digests.sha256Hex(out));
    }

    @Test
    void refusesKeysTheVerifierWouldReject() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair p521 = generator.generateKeyPair();
        X509Certificate cert = new CertificateIssuer(pki().ca.cert(), pki().ca.key()).issue(CertificateIssuer.Request.agency(
                "CN=p521", p521.getPublic(), SIGNING_TIME, SIGNING_TIME.plusSeconds(3600)));

        assertThatThrownBy(() -> new CmsSigner(p521.getPrivate(), cert, List.of(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256 or P-384");
    }

    @Test
    void refusesRsa1024() {
        assertThatThrownBy(() -> new CmsSigner(pki().rsa1024.key(), pki().rsa1024.cert(), List.of(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA-1024");
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() {
        assertThatThrownBy(() -> new CmsSigner(pki().districtRsa.key(), pki().ncrb.cert(), List.of(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void signsWithP384AndSha384() throws Exception {
        KeyPair pair = KeyKind.EC_P384.generate();
        X509Certificate cert = new CertificateIssuer(pki().ca.cert(), pki().ca.key()).issue(CertificateIssuer.Request.agency(
                "CN=p384", pair.getPublic(), SIGNING_TIME.minusSeconds(60), SIGNING_TIME.plusSeconds(3600)));

        SignerInformation signer = new CMSSignedData(new CmsSigner(pair.getPrivate(), cert, List.of(), CLOCK).sign(FEED))
                .getSignerInfos().getSigners().iterator().next();

        assertThat(signer.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha384.getId());
        assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.10045.4.3.3");
    }

    private static CmsSigner signer() {
        return new CmsSigner(pki().ncrb.key(), pki().ncrb.cert(), List.of(), CLOCK);
    }
}
