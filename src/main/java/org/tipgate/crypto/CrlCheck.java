package org.tipgate.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Revocation of every certificate on the path (but the anchor) against the policy's CRLs as they
 * stand now, never fetched from the network.
 *
 * <p>Why not the JDK's PKIX revocation checker at the signing time: it only uses a CRL whose
 * validity interval covers the validation date (within 15 minutes), so a feed signed an hour before
 * the CA's latest CRL was issued cannot be checked at all and is refused, and a key revoked after
 * compromise but used with a backdated signingTime is reported as "undetermined" rather than
 * revoked. signingTime is chosen by the signer, so revocation is judged on current knowledge: a
 * certificate listed in any CRL its issuer signed is CERT_REVOKED, whatever the revocation date.
 *
 * <p>A CRL counts only if it names the certificate's issuer, is signed by the issuer's key (the
 * next certificate on the path), the issuer may sign CRLs (keyUsage cRLSign, if present), and it
 * has no critical extension (delta or partitioned CRLs are not complete for a certificate). When
 * the policy holds CRLs, each issuer on the path needs a current one (thisUpdate not beyond now
 * plus the allowed skew, nextUpdate not passed); otherwise revocation status is unknown and the
 * signer is SIGNER_UNTRUSTED.
 */
final class CrlCheck {

    private CrlCheck() {
    }

    /** {@code path}: the signer first, the trust anchor last. */
    static void check(List<X509Certificate> path, VerificationPolicy policy) throws RejectedException {
        Instant now = policy.clock().instant();
        for (int i = 0; i + 1 < path.size(); i++) {
            check(path.get(i), path.get(i + 1), policy, now);
        }
    }

    private static void check(X509Certificate cert, X509Certificate issuer, VerificationPolicy policy, Instant now)
            throws RejectedException {
        List<X509CRL> fromIssuer = policy.crls().stream().filter(crl -> signedBy(crl, issuer)).toList();
        for (X509CRL crl : fromIssuer) {
            X509CRLEntry entry = crl.getRevokedCertificate(cert);
            if (entry != null && entry.getRevocationReason() != CRLReason.REMOVE_FROM_CRL) {
                throw new RejectedException(RejectionCode.CERT_REVOKED, "certificate " + cert.getSubjectX500Principal()
                        + " (serial " + cert.getSerialNumber().toString(16) + ") was revoked on "
                        + entry.getRevocationDate().toInstant()
                        + (entry.getRevocationReason() == null ? "" : ", reason " + entry.getRevocationReason()));
            }
        }
        Instant latestThisUpdate = now.plus(policy.maxFutureSkew());
        boolean current = fromIssuer.stream().anyMatch(crl -> !crl.getThisUpdate().toInstant().isAfter(latestThisUpdate)
                && (crl.getNextUpdate() == null || !crl.getNextUpdate().toInstant().isBefore(now)));
        if (!current) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "revocation status of "
                    + cert.getSubjectX500Principal() + " unknown: no current CRL from " + issuer.getSubjectX500Principal()
                    + (fromIssuer.isEmpty() ? "" : " (" + fromIssuer.size() + " out of date)"));
        }
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        boolean[] usage = issuer.getKeyUsage();
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if ((usage != null && !usage[6]) || (critical != null && !critical.isEmpty())) {
            return false;
        }
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
