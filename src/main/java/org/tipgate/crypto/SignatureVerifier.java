package org.tipgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Verifies a CMS SignedData against a {@link VerificationPolicy}, streaming. The checks run in this
 * order, and the first failure decides the rejection code:
 * <ol>
 * <li>structure: DER with a definite outer length, id-signedData, parseable, attached id-data
 *     content, nothing truncated, nothing after the ContentInfo: MALFORMED_CMS (over 2 GiB: TOO_LARGE);</li>
 * <li>exactly one SignerInfo: SIGNATURE_INVALID;</li>
 * <li>digest and signature algorithm names on the allow-list: ALGORITHM_REJECTED;</li>
 * <li>the signer certificate, found in the CMS certificate set by the SID only: SIGNER_UNTRUSTED;</li>
 * <li>its key: RSA of 2048 bits or more, EC P-256/P-384, Ed25519: ALGORITHM_REJECTED;</li>
 * <li>signed attributes contentType, messageDigest, signingTime, one value each: SIGNATURE_INVALID;</li>
 * <li>the signature (and the content digest and contentType it covers): SIGNATURE_INVALID;</li>
 * <li>signingTime within [now - maxAge, now + maxFutureSkew]: SIGNING_TIME_OUT_OF_WINDOW;</li>
 * <li>path to a trust anchor, validated with PKIX at the signing time: CERT_EXPIRED when a certificate
 *     was not valid then, SIGNER_UNTRUSTED otherwise; then, if the policy has CRLs, revocation as of
 *     now: CERT_REVOKED, or SIGNER_UNTRUSTED when no current CRL covers an issuer.</li>
 * </ol>
 * Content reaches the sink during step 1, before anything is verified.
 */
public final class SignatureVerifier {

    private final VerificationPolicy policy;

    public SignatureVerifier(VerificationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Streams the encapsulated content to the sink while digesting, then applies the whole policy.
     * The sink's view of the content must be treated as untrusted until this returns.
     *
     * @throws RejectedException with the code of the first check that failed
     * @throws IOException       if reading {@code cms} failed other than by ending early, or the sink failed
     */
    public VerifiedSignature verify(InputStream cms, ContentSink sink) throws RejectedException, IOException {
        MeasuredInput source = new MeasuredInput(cms);
        SignedDataReader.Parsed parsed = SignedDataReader.read(source, sink);
        try {
            return check(parsed, source);
        } catch (RuntimeException e) {
            // Bouncy Castle decodes parts (algorithm parameters, attributes) lazily and reports some
            // malformations unchecked: whatever the input, the answer is a rejection code.
            throw new RejectedException(RejectionCode.MALFORMED_CMS, "malformed SignedData: " + e, e);
        }
    }

    private VerifiedSignature check(SignedDataReader.Parsed parsed, MeasuredInput source) throws RejectedException {
        SignerInformation signer = onlySigner(parsed.signers());
        AlgorithmPolicy.Names names = AlgorithmPolicy.checkNames(signer);
        X509Certificate cert = SignerCertificate.find(signer.getSID(), parsed.certificates());
        AlgorithmPolicy.checkKey(cert.getPublicKey());
        Instant signingTime = SignedAttributes.check(signer);
        checkSignature(signer, cert);
        checkWindow(signingTime);
        List<X509Certificate> path = SignerPath.validate(cert, SignerCertificate.all(parsed.certificates()),
                policy, signingTime);
        return new VerifiedSignature(cert, path, signingTime, names.digest(), names.signature(),
                source.sha256Hex(), source.count(), parsed.contentLength());
    }

    /** The largest document {@link #verify(byte[])} takes: acks, receipts, never feeds. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    /** For small documents (acks, receipts): the content in memory. */
    public VerifiedContent verify(byte[] cms) throws RejectedException {
        if (cms.length > MAX_DOCUMENT_BYTES) {
            throw new RejectedException(RejectionCode.TOO_LARGE, "a signed document of " + cms.length
                    + " bytes; at most " + MAX_DOCUMENT_BYTES + " are accepted");
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try {
            VerifiedSignature signature = verify(new ByteArrayInputStream(cms), in -> in.transferTo(content));
            return new VerifiedContent(content.toByteArray(), signature);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory verification has no I/O to fail", e);
        }
    }

    private static SignerInformation onlySigner(Collection<SignerInformation> signers) throws RejectedException {
        if (signers.isEmpty()) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID, "no SignerInfo");
        }
        if (signers.size() > 1) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                    signers.size() + " SignerInfos; exactly one required");
        }
        return signers.iterator().next();
    }

    /**
     * Bouncy Castle checks the contentType attribute, the messageDigest against the content and the
     * signature over the signed attributes. The verifier is built from the public key, not the
     * certificate, so that certificate validity is judged by the path step alone.
     */
    static void checkSignature(SignerInformation signer, X509Certificate cert) throws RejectedException {
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                    .build(cert.getPublicKey()));
        } catch (CMSSignerDigestMismatchException e) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                    "the content does not match the messageDigest attribute", e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID, "signature cannot be verified: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new RejectedException(RejectionCode.SIGNATURE_INVALID,
                    "the signature does not verify with the key of " + cert.getSubjectX500Principal());
        }
    }

    private void checkWindow(Instant signingTime) throws RejectedException {
        Instant now = policy.clock().instant();
        if (signingTime.isAfter(now.plus(policy.maxFutureSkew()))) {
            throw new RejectedException(RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, "signingTime " + signingTime
                    + " is more than " + policy.maxFutureSkew() + " ahead of " + now);
        }
        if (policy.maxAge() != null && signingTime.isBefore(now.minus(policy.maxAge()))) {
            throw new RejectedException(RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, "signingTime " + signingTime
                    + " is more than " + policy.maxAge() + " before " + now);
        }
    }
}
