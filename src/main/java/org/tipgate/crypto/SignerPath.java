package org.tipgate.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The path step: builds the path from the signer certificate up to a trust anchor, then has the
 * JDK's PKIX validator check it at the signing time, then checks revocation against the policy's
 * CRLs ({@link CrlCheck}).
 *
 * <p>Building goes upward from the signer through the CMS certificate set and the policy's
 * intermediates. A candidate issuer must have the issuer's name AND must have signed the
 * certificate: a certificate from another CA that merely carries the trusted CA's name is never
 * picked. The search is bounded (depth and signature checks), since the candidates come from the
 * input.
 */
final class SignerPath {

    private static final int MAX_DEPTH = 6;
    private static final int MAX_SIGNATURE_CHECKS = 64;

    private final List<X509Certificate> candidates;
    private final List<X509Certificate> anchors;
    private int signatureChecks;

    private SignerPath(List<X509Certificate> candidates, List<X509Certificate> anchors) {
        this.candidates = candidates;
        this.anchors = anchors;
    }

    /** Returns the validated path: the signer first, the trust anchor last. */
    static List<X509Certificate> validate(X509Certificate signer, List<X509Certificate> fromCms,
                                          VerificationPolicy policy, Instant signingTime) throws RejectedException {
        Set<X509Certificate> candidates = new LinkedHashSet<>(fromCms);
        candidates.addAll(policy.intermediates());
        List<X509Certificate> path = new SignerPath(new ArrayList<>(candidates), policy.trustAnchors()).build(signer);
        if (path == null) {
            throw untrusted("no path from " + signer.getSubjectX500Principal() + " (issued by "
                    + signer.getIssuerX500Principal() + ") to a trust anchor", null);
        }
        pkix(path, signingTime);
        requireSigningKeyUsage(signer);
        if (!policy.crls().isEmpty()) {
            CrlCheck.check(path, policy);
        }
        return List.copyOf(path);
    }

    private List<X509Certificate> build(X509Certificate signer) {
        List<X509Certificate> path = new ArrayList<>(List.of(signer));
        return extend(path) ? path : null;
    }

    private boolean extend(List<X509Certificate> path) {
        X509Certificate last = path.get(path.size() - 1);
        for (X509Certificate anchor : anchors) {
            if (issued(anchor, last)) {
                path.add(anchor);
                return true;
            }
        }
        if (path.size() >= MAX_DEPTH) {
            return false;
        }
        for (X509Certificate candidate : candidates) {
            if (!path.contains(candidate) && issued(candidate, last)) {
                path.add(candidate);
                if (extend(path)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    private boolean issued(X509Certificate issuer, X509Certificate cert) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                || signatureChecks++ >= MAX_SIGNATURE_CHECKS) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * PKIX at the signing time with the one anchor found, revocation off (see {@link CrlCheck}).
     * The JDK does not check the anchor's own validity, so that is done here too.
     */
    private static void pkix(List<X509Certificate> path, Instant signingTime) throws RejectedException {
        X509Certificate anchor = path.get(path.size() - 1);
        Date at = Date.from(signingTime);
        try {
            anchor.checkValidity(at);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setDate(at);
            parameters.setRevocationEnabled(false);
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path.subList(0, path.size() - 1));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw expired(anchor, signingTime, e);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
                throw expired(e.getIndex() >= 0 ? path.get(e.getIndex()) : path.get(0), signingTime, e);
            }
            throw untrusted("path validation failed: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw untrusted("path validation failed: " + e.getMessage(), e);
        }
    }

    /** The JDK's PKIX does not look at the end entity's keyUsage; a certificate not for signing is refused. */
    private static void requireSigningKeyUsage(X509Certificate signer) throws RejectedException {
        boolean[] usage = signer.getKeyUsage();
        if (usage != null && !usage[0] && !(usage.length > 1 && usage[1])) {
            throw untrusted("the signer certificate's keyUsage allows neither digitalSignature nor nonRepudiation", null);
        }
    }

    private static RejectedException expired(X509Certificate cert, Instant signingTime, Exception cause) {
        return new RejectedException(RejectionCode.CERT_EXPIRED, "certificate " + cert.getSubjectX500Principal()
                + " was not valid at the signing time " + signingTime + " (valid from "
                + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")", cause);
    }

    private static RejectedException untrusted(String reason, Exception cause) {
        return new RejectedException(RejectionCode.SIGNER_UNTRUSTED, reason, cause);
    }
}
