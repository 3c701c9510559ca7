package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Checks a CMS SignedData with attached content against one certificate given by the caller (the
 * gateway's own, for checkpoints and custody reports), not against a CA: DER throughout, the
 * structure that {@link SignatureVerifier} requires (DER with a definite outer length,
 * id-signedData, attached id-data content, nothing after the ContentInfo), exactly one SignerInfo,
 * which names that certificate (issuer and serial, or subject key identifier), with allowed
 * algorithms, the signed attributes a feed needs (docs/formats.md#2-feed-sender---tipgate), and a
 * signature that verifies with its key. A certificate the CMS carries for its signer must be that
 * certificate too, so that {@code openssl cms -verify} and this class agree. The certificate's
 * validity period is not judged: an old checkpoint stays verifiable after the gateway's certificate
 * has expired.
 */
public final class PinnedSignature {

    /** The signed content and the signingTime attribute. */
    public record Signed(byte[] content, Instant signingTime) {
    }

    /** Larger than any checkpoint or custody report the gateway writes. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private PinnedSignature() {
    }

    public static Signed verify(byte[] cms, X509Certificate cert) throws RejectedException {
        if (cms.length > MAX_BYTES) {
            throw new RejectedException(RejectionCode.TOO_LARGE, cms.length + " bytes; at most " + MAX_BYTES);
        }
        X509CertificateHolder pinned;
        try {
            pinned = new X509CertificateHolder(cert.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("an unreadable certificate: " + e.getMessage(), e);
        }
        requireDer(cms);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        SignedDataReader.Parsed parsed;
        try {
            parsed = SignedDataReader.read(new MeasuredInput(new ByteArrayInputStream(cms)), in -> in.transferTo(content));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory verification has no I/O to fail", e);
        }
        try {
            return new Signed(content.toByteArray(), check(parsed, pinned, cert));
        } catch (RuntimeException e) {
            // Bouncy Castle decodes parts lazily and reports some malformations unchecked.
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "malformed SignedData: " + e, e);
        }
    }

    /**
     * The gateway writes DER. Bouncy Castle's parser also takes a wrong inner length, another tag
     * around the content or any version number, none of which the signature covers and none of
     * which the gateway ever writes.
     */
    private static void requireDer(byte[] cms) throws RejectedException {
        SignedData signedData;
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(cms);
            if (!Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), cms)) {
                throw new RejectedException(RejectionCode.MALFORMED_CMS, "not in DER (the distinguished encoding)");
            }
            signedData = SignedData.getInstance(ContentInfo.getInstance(parsed).getContent());
            if (!(signedData.getEncapContentInfo().getContent() instanceof ASN1OctetString)) {
                throw new RejectedException(RejectionCode.MALFORMED_CMS, "the signed content is not an OCTET STRING");
            }
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "not a DER SignedData: " + e.getMessage(), e);
        }
        int version = signedData.getVersion().intValueExact();
        if (version != 1 && version != 3) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "SignedData version " + version + "; 1 or 3 expected");
        }
    }

    private static Instant check(SignedDataReader.Parsed parsed, X509CertificateHolder pinned, X509Certificate cert)
            throws RejectedException {
        Collection<SignerInformation> signers = parsed.signers();
        if (signers.size() != 1) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID, signers.size()
                    + " SignerInfos; exactly one required");
        }
        SignerInformation signer = signers.iterator().next();
        if (!names(signer.getSID(), pinned)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "signed by another key than that of "
                    + cert.getSubjectX500Principal().getName());
        }
        int expectedVersion = signer.getSID().getIssuer() != null ? 1 : 3;
        if (signer.getVersion() != expectedVersion) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "SignerInfo version " + signer.getVersion()
                    + "; " + expectedVersion + " expected for its kind of signer identifier");
        }
        for (Object carried : parsed.certificates().getMatches(signer.getSID())) {
            if (!pinned.equals(carried)) {
                throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "the CMS carries another certificate "
                        + "for its signer than that of " + cert.getSubjectX500Principal().getName());
            }
        }
        AlgorithmPolicy.checkNames(signer);
        AlgorithmPolicy.checkKey(cert.getPublicKey());
        Instant signingTime = SignedAttributes.check(signer);
        SignatureVerifier.checkSignature(signer, cert);
        return signingTime;
    }

    /** The SID names the certificate byte for byte (Bouncy Castle's match would take another string type in the issuer). */
    private static boolean names(SignerId sid, X509CertificateHolder cert) {
        if (!sid.match(cert)) {
            return false;
        }
        if (sid.getIssuer() == null) {
            return true;
        }
        try {
            return Arrays.equals(sid.getIssuer().getEncoded(ASN1Encoding.DER), cert.getIssuer().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return false;
        }
    }
}
