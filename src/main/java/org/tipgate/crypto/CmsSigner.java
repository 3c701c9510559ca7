package org.tipgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tipgate.format.RejectedException;

/**
 * Signs as CMS SignedData (RFC 5652): attached content, DER with definite lengths, streaming.
 *
 * <p>Bouncy Castle's stream generator can only write indefinite-length BER, and a definite length
 * must be known before the content is written. So a file is read twice: the first pass feeds the
 * SignerInfo generator (digest, then signed attributes contentType, messageDigest, signingTime from
 * the clock, then the signature); the second writes the ContentInfo with every length computed up
 * front and streams the content into one OCTET STRING. The second pass is digested again and must
 * match the first, so a file changed in between fails instead of yielding a broken signature.
 * Memory stays flat in the content size.
 *
 * <p>Algorithms: SHA256withRSA (PKCS#1 v1.5) for RSA keys, SHA256withECDSA for P-256,
 * SHA384withECDSA (SHA-384 digest) for P-384, Ed25519 (SHA-512 digest) for Ed25519 keys. Keys the
 * verifier refuses (RSA below 2048 bits, other curves) and a key that does not match the
 * certificate are refused by the constructor. Bouncy Castle also adds the RFC 6211
 * CMSAlgorithmProtection signed attribute, which binds the algorithms to the signature.
 */
public final class CmsSigner {

    private final PrivateKey key;
    private final X509Certificate cert;
    private final List<X509Certificate> certificates;
    private final Clock clock;
    private final String signatureAlgorithm;

    /**
     * @param chain extra certificates to include (may be empty); the signer certificate is always
     *              included, and not twice if the chain holds it too
     */
    public CmsSigner(PrivateKey key, X509Certificate cert, List<X509Certificate> chain, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.cert = Objects.requireNonNull(cert, "cert");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<X509Certificate> all = new ArrayList<>();
        all.add(cert);
        chain.stream().filter(c -> !all.contains(c)).forEach(all::add);
        this.certificates = List.copyOf(all);
        this.signatureAlgorithm = signatureAlgorithm(cert);
        requireMatchingKey();
    }

    /**
     * Signs a file of up to 2 GiB (what the verifier accepts), streaming it twice. On an
     * IOException, what was written to {@code out} is incomplete and must be discarded.
     */
    public void sign(Path content, OutputStream out) throws IOException {
        sign(ContentSource.of(content), out);
    }

    /** As {@link #sign(Path, OutputStream)}, for content assembled from several parts. */
    public void sign(ContentSource content, OutputStream out) throws IOException {
        prepare(content).writeTo(out);
    }

    /** For small documents (acks, receipts). */
    public byte[] sign(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4096);
        try {
            sign(ContentSource.of(content), out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory signing cannot fail on I/O", e);
        }
        return out.toByteArray();
    }

    /** A key that does not belong to the certificate would yield signatures nobody can verify: refuse it now. */
    private void requireMatchingKey() {
        byte[] probe = "tipgate key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm, Bc.PROVIDER);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm, Bc.PROVIDER);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key cannot sign for " + cert.getSubjectX500Principal(), e);
        }
        throw new IllegalArgumentException("the private key does not belong to " + cert.getSubjectX500Principal());
    }

    /**
     * The first pass: digests the content and computes the signature. The result knows the exact
     * length of the SignedData before writing it, so that it can stream straight into a
     * definite-length envelope with no copy on disk.
     */
    public Prepared prepare(ContentSource content) throws IOException {
        long length = content.length();
        SignedDataLayout.checkSize(length);
        SignerInfoGenerator generator = generator();
        long read;
        try (InputStream in = content.open(); OutputStream digest = generator.getCalculatingOutputStream()) {
            read = Streams.copy(in, digest);
        }
        if (read != length) {
            throw new IOException("content changed while signing: read " + read + " of " + length + " bytes");
        }
        SignerInfo signerInfo;
        try {
            signerInfo = generator.generate(CMSObjectIdentifiers.data);
        } catch (CMSException e) {
            throw new IllegalStateException("cannot sign with " + signatureAlgorithm, e);
        }
        return new Prepared(new SignedDataLayout(signerInfo, certificates, length), content,
                generator.getCalculatedDigest());
    }

    /** A signature over some content, ready to be written as a SignedData (the second pass). */
    public static final class Prepared {
        private final SignedDataLayout layout;
        private final ContentSource content;
        private final byte[] digest;

        private Prepared(SignedDataLayout layout, ContentSource content, byte[] digest) {
            this.layout = layout;
            this.content = content;
            this.digest = digest.clone();
        }

        /** The exact number of bytes {@link #writeTo} writes. */
        public long encodedLength() {
            return layout.encodedLength();
        }

        /** Streams the content again; fails if it is no longer what was signed. */
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = content.open()) {
                layout.write(in, out, digest);
            }
        }
    }

    private SignerInfoGenerator generator() {
        Time signingTime = new Time(Date.from(clock.instant()));
        AttributeTable attributes = new AttributeTable(
                new Attribute(CMSAttributes.signingTime, new DERSet(signingTime)));
        try {
            return new JcaSignerInfoGeneratorBuilder(Bc.jdkDigests())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(Bc.PROVIDER).build(key), cert);
        } catch (OperatorCreationException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot sign with " + signatureAlgorithm + " as "
                    + cert.getSubjectX500Principal(), e);
        }
    }

    /** The signature algorithm for the certificate's key; keys the verifier would refuse are refused here. */
    private static String signatureAlgorithm(X509Certificate cert) {
        try {
            AlgorithmPolicy.checkKey(cert.getPublicKey());
        } catch (RejectedException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.reason(), e);
        }
        AlgorithmIdentifier keyAlgorithm = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getAlgorithm();
        ASN1ObjectIdentifier type = keyAlgorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
            return "SHA256withRSA";
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(type)) {
            return "Ed25519";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
            ASN1Encodable curve = keyAlgorithm.getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                return "SHA256withECDSA";
            }
            if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                return "SHA384withECDSA";
            }
        }
        throw new IllegalArgumentException("cannot sign with a " + cert.getPublicKey().getAlgorithm()
                + " key of type " + type + (keyAlgorithm.getParameters() == null ? "" : " " + keyAlgorithm.getParameters())
                + ": RSA, EC P-256/P-384 or Ed25519 required");
    }

}
