package org.tipgate.ack;

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
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.FuzzSupport;

/**
 * The ack reader, as a sender runs it, on outside bytes: a verified ack or a refusal with a code
 * and a reason, never another exception. Two targets: the whole signed ack (the signature step,
 * seeded with acks signed by the demo gateway and by a sender), and the signed content (fuzzer
 * bytes signed by the gateway, so that the document check behind a valid signature is reached).
 */
class AckReaderFuzzTests {

    private static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(SIGNED_AT.plusSeconds(60), ZoneOffset.UTC);
    private static final Set<RejectionCode> CODES = EnumSet.of(RejectionCode.MALFORMED_CMS, RejectionCode.TOO_LARGE,
            RejectionCode.SIGNATURE_INVALID, RejectionCode.ALGORITHM_REJECTED, RejectionCode.SIGNER_UNTRUSTED,
            RejectionCode.SIGNING_TIME_OUT_OF_WINDOW, RejectionCode.CERT_EXPIRED, RejectionCode.CERT_REVOKED,
            RejectionCode.HEADER_INVALID);

    private static final X509Certificate GATEWAY = FuzzSupport.demoCertificate("tipgate");
    private static final AckReader READER = new AckReader(
            new SignatureVerifier(FuzzSupport.demoDocumentPolicy(CLOCK)), "tipgate");
    private static final CmsSigner GATEWAY_SIGNER = new CmsSigner(FuzzSupport.demoKey("tipgate"), GATEWAY, List.of(),
            Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

    @FuzzTest
    void readsOrRefusesAnySignedAck(byte[] cms) {
        AckReader.VerifiedAck read = readOrRefuse(cms);
        if (read != null) {
            assertThat(read.signature().signer()).isEqualTo(GATEWAY);
        }
    }

    @FuzzTest
    void readsOrRefusesAnyAckContent(byte[] content) {
        AckReader.VerifiedAck read = readOrRefuse(GATEWAY_SIGNER.sign(content));
        if (read != null) {
            Ack ack = read.ack();
            assertThat(ack.type()).isEqualTo(Ack.TYPE);
            assertThat(ack.version()).isEqualTo(Ack.VERSION);
            assertThat(ack.stage()).isNotNull();
            assertThat(ack.status()).isNotNull();
            assertThat(ack.counts()).isNotNull();
        }
    }

    /** The ack, or null after checking that the refusal has a reader's code and a reason. */
    private static AckReader.VerifiedAck readOrRefuse(byte[] cms) {
        try {
            return READER.read(cms);
        } catch (RejectedException e) {
            assertThat(CODES).contains(e.code());
            assertThat(e.reason()).isNotBlank();
            return null;
        }
    }
}
