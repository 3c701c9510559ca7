package org.tipgate.audit;

import java.security.cert.X509Certificate;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.PinnedSignature;
import org.tipgate.format.RejectedException;

/**
 * A checkpoint with the gateway's CMS SignedData over its canonical JSON (content attached, so that
 * {@code openssl cms -verify} reads it too).
 */
public record SignedCheckpoint(Checkpoint checkpoint, byte[] signed) {

    public SignedCheckpoint {
        signed = signed.clone();
    }

    @Override
    public byte[] signed() {
        return signed.clone();
    }

    public static SignedCheckpoint sign(Checkpoint checkpoint, CmsSigner gateway) {
        return new SignedCheckpoint(checkpoint, gateway.sign(checkpoint.canonical()));
    }

    /**
     * Checks the signature against the gateway's certificate and reads the checkpoint it signs.
     * A signature by any other key, or content that is not a canonical checkpoint, is refused.
     */
    public static SignedCheckpoint verify(byte[] signed, X509Certificate gatewayCert) throws ProofException {
        PinnedSignature.Signed content;
        try {
            content = PinnedSignature.verify(signed, gatewayCert);
        } catch (RejectedException e) {
            throw new ProofException("checkpoint signature: " + e.code() + ": " + e.reason(), e);
        }
        return new SignedCheckpoint(Checkpoint.parse(content.content()), signed);
    }
}
