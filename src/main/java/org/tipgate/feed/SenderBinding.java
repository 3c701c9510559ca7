package org.tipgate.feed;

import java.security.cert.X509Certificate;
import org.tipgate.crypto.AgencyNames;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/** Whether a feed's signer speaks for the sender its header names: if not, SIGNER_UNTRUSTED. */
@FunctionalInterface
public interface SenderBinding {

    void check(String sender, X509Certificate signer) throws RejectedException;

    /**
     * Without an agency directory: the certificate's CN names the sender, so any agency the trusted
     * CA issued a certificate to may send. For checking a feed's signature and content at the
     * sender's own site; the gateway binds senders through its directory.
     */
    static SenderBinding byCommonName() {
        return (sender, signer) -> {
            if (!AgencyNames.speaksFor(signer, sender)) {
                throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "feed names sender " + sender
                        + " but is signed by " + signer.getSubjectX500Principal().getName());
            }
        };
    }
}
