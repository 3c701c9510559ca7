package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.TestDatabases;

/**
 * The tip ledger on H2 and PostgreSQL: the database itself refuses a tip packaged twice for one
 * recipient, while the same tip may go to each of its recipients, wherever the two fall among the
 * multi-row INSERT statements; every row of a chunk is recorded as given; tips are looked up by
 * tipId.
 */
class TipLedgerTests {

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTipIsRecordedOncePerRecipient(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.fresh(database).dataSource());
        TipLedger ledger = new TipLedger(jdbc);
        ledger.add(List.of(new TipLedger.TipDelivery("mp-scc", "187402213", "feed-a.mp-scc", "feed-a", 2),
                new TipLedger.TipDelivery("mp-indore", "187402213", "feed-a.mp-indore", "feed-a", 2)));

        assertThatThrownBy(() -> ledger.add(List.of(
                new TipLedger.TipDelivery("mp-scc", "187402213", "feed-b.mp-scc", "feed-b", 7))))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(ledger.packageOf("mp-scc", "187402213")).contains("feed-a.mp-scc");
        assertThat(ledger.packageOf("mp-indore", "187402213")).contains("feed-a.mp-indore");
        assertThat(ledger.packageOf("mp-bhopal", "187402213")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tip_deliveries", Long.class)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void findsTheRecipientsThatAlreadyHaveATip(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.fresh(database).dataSource());
        TipLedger ledger = new TipLedger(jdbc);
        ledger.add(List.of(new TipLedger.TipDelivery("mp-scc", "100000001", "feed-a.mp-scc", "feed-a", 2),
                new TipLedger.TipDelivery("mp-indore", "100000001", "feed-a.mp-indore", "feed-a", 2),
                new TipLedger.TipDelivery("dl-ifso", "100000002", "feed-a.dl-ifso", "feed-a", 3)));
        inTheOutbox(jdbc, "feed-a.mp-scc", "feed-a.mp-indore", "feed-a.dl-ifso");

        Map<String, Set<String>> seen = ledger.alreadyPackaged(List.of("100000001", "100000003", "100000002"),
                "feed-b").earlier();

        assertThat(seen).isEqualTo(Map.of("mp-scc", Set.of("100000001"), "mp-indore", Set.of("100000001"),
                "dl-ifso", Set.of("100000002")));
    }

