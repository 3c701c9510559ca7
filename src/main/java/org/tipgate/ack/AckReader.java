package org.tipgate.ack;

import org.tipgate.crypto.AgencyNames;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedContent;
import org.tipgate.crypto.VerifiedSignature;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireDocument;

/**
 * Verifies an acknowledgement as its sender would: signed by the gateway (certificate chain and
 * the gateway's agency id), and a well-formed v1 ack document.
 */
public final class AckReader {

    /** A verified ack and the signature that vouches for it. */
    public record VerifiedAck(Ack ack, VerifiedSignature signature) {
    }

    private final SignatureVerifier verifier;
    private final String gatewayId;

    public AckReader(SignatureVerifier verifier, String gatewayId) {
        this.verifier = verifier;
        this.gatewayId = gatewayId;
    }

    public VerifiedAck read(byte[] cms) throws RejectedException {
        VerifiedContent content = verifier.verify(cms);
        if (!AgencyNames.speaksFor(content.signature().signer(), gatewayId)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "ack signed by "
                    + content.signature().signer().getSubjectX500Principal().getName()
                    + ", not by the gateway " + gatewayId);
        }
        Ack ack = WireDocument.ACK.read(content.content(), Ack.class);
        return new VerifiedAck(ack, content.signature());
    }
}
