package org.tipgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cms.PKIXRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.util.encoders.Hex;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * An envelope that is well formed but not addressed to the certificate that tries to open it: no
 * RecipientInfo names it. Nothing is wrong with the envelope; it is someone else's. Carries who the
 * reader is and whom the envelope is for, as the RecipientInfos name them (issuer and serial, or
 * subject key identifier), so that a person can tell which key would open it.
 *
 * <p>Its code stays {@code MALFORMED_CMS} for callers that only report codes (the v1 code list has no
 * code of its own for it); {@code tipgate package open} and {@code receipt make} report it as itself.
 */
public final class NotAddressedException extends RejectedException {

    private final String reader;
    private final List<String> recipients;

    NotAddressedException(String reader, List<String> recipients) {
        super(RejectionCode.MALFORMED_CMS, "not addressed to " + reader + ": it is for "
                + (recipients.isEmpty() ? "no recipient at all" : String.join("; ", recipients)));
        this.reader = reader;
        this.recipients = List.copyOf(recipients);
    }

    /** The certificate that tried to open the envelope: subject, serial and issuer. */
    public String reader() {
        return reader;
    }

    /** Each recipient the envelope names, as its RecipientInfo identifies it. */
    public List<String> recipients() {
        return recipients;
    }

    static String describe(X500Principal subject, BigInteger serial, X500Principal issuer) {
        return subject.getName() + " (serial " + serial.toString(16) + " issued by " + issuer.getName() + ")";
    }

    static String describe(RecipientInformation info) {
        RecipientId id = info.getRID();
        if (id instanceof PKIXRecipientId pkix) {
            if (pkix.getSerialNumber() != null && pkix.getIssuer() != null) {
                return "the certificate with serial " + pkix.getSerialNumber().toString(16) + " issued by "
                        + principal(pkix);
            }
            if (pkix.getSubjectKeyIdentifier() != null) {
                return "the certificate with subject key identifier " + Hex.toHexString(pkix.getSubjectKeyIdentifier());
            }
        }
        return switch (id.getType()) {
            case RecipientId.kek -> "a holder of a shared key-encryption key";
            case RecipientId.password -> "a holder of a password";
            default -> "a recipient of RecipientInfo type " + id.getType();
        };
    }

    private static String principal(PKIXRecipientId id) {
        try {
            return new X500Principal(id.getIssuer().getEncoded()).getName();
        } catch (IOException | IllegalArgumentException e) {
            return id.getIssuer().toString();
        }
    }
}
