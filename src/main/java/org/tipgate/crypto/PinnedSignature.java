package org.tipgate.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Checks a CMS SignedData with attached content against one certificate given by the caller (the
 * gateway's own, for checkpoints and custody reports), not against a CA: exactly one SignerInfo,
 * which names that certificate (issuer and serial, or subject key identifier), with allowed
 * algorithms, the signed attributes of DESIGN.md 2.1, and a signature that verifies with its key. The certificate's validity period is not
 * judged: an old checkpoint stays verifiable after the gateway's certificate is renewed.
 */
public final class PinnedSignature {

    /** The signed content and the signingTime attribute (null when absent). */
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
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(cms);
        } catch (CMSException | RuntimeException e) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "not a CMS SignedData: " + e.getMessage(), e);
        }
        if (signed.getSignedContent() == null || !(signed.getSignedContent().getContent() instanceof byte[] content)) {
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "the signed content is not attached");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID, signers.size()
                    + " SignerInfos; exactly one required");
        }
        SignerInformation signer = signers.iterator().next();
        X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(cert.getEncoded());
        } catch (CertificateEncodingException | java.io.IOException e) {
            throw new IllegalArgumentException("an unreadable certificate: " + e.getMessage(), e);
        }
        if (!signer.getSID().match(holder)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "signed by another key than that of "
                    + cert.getSubjectX500Principal().getName());
        }
        AlgorithmPolicy.checkNames(signer);
        AlgorithmPolicy.checkKey(cert.getPublicKey());
        Instant signingTime = SignedAttributes.check(signer);
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                            .build(cert.getPublicKey()));
        } catch (CMSSignerDigestMismatchException e) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                    "the content does not match the messageDigest attribute", e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID, "signature cannot be verified: "
                    + e.getMessage(), e);
        }
        if (!valid) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                    "the signature does not verify with the key of " + cert.getSubjectX500Principal().getName());
        }
        return new Signed(content, signingTime);
    }
}
