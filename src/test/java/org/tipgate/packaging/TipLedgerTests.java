package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.testing.TestDatabases;

/**
 * The tip ledger on H2 and PostgreSQL: the database itself refuses a tip packaged twice for one
 * recipient, while the same tip may go to each of its recipients; tips are looked up by tipId.
 */
class TipLedgerTests {

    static java.util.stream.Stream<String> databases() {
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
        TipLedger ledger = new TipLedger(new JdbcTemplate(TestDatabases.fresh(database).dataSource()));
        ledger.add(List.of(new TipLedger.TipDelivery("mp-scc", "100000001", "feed-a.mp-scc", "feed-a", 2),
                new TipLedger.TipDelivery("mp-indore", "100000001", "feed-a.mp-indore", "feed-a", 2),
                new TipLedger.TipDelivery("dl-ifso", "100000002", "feed-a.dl-ifso", "feed-a", 3)));

        Map<String, Set<String>> seen = ledger.alreadyPackaged(List.of("100000001", "100000003", "100000002"));

        assertThat(seen).isEqualTo(Map.of("mp-scc", Set.of("100000001"), "mp-indore", Set.of("100000001"),
                "dl-ifso", Set.of("100000002")));
    }
}
