package org.tipgate.ack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The id (and file name) of the ack of a feed refused as a whole (docs/formats.md section 5). */
class RefusedAckIdTests {

    private static final String INTAKE = "3f0c9a1e6b2d4c8e9a7b5d3c1e0f2a4b";

    @Test
    void aFeedWhoseHeaderWasVerifiedIsNamedByItsFeedIdUnlikeAnyAckOfTheFeedTakenIn() {
        String id = AckBuilder.refusedAckId("ncrb-20261122T101500Z", INTAKE);

        assertThat(id).isEqualTo("ncrb-20261122T101500Z.REJECTED." + INTAKE)
                .isNotIn("ncrb-20261122T101500Z.RECEIVED", "ncrb-20261122T101500Z.DELIVERED");
        assertThat(AckBuilder.refusedAckId("ncrb-20261122T101500Z", "0".repeat(32))).isNotEqualTo(id);
    }

    @Test
    void aFeedWithoutATrustedIdIsNamedByItsIntake() {
        assertThat(AckBuilder.refusedAckId(null, INTAKE)).isEqualTo(INTAKE + ".RECEIVED");
    }

    @Test
    void aFeedIdTooLongForAnAckIdFallsBackToTheIntake() {
        assertThat(AckBuilder.refusedAckId("F".repeat(86), INTAKE)).hasSize(128)
                .startsWith("F".repeat(86) + ".REJECTED.");
        assertThat(AckBuilder.refusedAckId("F".repeat(87), INTAKE)).isEqualTo(INTAKE + ".RECEIVED");
    }
}
