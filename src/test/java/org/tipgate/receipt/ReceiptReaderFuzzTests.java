package org.tipgate.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.format.Receipt;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.FuzzSupport;

/**
 * The receipt reader on outside bytes: a receipt or a refusal with a code and a reason, never
 * another exception. Two targets: the whole signed receipt (the signature step, seeded with
 * receipts signed by the demo recipients), and the signed content (fuzzer bytes signed by the
 * expected recipient, so that the document check behind a valid signature is reached).
 */
class ReceiptReaderFuzzTests {

    private static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(SIGNED_AT.plusSeconds(60), ZoneOffset.UTC);
    private static final Set<RejectionCode> CODES = EnumSet.of(RejectionCode.MALFORMED_CMS, RejectionCode.TOO_LARGE,
            RejectionCode.SIGNATURE_INVALID, RejectionCode.ALGORITHM_REJECTED, RejectionCode.SIGNER_UNTRUSTED,
            RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, RejectionCode.CERT_EXPIRED, RejectionCode.CERT_REVOKED,
            RejectionCode.HEADER_INVALID);

    private static final X509Certificate MP_BHOPAL = FuzzSupport.demoCertificate("mp-bhopal");
    private static final SignatureVerifier VERIFIER = new SignatureVerifier(FuzzSupport.demoDocumentPolicy(CLOCK));
    private static final CmsSigner MP_BHOPAL_SIGNER = new CmsSigner(FuzzSupport.demoKey("mp-bhopal"), MP_BHOPAL, List.of(),
            Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

    @FuzzTest
    void readsOrRefusesAnySignedReceipt(byte[] cms) {
        readOrRefuse(cms);
    }

    @FuzzTest
    void readsOrRefusesAnyReceiptContent(byte[] content) {
        Receipt receipt = readOrRefuse(MP_BHOPAL_SIGNER.sign(content));
        if (receipt != null) {
            assertThat(receipt.type()).isEqualTo(Receipt.TYPE);
            assertThat(receipt.version()).isEqualTo(Receipt.VERSION);
            assertThat(receipt.packageId()).isNotNull();
            assertThat(receipt.packageSha256()).isNotNull();
            assertThat(receipt.receivedAt()).isNotNull();
        }
    }

    /** The receipt, or null after checking that the refusal has a reader's code and a reason. */
    private static Receipt readOrRefuse(byte[] cms) {
        try {
            return ReceiptRecorder.read(VERIFIER, cms, "mp-bhopal", List.of(MP_BHOPAL)).receipt();
        } catch (RejectedException e) {
            assertThat(CODES).contains(e.code());
            assertThat(e.reason()).isNotBlank();
            return null;
        }
    }
}
