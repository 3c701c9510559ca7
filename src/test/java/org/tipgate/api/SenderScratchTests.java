package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SenderScratchTests {

    private final SenderScratch scratch = new SenderScratch(1000);

    @Test
    void aSendersPostsHoldAtMostItsShareAndGiveItBackWhenTheyEnd() throws Exception {
        SenderScratch.Reservation first = scratch.reserve("ncrb", 600);

        assertThatThrownBy(() -> scratch.reserve("ncrb", 401)).isInstanceOf(ScratchSpaceFullException.class)
                .hasMessageContaining("hold 600 bytes").hasMessageContaining("401 more")
                .satisfies(e -> assertThat(((ScratchSpaceFullException) e).retryAfter()).isEqualTo(SenderScratch.RETRY_AFTER));
        try (SenderScratch.Reservation second = scratch.reserve("ncrb", 400)) {
            assertThat(scratch.held("ncrb")).isEqualTo(1000);
        }
        first.close();
        first.close();

        assertThat(scratch.held("ncrb")).isZero();
        scratch.reserve("ncrb", 1000).close();
    }

    @Test
    void aBodyOfUnknownLengthGrowsItsReservationAsItArrivesUntilItDoesNotFit() throws Exception {
        try (SenderScratch.Reservation other = scratch.reserve("ncrb", 300);
             SenderScratch.Reservation chunked = scratch.reserve("ncrb", 0)) {
            chunked.growTo(500);
            chunked.growTo(200);
            assertThat(chunked.bytes()).isEqualTo(500);

            assertThatThrownBy(() -> chunked.growTo(701)).isInstanceOf(ScratchSpaceFullException.class);
            assertThat(scratch.held("ncrb")).isEqualTo(800);
        }
        assertThat(scratch.held("ncrb")).isZero();
    }

    @Test
    void oneSendersPostsDoNotTakeAnothersShare() throws Exception {
        try (SenderScratch.Reservation ncrb = scratch.reserve("ncrb", 1000);
             SenderScratch.Reservation other = scratch.reserve("other-sender", 1000)) {
            assertThat(scratch.held("ncrb")).isEqualTo(1000);
            assertThat(scratch.held("other-sender")).isEqualTo(1000);
        }
    }
}
