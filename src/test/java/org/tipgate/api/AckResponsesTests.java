package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tipgate.ack.SignedAck;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;

/** The HTTP answer to a posted feed, for every ack status and every rejection code. */
class AckResponsesTests {

    private final AckResponses responses = new AckResponses("/api/v1/feeds/");
    private final byte[] signed = {0x30, 0x03, 0x02, 0x01, 0x01};

    @ParameterizedTest
    @EnumSource(RejectionCode.class)
    void aRejectedFeedIs413ForTooLarge409ForAReplayAnd422ForAnythingElse(RejectionCode code) {
        int expected = switch (code) {
            case TOO_LARGE -> 413;
            case REPLAY -> 409;
            default -> 422;
        };

        Response response = responses.answer(new SignedAck(ack(Ack.Status.REJECTED, null, code), signed));

        assertThat(response.getStatus()).isEqualTo(expected);
        assertThat(response.getEntity()).isSameAs(signed);
        assertThat(response.getMediaType()).hasToString("application/pkcs7-mime");
    }

    @Test
    void aRejectionWithoutACodeIs422() {
        Ack ack = new Ack(Ack.TYPE, Ack.VERSION, "x.RECEIVED", null, null, Ack.Stage.RECEIVED, Ack.Status.REJECTED,
                Instant.EPOCH, new Ack.Counts(0, 0, 0, 0), List.of(), List.of());

        assertThat(responses.answer(new SignedAck(ack, signed)).getStatus()).isEqualTo(422);
    }

    @ParameterizedTest
    @EnumSource(value = Ack.Status.class, names = {"ACCEPTED", "PARTIAL"})
    void anAcceptedOrPartlyAcceptedFeedIs200WithThePathOfItsStatus(Ack.Status status) {
        Response response = responses.answer(new SignedAck(ack(status, "feed-2026.11_22", null), signed));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntity()).isSameAs(signed);
        assertThat(response.getHeaderString("Location")).isEqualTo("/api/v1/feeds/feed-2026.11_22");
    }

    @Test
    void aFeedIdOutsideItsGrammarIsNeverPutInAHeader() {
        Response response = responses.answer(new SignedAck(ack(Ack.Status.ACCEPTED, "../x\r\nSet-Cookie: a", null),
                signed));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("Location")).isNull();
    }

    private static Ack ack(Ack.Status status, String feedId, RejectionCode code) {
        List<Ack.Rejection> rejections = code == null ? List.of() : List.of(new Ack.Rejection(null, null, code, "why"));
        return new Ack(Ack.TYPE, Ack.VERSION, "a.RECEIVED", feedId, null, Ack.Stage.RECEIVED, status, Instant.EPOCH,
                new Ack.Counts(0, 0, 0, 0), rejections, List.of());
    }
}
