package org.tipgate.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tipgate.testing.TestPki;
import org.tipgate.testing.TestPki.Credential;

/**
 * Feeds for the crypto tests: good ones from {@link CmsSigner}, broken ones built with Bouncy
 * Castle's generators (which let a test choose weak algorithms, several signers, any certificate
 * order, missing attributes) or by editing bytes.
 */
final class Fixtures {

    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** A header line and two records: enough to be a feed, small enough to read in a failure. */
    static final byte[] FEED = String.join("\n",
            "{\"type\":\"tipgate-feed\",\"version\":1,\"feedId\":\"NCRB-2025-000117\",\"sender\":\"ncrb\",\"createdAt\":\"2025-06-01T10:00:00Z\",\"recordCount\":2}",
            "{\"schemaVersion\":\"1\",\"tipId\":\"187345001\",\"receivedAt\":\"2025-05-30T08:12:44Z\",\"incident\":{\"type\":\"Online Enticement of Children for Sexual Acts\",\"dateTime\":\"2025-05-29T22:01:00Z\"},\"reporter\":{\"espName\":\"Example ESP\"}}",
            "{\"schemaVersion\":\"1\",\"tipId\":\"187345002\",\"receivedAt\":\"2025-05-30T08:13:02Z\",\"incident\":{\"type\":\"Child Sex Trafficking\",\"dateTime\":\"2025-05-28T19:45:00Z\"},\"reporter\":{\"espName\":\"Example ESP\"}}",
            "").getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    static TestPki pki() {
        return TestPki.get();
    }

    static VerificationPolicy feedPolicy() {
        return VerificationPolicy.forFeeds(List.of(pki().ca.cert()), List.of(), Clock.systemUTC());
    }

    static SignatureVerifier feedVerifier() {
        return new SignatureVerifier(feedPolicy());
    }

    /** Signed by TipGate's own signer, signingTime now. */
    static byte[] signed(Credential signer, byte[] content) {
        return signedAt(signer, content, Instant.now());
    }

    static byte[] signedAt(Credential signer, byte[] content, Instant signingTime) {
        return new CmsSigner(signer.key(), signer.cert(), List.of(), Clock.fixed(signingTime, ZoneOffset.UTC))
                .sign(content);
    }

    /** A SignerInfo generator with BC's default signed attributes (contentType, messageDigest, signingTime now). */
    static SignerInfoGenerator bcSigner(String algorithm, PrivateKey key, X509Certificate cert) {
        try {
            return new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC).build(algorithm, key, cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SignerInfoGenerator bcSigner(String algorithm, Credential credential) {
        return bcSigner(algorithm, credential.key(), credential.cert());
    }

    /** Signed attributes without signingTime. */
    static SignerInfoGenerator bcSignerWithoutSigningTime(Credential credential) {
        CMSAttributeTableGenerator withoutTime = parameters ->
                new DefaultSignedAttributeTableGenerator().getAttributes(parameters).remove(CMSAttributes.signingTime);
        try {
            return new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC)
                    .setSignedAttributeGenerator(withoutTime)
                    .build("SHA256withRSA", credential.key(), credential.cert());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A definite-length encoding that keeps the certificates in the given order (DER would sort
     * the SET): attached content, any number of signers.
     */
    static byte[] bcSigned(byte[] content, List<X509Certificate> certificates, SignerInfoGenerator... signers) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            for (SignerInfoGenerator signer : signers) {
                generator.addSignerInfoGenerator(signer);
            }
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded(ASN1Encoding.DL);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate issued by {@code issuer}'s key under any issuer name and serial: for forged chains. */
    static X509Certificate certificate(X500Name issuerName, PrivateKey issuerKey, BigInteger serial, String subject,
                                       PublicKey key, boolean ca) {
        return certificate(issuerName, issuerKey, serial, subject, key, ca,
                ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
    }

    static X509Certificate certificate(X500Name issuerName, PrivateKey issuerKey, BigInteger serial, String subject,
                                       PublicKey key, boolean ca, int keyUsage) {
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(now.minus(Duration.ofDays(10))), Date.from(now.plus(Duration.ofDays(100))),
                    new X500Name(subject), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            String algorithm = "RSA".equals(issuerKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X500Name name(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }

    static Credential credential(String id, X509Certificate cert, KeyPair pair) {
        return new Credential(id, cert, pair.getPrivate());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(ASN1Object object) {
        try {
            return object.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