    /**
     * A row naming the feed being packaged is no earlier delivery (that feed has no package yet):
     * it is set apart, and removing it removes only that feed's rows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rowsNamingTheFeedBeingPackagedAreNotEarlierDeliveries(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.fresh(database).dataSource());
        TipLedger ledger = new TipLedger(jdbc);
        ledger.add(List.of(new TipLedger.TipDelivery("mp-scc", "100000001", "feed-b.mp-scc", "feed-b", 2),
                new TipLedger.TipDelivery("mp-indore", "100000001", "feed-a.mp-indore", "feed-a", 2)));
        inTheOutbox(jdbc, "feed-a.mp-indore");

        TipLedger.Packaged packaged = ledger.alreadyPackaged(List.of("100000001"), "feed-b");

        assertThat(packaged.earlier()).isEqualTo(Map.of("mp-indore", Set.of("100000001")));
        assertThat(packaged.ofThisFeed()).containsExactly(new TipLedger.TipKey("mp-scc", "100000001"));
        assertThat(ledger.forget("feed-b", List.of(new TipLedger.TipKey("mp-scc", "100000001"),
                new TipLedger.TipKey("mp-indore", "100000001")))).isEqualTo(1);
        assertThat(ledger.packagesOf(List.of("100000001")))
                .isEqualTo(Map.of(new TipLedger.TipKey("mp-indore", "100000001"), "feed-a.mp-indore"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsEveryRowOfChunksThatFillStatementsOrPartOfOne(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.fresh(database).dataSource());
        TipLedger ledger = new TipLedger(jdbc);
        int n = TipLedger.ROWS_PER_INSERT;
        List<TipLedger.TipDelivery> all = new ArrayList<>();
        for (int size : new int[] {2 * n + 7, n, 3, 1, 0}) {
            List<TipLedger.TipDelivery> chunk = deliveries(all.size(), size, "feed-a");
            ledger.add(chunk);
            all.addAll(chunk);
        }

        List<String> recorded = jdbc.query("SELECT recipient, tip_id, package_id, feed_id, line FROM tip_deliveries",
                (rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                        + " " + rs.getLong(5));
        assertThat(recorded).hasSize(3 * n + 11).containsExactlyInAnyOrderElementsOf(all.stream()
                .map(d -> d.recipient() + " " + d.tipId() + " " + d.packageId() + " " + d.feedId() + " " + d.line())
                .toList());
        TipLedger.TipDelivery first = all.get(n);
        assertThat(ledger.packageOf(first.recipient(), first.tipId())).contains("feed-a." + first.recipient());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTipTwiceForOneRecipientIsRefusedWhereverItFallsAndTheTransactionKeepsNothing(String database) {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        TipLedger ledger = new TipLedger(jdbc);
        int n = TipLedger.ROWS_PER_INSERT;
        ledger.add(deliveries(0, 1, "earlier"));
        // {position of the second row, position of the row it repeats}: in one statement, in two
        // statements of the batch, in the partial last statement, across the batch and the last
        // statement, and a row recorded by an earlier feed.
        int[][] repeats = {{5, 2}, {n + 3, 1}, {2 * n + 4, 2 * n + 1}, {2 * n + 6, n - 1}, {n + 1, -1}};
        for (int[] repeat : repeats) {
            List<TipLedger.TipDelivery> chunk = new ArrayList<>(deliveries(1, 2 * n + 7, "feed-b"));
            TipLedger.TipDelivery again = repeat[1] < 0 ? deliveries(0, 1, "feed-b").get(0) : chunk.get(repeat[1]);
            chunk.set(repeat[0], new TipLedger.TipDelivery(again.recipient(), again.tipId(), "feed-b." + again.recipient(),
                    "feed-b", 99));

            assertThatThrownBy(() -> tx.executeWithoutResult(status -> ledger.add(chunk)))
                    .as("repeated at %d", repeat[0]).isInstanceOf(DuplicateKeyException.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tip_deliveries", Long.class)).isEqualTo(1);
        }
    }

    /** {@code count} deliveries, distinct from those of other {@code from}s, recipients in turn. */
    private static List<TipLedger.TipDelivery> deliveries(int from, int count, String feedId) {
        String[] recipients = {"mp-scc", "mp-indore", "dl-ifso"};
        List<TipLedger.TipDelivery> deliveries = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String recipient = recipients[i % 3];
            deliveries.add(new TipLedger.TipDelivery(recipient, Long.toString(900_000_000L + i * 7919L % 100_000_000L),
                    feedId + "." + recipient, feedId, 2 + i));
        }
        return deliveries;
    }

    /**
     * A row of the ledger counts as a delivery once its package is in the outbox (packaging writes
     * the rows while it builds the packages, and records the packages after).
     */
    private static void inTheOutbox(JdbcTemplate jdbc, String... packageIds) {
        Outbox outbox = new Outbox(jdbc, Clock.systemUTC(), new Outbox.Backoff(Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1), "test");
        for (String packageId : packageIds) {
            outbox.add(packageId, packageId.substring(0, packageId.indexOf('.')),
                    packageId.substring(packageId.indexOf('.') + 1), 1, "e".repeat(64), 1000, packageId + ".p7m");
        }
    }

    /** A feed's rows written while its packages are built count for no other feed until they are recorded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rowsOfAFeedStillBeingPackagedAreNeitherEarlierNorThisFeeds(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.fresh(database).dataSource());
        TipLedger ledger = new TipLedger(jdbc);
        ledger.add(List.of(new TipLedger.TipDelivery("mp-scc", "100000001", "feed-a.mp-scc", "feed-a", 2)));

        TipLedger.Packaged packaged = ledger.alreadyPackaged(List.of("100000001"), "feed-b");

        assertThat(packaged.earlier()).isEmpty();
        assertThat(packaged.ofThisFeed()).isEmpty();
        assertThat(packaged.elsewhere()).containsExactly(new TipLedger.TipKey("mp-scc", "100000001"));

        inTheOutbox(jdbc, "feed-a.mp-scc");
        assertThat(ledger.alreadyPackaged(List.of("100000001"), "feed-b").earlier())
                .isEqualTo(Map.of("mp-scc", Set.of("100000001")));
    }
}
