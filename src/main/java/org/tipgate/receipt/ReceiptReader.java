package org.tipgate.receipt;

import java.security.cert.X509Certificate;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerifiedContent;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireDocument;

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
        return WireDocument.RECEIPT.read(content.content(), Receipt.class);
    }
}
