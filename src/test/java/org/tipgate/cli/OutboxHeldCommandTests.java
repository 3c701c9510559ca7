package org.tipgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedLedger;
import org.tipgate.testing.TestDatabases;

/**
 * {@code tipgate outbox held}: the operator's view of the feeds whose DELIVERED ack was held because
 * their packages leave out routed tips; it exits 1 while there is any, so a monitoring check can run it.
 */
class OutboxHeldCommandTests {

    @Test
    void listsHeldFeedsWithWhatIsMissingAndExitsOneWhileThereIsAny() throws Exception {
        var db = TestDatabases.h2();
        String url = ((DriverManagerDataSource) db.dataSource()).getUrl();
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());

        Cli.Run none = Cli.tipgate("outbox", "held", "--db", url);
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.err()).contains("0 feeds HELD");

        FeedLedger feeds = new FeedLedger(jdbc);
        for (String feedId : List.of("feed-held", "feed-fine")) {
            feeds.record(new FeedLedger.Entry(feedId, (feedId.equals("feed-held") ? "a" : "c").repeat(64), "ncrb", "SFTP",
                    Instant.now()),
                    new FeedLedger.Verification("intake-" + feedId, "b".repeat(64), Instant.now(), 10, 10, 0));
            feeds.advance(feedId, FeedLedger.State.RECEIVED, FeedLedger.State.PACKAGED);
        }
        feeds.advance("feed-held", FeedLedger.State.PACKAGED, FeedLedger.State.HELD);
        new EventLog(jdbc, Clock.systemUTC()).append(Event.feed(EventType.FEED_HELD, "feed-held", "INCOMPLETE",
                Map.of("missing", 1, "examples", List.of("mp-scc 187402213 (line 7): in no package"),
                        "packages", List.of())));

        Cli.Run held = Cli.tipgate("outbox", "held", "--db", url);
        assertThat(held.exitCode()).isEqualTo(1);
        assertThat(held.out().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("feed-held\tncrb\treceived ").contains("mp-scc 187402213 (line 7): in no package"));
        assertThat(held.err()).contains("1 feeds HELD", "no DELIVERED ack");
    }
}
