package org.tipgate.ack;

import java.io.IOException;
import org.tipgate.crypto.AgencyNames;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedContent;
import org.tipgate.crypto.VerifiedSignature;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;

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
        Ack ack;
        try {
            ack = WireJson.mapper().readValue(content.content(), Ack.class);
        } catch (IOException e) {
            throw new RejectedException(RejectionCode.HEADER_INVALID,
                    "not a tipgate-ack v1 document: " + e.getMessage(), e);
        }
        if (!Ack.TYPE.equals(ack.type()) || ack.version() != Ack.VERSION) {
            throw new RejectedException(RejectionCode.HEADER_INVALID,
                    "document type " + ack.type() + " v" + ack.version() + " is not tipgate-ack v1");
        }
        return new VerifiedAck(ack, content.signature());
    }
}
