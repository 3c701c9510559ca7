package org.tipgate.ack;

import org.tipgate.crypto.CmsSigner;
import org.tipgate.format.Ack;
import org.tipgate.format.WireJson;

/** Signs acknowledgements with the gateway's key: the ack is a CMS SignedData over its JSON. */
public final class AckSigner {

    private final CmsSigner gatewaySigner;

    public AckSigner(CmsSigner gatewaySigner) {
        this.gatewaySigner = gatewaySigner;
    }

    public byte[] sign(Ack ack) {
        return gatewaySigner.sign(WireJson.toBytes(ack));
    }
}
