package org.tipgate.feed;

import java.security.cert.X509Certificate;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.AgencyRole;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * Binds senders through the agency directory: the sender must be a national sender there, and the
 * signer certificate one of the certificates the directory lists for it (pinned, not merely issued
 * by the same CA), so that no other agency's key can inject tips.
 */
public final class DirectorySenders implements SenderBinding {

    private final AgencyDirectory directory;

    public DirectorySenders(AgencyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void check(String sender, X509Certificate signer) throws RejectedException {
        Agency agency = directory.agency(sender).orElseThrow(() -> untrusted(
                "sender " + sender + " is not in the agency directory"));
        if (agency.role() != AgencyRole.NATIONAL_SENDER) {
            throw untrusted("agency " + sender + " is a " + agency.role() + ", not a national sender");
        }
        if (!directory.certificates(sender).contains(signer)) {
            throw untrusted("the signer certificate " + signer.getSubjectX500Principal().getName() + " (SHA-256 "
                    + Digests.sha256Hex(signer) + ") is not one of agency " + sender + "'s certificates in the directory");
        }
    }

    private static RejectedException untrusted(String reason) {
        return new RejectedException(RejectionCode.SIGNER_UNTRUSTED, reason);
    }
}
