package org.tipgate.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.TestDatabases;

/** Replay detection, on H2 and on PostgreSQL. */
class FeedLedgerTests {

    static final Instant AT = Instant.parse("2026-11-22T10:15:00Z");

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsAFeedOnce(String database) throws Exception {
        FeedLedger ledger = ledger(database);

        ledger.record(entry("ncrb-1", "a"));

        assertThat(ledger.byId("ncrb-1")).contains(entry("ncrb-1", "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusesAFeedIdSeenBefore(String database) throws Exception {
        FeedLedger ledger = ledger(database);
        ledger.record(entry("ncrb-1", "a"));

        assertThatThrownBy(() -> ledger.record(entry("ncrb-1", "b")))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(RejectionCode.REPLAY);
                    assertThat(e.reason()).isEqualTo("feed id ncrb-1 was taken in at 2026-11-22T10:15:00Z");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusesTheSameBytesUnderAnotherFeedId(String database) throws Exception {
        FeedLedger ledger = ledger(database);
        ledger.record(entry("ncrb-1", "a"));

        assertThatThrownBy(() -> ledger.record(entry("ncrb-2", "a")))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(RejectionCode.REPLAY);
                    assertThat(e.reason()).contains("the same bytes (SHA-256 " + "a".repeat(64) + ")")
                            .contains("under another feed id");
                });
    }

    /**
     * The intake records a feed inside its transaction; on PostgreSQL a failed insert aborts that
     * transaction, so the REPLAY must be decided (and explained) without querying after it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusesAReplayInsideATransaction(String database) throws Exception {
        var db = TestDatabases.fresh(database);
        FeedLedger ledger = new FeedLedger(new JdbcTemplate(db.dataSource()));
        var tx = new TransactionTemplate(
                new DataSourceTransactionManager(db.dataSource()));
        tx.executeWithoutResult(status -> record(ledger, entry("ncrb-1", "a")));

        AtomicReference<RejectedException> refused = new AtomicReference<>();
        tx.executeWithoutResult(status -> {
            try {
                ledger.record(entry("ncrb-1", "b"));
            } catch (RejectedException e) {
                refused.set(e);
                status.setRollbackOnly();
            }
        });

        assertThat(refused.get().code()).isEqualTo(RejectionCode.REPLAY);
        assertThat(refused.get().reason()).isEqualTo("feed id ncrb-1 was taken in at 2026-11-22T10:15:00Z");
    }

    private static void record(FeedLedger ledger, FeedLedger.Entry entry) {
        try {
            ledger.record(entry);
        } catch (RejectedException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void ofManyRacingToTakeTheSameFeedExactlyOneWins(String database) throws Exception {
        FeedLedger ledger = ledger(database);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<Boolean> attempt = () -> {
                    try {
                        ledger.record(entry("ncrb-race", "c"));
                        return true;
                    } catch (RejectedException e) {
                        assertThat(e.code()).isEqualTo(RejectionCode.REPLAY);
                        return false;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            long winners = 0;
            for (Future<Boolean> attempt : attempts) {
                winners += attempt.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static FeedLedger ledger(String database) {
        return new FeedLedger(new JdbcTemplate(TestDatabases.fresh(database).dataSource()));
    }

    private static FeedLedger.Entry entry(String feedId, String hashDigit) {
        return new FeedLedger.Entry(feedId, hashDigit.repeat(64), "ncrb", "SFTP", AT);
    }
}
