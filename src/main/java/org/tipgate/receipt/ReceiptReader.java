package org.tipgate.receipt;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedContent;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;

/**
 * Verifies a receipt against the certificate of the recipient it must come from: a valid chain is
 * not enough, the signer must be that recipient's own certificate.
 */
public final class ReceiptReader {

    private final SignatureVerifier verifier;

    public ReceiptReader(SignatureVerifier verifier) {
        this.verifier = verifier;
    }

    public Receipt read(byte[] cms, X509Certificate expectedSigner) throws RejectedException {
        VerifiedContent content = verifier.verify(cms);
        if (!content.signature().signer().equals(expectedSigner)) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED, "receipt signed by "
                    + content.signature().signer().getSubjectX500Principal().getName()
                    + ", not by the recipient's certificate");
        }
        try {
            Receipt receipt = WireJson.mapper().readValue(content.content(), Receipt.class);
            if (!Receipt.TYPE.equals(receipt.type()) || receipt.version() != Receipt.VERSION
                    || receipt.packageId() == null || receipt.packageSha256() == null) {
                throw new RejectedException(RejectionCode.HEADER_INVALID, "not a tipgate-receipt v1 document");
            }
            return receipt;
        } catch (IOException e) {
            throw new RejectedException(RejectionCode.HEADER_INVALID,
                    "not a tipgate-receipt v1 document: " + e.getMessage(), e);
        }
    }
}
