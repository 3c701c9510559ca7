package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tipgate.feed.FeedStaging;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.TestClock;

/** The hand-over of shares routed while a feed was verified, from the intake to packaging. */
class StagedFeedsTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Routes by the record's "to" field; "none" is unroutable. */
    private static final RecordRouter ROUTER = record -> {
        String to = record.path("to").asText();
        if (to.equals("none")) {
            throw new RecordRouter.Unroutable("no state");
        }
        return List.of(to.split(","));
    };

    private final TestClock clock = new TestClock();
    private final StagedFeeds staged = new StagedFeeds(ROUTER, clock);

    @Test
    void verifiedSharesAreTakenOnceUnderTheirIntakeWithTheirLinesInOrder() throws Exception {
        FeedStaging.Stage stage = staged.begin();
        accept(stage, 2, "11", "{\"to\":\"mp-scc,mp-indore\"}");
        accept(stage, 3, "12", "{\"to\":\"none\"}");
        accept(stage, 4, "13", "{\"to\":\"mp-scc\"}");
        stage.verified("intake-a");

        assertThat(staged.take("intake-b")).isEmpty();
        FeedShares shares = staged.take("intake-a").orElseThrow();
        assertThat(staged.take("intake-a")).isEmpty();
        try (shares) {
            assertThat(shares.accepted()).isEqualTo(3);
            assertThat(shares.routedTipIds()).containsExactly("11", "13");
            assertThat(shares.quarantined()).singleElement().satisfies(q -> {
                assertThat(q.line()).isEqualTo(3);
                assertThat(q.code()).isEqualTo(RejectionCode.UNROUTABLE);
            });
            assertThat(shares.shares()).extracting(FeedShares.Share::recipient).containsExactly("mp-scc", "mp-indore");
            FeedShares.Share state = shares.shares().iterator().next();
            assertThat(state.size()).isEqualTo(2);
            assertThat(shares.line(state.record(1))).isEqualTo(4);
            try (InputStream in = state.source().open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"to\":\"mp-scc,mp-indore\"}\n{\"to\":\"mp-scc\"}\n");
            }
            assertThat(state.length(0) + state.length(1)).isEqualTo(state.source().length());
        }
    }

    @Test
    void discardAfterTheHandOverTakesTheSharesBack() throws Exception {
        FeedStaging.Stage stage = staged.begin();
        accept(stage, 2, "11", "{\"to\":\"mp-scc\"}");
        stage.verified("intake-a");
        stage.discard();
        assertThat(staged.take("intake-a")).isEmpty();
    }

    @Test
    void aSecondHandOverUnderOneIntakeIsRefusedAndTheFirstKept() throws Exception {
        FeedStaging.Stage first = staged.begin();
        accept(first, 2, "11", "{\"to\":\"mp-scc\"}");
        first.verified("intake-a");
        FeedStaging.Stage second = staged.begin();
        accept(second, 2, "99", "{\"to\":\"mp-scc\"}");
        second.verified("intake-a");
        try (FeedShares shares = staged.take("intake-a").orElseThrow()) {
            assertThat(shares.routedTipIds()).containsExactly("11");
        }
    }

    @Test
    void feedsLeftLongerThanTheyAreKeptExpire() throws Exception {
        FeedStaging.Stage stage = staged.begin();
        accept(stage, 2, "11", "{\"to\":\"mp-scc\"}");
        stage.verified("intake-a");
        clock.advance(StagedFeeds.KEEP.minusSeconds(1));
        staged.expire();
        clock.advance(Duration.ofSeconds(2));
        staged.expire();
        assertThat(staged.take("intake-a")).isEmpty();
    }

    @Test
    void sharesBeyondTheBudgetAreNotKept() throws Exception {
        FeedShares big = new FeedShares(ROUTER, null);
        for (long i = 0; i <= StagedFeeds.MAX_RECORDS; i++) {
            big.accepted(i + 2, Long.toString(i + 1), new byte[] {'x'}, JSON.readTree("{\"to\":\"mp-scc\"}"));
        }
        big.finish();
        try (big) {
            assertThat(staged.offer("intake-big", big)).isFalse();
        }
        FeedStaging.Stage small = staged.begin();
        accept(small, 2, "11", "{\"to\":\"mp-scc\"}");
        small.verified("intake-small");
        staged.take("intake-small").orElseThrow().close();
    }

    private static void accept(FeedStaging.Stage stage, long line, String tipId, String record) throws Exception {
        stage.accepted(line, tipId, record.getBytes(StandardCharsets.UTF_8), JSON.readTree(record));
    }
}
