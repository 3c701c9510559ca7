package org.tipgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.intake.OutboxPickups;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.TestClock;
import org.tipgate.testing.TestDatabases;

/** What recipients do with the packages in their SFTP outbox, recorded on H2 and PostgreSQL (V6 migration). */
class PackagePickupsTests {

    static final String PACKAGE = "feed-1.mp-indore";
    static final String FILE = PACKAGE + ".p7m";
    static final long BYTES = 4096;

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    record Fixture(JdbcTemplate jdbc, EventLog events, TestClock clock, PackagePickups pickups) {

        List<Event> events(EventType type) {
            return events.byType(type).stream().map(EventLog.Recorded::event).toList();
        }

        Instant column(String column) {
            Timestamp at = jdbc.queryForObject("SELECT " + column + " FROM packages WHERE package_id = ?",
                    Timestamp.class, PACKAGE);
            return at == null ? null : at.toInstant();
        }
    }

    static Fixture fixture(String database) {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TestClock clock = new TestClock();
        EventLog events = new EventLog(jdbc, clock);
        Outbox outbox = new Outbox(jdbc, clock, new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 4),
                "node-a");
        outbox.add(PACKAGE, "feed-1", "mp-indore", 10, "a".repeat(64), BYTES, FILE);
        outbox.add("feed-1.mp-bhopal", "feed-1", "mp-bhopal", 3, "b".repeat(64), BYTES, "feed-1.mp-bhopal.p7m");
        return new Fixture(jdbc, events, clock, new PackagePickups(outbox, events,
                new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())), clock));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theFirstWholeDownloadIsRecordedOnceWithItsTimeAndEvent(String database) {
        Fixture f = fixture(database);
        Instant first = f.clock().instant();

        f.pickups().downloadedWhole("mp-indore", FILE, BYTES);
        f.clock().advance(Duration.ofMinutes(5));
        f.pickups().downloadedWhole("mp-indore", FILE, BYTES);

        assertThat(f.column("collected_at")).isEqualTo(first);
        assertThat(f.pickups().collected("mp-indore", FILE)).isTrue();
        assertThat(f.events(EventType.PACKAGE_COLLECTED)).containsExactly(new Event(EventType.PACKAGE_COLLECTED,
                "mp-indore", "feed-1", null, PACKAGE, "mp-indore", "COLLECTED", Map.of("bytes", 4096, "channel", "SFTP")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDownloadOfAnotherSizeAnotherAgencysPackageOrAFileThatIsNoPackageIsNotRecorded(String database) {
        Fixture f = fixture(database);

        f.pickups().downloadedWhole("mp-indore", FILE, BYTES - 1);
        f.pickups().downloadedWhole("mp-bhopal", FILE, BYTES);
        f.pickups().downloadedWhole("mp-indore", "notes.p7m", BYTES);

        assertThat(f.column("collected_at")).isNull();
        assertThat(f.pickups().collected("mp-indore", FILE)).isFalse();
        assertThat(f.events(EventType.PACKAGE_COLLECTED)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRemovalBeforeTheWholeDownloadIsRefusedAndRemovesNothing(String database) {
        Fixture f = fixture(database);
        List<String> deleted = new ArrayList<>();

        assertThatThrownBy(() -> f.pickups().remove("mp-indore", FILE, () -> deleted.add(FILE)))
                .isInstanceOf(OutboxPickups.NotDownloadedWholeException.class)
                .hasMessageContaining("outbox/" + FILE + " is not yet downloaded whole");

        assertThat(deleted).isEmpty();
        assertThat(f.column("removed_at")).isNull();
        assertThat(f.events(EventType.PACKAGE_REMOVED)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRemovalAfterTheWholeDownloadDeletesTheFileAndIsRecorded(String database) throws Exception {
        Fixture f = fixture(database);
        List<String> deleted = new ArrayList<>();
        f.pickups().downloadedWhole("mp-indore", FILE, BYTES);
        f.clock().advance(Duration.ofMinutes(1));

        f.pickups().remove("mp-indore", FILE, () -> deleted.add(FILE));

        assertThat(deleted).containsExactly(FILE);
        assertThat(f.column("removed_at")).isEqualTo(f.clock().instant());
        assertThat(f.events(EventType.PACKAGE_REMOVED)).containsExactly(new Event(EventType.PACKAGE_REMOVED,
                "mp-indore", "feed-1", null, PACKAGE, "mp-indore", "REMOVED", Map.of("channel", "SFTP")));
        assertThatThrownBy(() -> f.pickups().remove("mp-bhopal", FILE, () -> deleted.add("again")))
                .as("another agency's package, by name").isInstanceOf(OutboxPickups.NotDownloadedWholeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRemovalWhoseFileCannotBeDeletedLeavesNoRecord(String database) {
        Fixture f = fixture(database);
        f.pickups().downloadedWhole("mp-indore", FILE, BYTES);

        assertThatThrownBy(() -> f.pickups().remove("mp-indore", FILE, () -> {
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class).hasMessage("disk gone");

        assertThat(f.column("removed_at")).isNull();
        assertThat(f.events(EventType.PACKAGE_REMOVED)).isEmpty();
    }
}
