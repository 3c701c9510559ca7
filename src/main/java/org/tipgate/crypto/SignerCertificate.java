package org.tipgate.crypto;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.util.Store;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Picks the signer certificate out of the CMS certificate set by the SignerInfo's SID alone
 * (issuerAndSerialNumber or subjectKeyIdentifier), never by position. Exactly one distinct
 * certificate must match: a set in which two different certificates claim the same SID is refused.
 */
final class SignerCertificate {

    private SignerCertificate() {
    }

    static X509Certificate find(SignerId sid, Store<X509CertificateHolder> certificates) throws RejectedException {
        Set<X509CertificateHolder> matches = new LinkedHashSet<>(certificates.getMatches(sid));
        if (matches.isEmpty()) {
            throw untrusted("no certificate in the CMS matches the SignerInfo's " + describe(sid));
        }
        if (matches.size() > 1) {
            throw untrusted(matches.size() + " different certificates in the CMS match the SignerInfo's " + describe(sid));
        }
        try {
            return convert(matches.iterator().next());
        } catch (CertificateException e) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "the signer certificate cannot be decoded", e);
        }
    }

    /** Every certificate of the set the JDK can decode: the candidates for the signer's path. */
    static List<X509Certificate> all(Store<X509CertificateHolder> certificates) {
        Collection<X509CertificateHolder> holders = certificates.getMatches(null);
        List<X509Certificate> decoded = new ArrayList<>();
        for (X509CertificateHolder holder : holders) {
            try {
                decoded.add(convert(holder));
            } catch (CertificateException e) {
                // A certificate the JDK cannot decode cannot be part of a validated path.
                continue;
            }
        }
        return decoded;
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws CertificateException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static String describe(SignerId sid) {
        if (sid.getIssuer() != null) {
            return "SID (issuer " + sid.getIssuer() + ", serial " + sid.getSerialNumber().toString(16) + ")";
        }
        return "SID (subjectKeyIdentifier " + Digests.hex(sid.getSubjectKeyIdentifier()) + ")";
    }

    private static RejectedException untrusted(String reason) {
        return new RejectedException(RejectionCode.SIGNER_UNTRUSTED, reason);
    }
}
