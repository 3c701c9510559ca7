package org.tipgate.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.testing.TestPki.Credential;
import org.tipgate.testing.TestPki;

class AckRoundTripTests {

    static final TestPki PKI = TestPki.get();

    static final Ack PARTIAL = new Ack(Ack.TYPE, Ack.VERSION, "ack-1", "ncrb-20261122T101500Z", "c".repeat(64),
            Ack.Stage.RECEIVED, Ack.Status.PARTIAL, Instant.parse("2026-11-22T10:15:02.125Z"),
            new Ack.Counts(3, 2, 1, 0),
            List.of(new Ack.Rejection(4L, "187402215", RejectionCode.RECORD_INVALID,
                    "$.incident.type: does not have a value in the enumeration")),
            List.of());

    @Test
    void senderReadsBackTheAckTheGatewaySigned() throws Exception {
        byte[] cms = new AckSigner(signer(PKI.gateway)).sign(PARTIAL);

        AckReader.VerifiedAck read = reader().read(cms);

        assertThat(read.ack()).isEqualTo(PARTIAL);
        assertThat(read.signature().signer()).isEqualTo(PKI.gateway.cert());
    }

    @Test
    void refusesAnAckSignedByAnyoneButTheGateway() {
        byte[] cms = new AckSigner(signer(PKI.ncrb)).sign(PARTIAL);

        assertRejected(cms, RejectionCode.SIGNER_UNTRUSTED, "not by the gateway tipgate");
    }

    @Test
    void refusesASignedDocumentThatIsNotAnAck() {
        byte[] cms = signer(PKI.gateway).sign("{\"type\":\"tipgate-receipt\",\"version\":1}"
                .getBytes(StandardCharsets.UTF_8));

        assertRejected(cms, RejectionCode.HEADER_INVALID, "not a valid tipgate-ack v1 document: $.type: must be the constant value 'tipgate-ack'");
    }

    @Test
    void refusesAnAckOfAnotherVersion() {
        byte[] json = new String(WireJson.toBytes(PARTIAL), StandardCharsets.UTF_8)
                .replace("\"version\":1", "\"version\":2").getBytes(StandardCharsets.UTF_8);

        assertRejected(signer(PKI.gateway).sign(json), RejectionCode.HEADER_INVALID, "not a valid tipgate-ack v1 document: $.version");
    }

    @Test
    void writesTheFieldsInTheDocumentedOrder() {
        String json = new String(WireJson.toBytes(PARTIAL), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"type\":\"tipgate-ack\",\"version\":1,\"ackId\":\"ack-1\",\"feedId\":")
                .contains("\"stage\":\"RECEIVED\",\"status\":\"PARTIAL\",\"at\":\"2026-11-22T10:15:02.125Z\"")
                .contains("\"counts\":{\"records\":3,\"accepted\":2,\"rejected\":1,\"quarantined\":0}")
                .endsWith("\"deliveries\":[]}");
    }

    private static void assertRejected(byte[] cms, RejectionCode code, String reason) {
        assertThatThrownBy(() -> reader().read(cms)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.reason()).contains(reason);
        });
    }

    private static AckReader reader() {
        return new AckReader(new SignatureVerifier(
                VerificationPolicy.forDocuments(List.of(PKI.ca.cert()), List.of(), Clock.systemUTC())), "tipgate");
    }

    private static CmsSigner signer(Credential credential) {
        return new CmsSigner(credential.key(), credential.cert(), List.of(), Clock.systemUTC());
    }
}
