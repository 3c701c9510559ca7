package org.tipgate.crypto;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Which agency a certificate speaks for. Until the agency directory binds certificates to agencies
 * explicitly, the rule is the demo PKI's: the subject's single CN is the agency id.
 */
public final class AgencyNames {

    private AgencyNames() {
    }

    /** The subject CN, or null when there is not exactly one. */
    public static String agencyId(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            return null;
        }
        return IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    public static boolean speaksFor(X509Certificate cert, String agencyId) {
        return agencyId != null && agencyId.equals(agencyId(cert));
    }
}
