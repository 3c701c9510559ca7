package org.tipgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.testing.TestClock;
import org.tipgate.testing.TestDatabases;

/** The outbox's claims, leases, backoff and dead letter, on H2 and PostgreSQL, on a clock the test moves. */
class OutboxTests {

    private static final Duration LEASE = Duration.ofMinutes(15);

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    /** A clock the test sets. */

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimedPackageIsNobodyElsesUntilItsLeaseRunsOut(String database) {
        TestClock clock = new TestClock();
        var db = TestDatabases.fresh(database);
        Outbox outbox = new Outbox(new JdbcTemplate(db.dataSource()), clock,
                new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 4), "node-a");
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        outbox.add("f.mp-scc", "f", "mp-scc", 10, "a".repeat(64), 1000, "f.mp-scc.p7m");

        List<Outbox.Entry> first = claim(tx, outbox);
        assertThat(first).extracting(Outbox.Entry::packageId).containsExactly("f.mp-scc");
        assertThat(claim(tx, outbox)).isEmpty();
        assertThat(renew(tx, outbox, first.get(0))).isTrue();

        clock.advance(LEASE.plusSeconds(1));
        List<Outbox.Entry> second = claim(tx, outbox);
        assertThat(second).hasSize(1);
        // The first claimant's lease ran out and the package was taken again: it must not try it.
        assertThat(renew(tx, outbox, first.get(0))).isFalse();
        assertThat(renew(tx, outbox, second.get(0))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void failedAttemptsBackOffDoublingUpToTheCapThenTheOperatorMayRetry(String database) {
        TestClock clock = new TestClock();
        var db = TestDatabases.fresh(database);
        Outbox outbox = new Outbox(new JdbcTemplate(db.dataSource()), clock,
                new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(5), 4), "node-a");
        outbox.add("f.mp-scc", "f", "mp-scc", 10, "a".repeat(64), 1000, "f.mp-scc.p7m");

        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(outbox.failed("f.mp-scc", "connection refused", true)).isEqualTo(Outbox.State.PENDING);
            waits.add(Duration.between(clock.instant(), outbox.get("f.mp-scc").orElseThrow().nextAttemptAt()));
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(outbox.failed("f.mp-scc", "connection refused", true)).isEqualTo(Outbox.State.DEAD);
        assertThat(outbox.inState(Outbox.State.DEAD)).singleElement()
                .satisfies(e -> assertThat(e.lastError()).isEqualTo("connection refused"));

        assertThat(outbox.retry("f.mp-scc")).isTrue();
        assertThat(outbox.retry("f.mp-scc")).as("only a dead package can be retried").isFalse();
        Outbox.Entry back = outbox.get("f.mp-scc").orElseThrow();
        assertThat(back.state()).isEqualTo(Outbox.State.PENDING);
        assertThat(back.attempts()).isZero();
        assertThat(back.nextAttemptAt()).isEqualTo(clock.instant());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailureRetryingCannotHelpIsDeadAtOnce(String database) {
        var db = TestDatabases.fresh(database);
        Outbox outbox = new Outbox(new JdbcTemplate(db.dataSource()), new TestClock(),
                new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(5), 12), "node-a");
        outbox.add("f.mp-scc", "f", "mp-scc", 10, "a".repeat(64), 1000, "f.mp-scc.p7m");

        assertThat(outbox.failed("f.mp-scc", "security: host key does not match the pin", false))
                .isEqualTo(Outbox.State.DEAD);
    }

    private static List<Outbox.Entry> claim(TransactionTemplate tx, Outbox outbox) {
        return tx.execute(s -> outbox.claim(16, LEASE));
    }

    private static boolean renew(TransactionTemplate tx, Outbox outbox, Outbox.Entry entry) {
        return Boolean.TRUE.equals(tx.execute(s -> outbox.renew(entry, LEASE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRestartedNodeTakesBackItsOwnClaimsButWaitsOutAnotherNodes(String database) {
        TestClock clock = new TestClock();
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        Outbox.Backoff backoff = new Outbox.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(5), 4);
        Outbox a = new Outbox(jdbc, clock, backoff, "node-a");
        Outbox b = new Outbox(jdbc, clock, backoff, "node-b");
        a.add("f.mp-scc", "f", "mp-scc", 10, "a".repeat(64), 1000, "f.mp-scc.p7m");
        a.add("f.dl-ifso", "f", "dl-ifso", 10, "b".repeat(64), 1000, "f.dl-ifso.p7m");
        List<Outbox.Entry> byA = tx.execute(s -> a.claim(1, LEASE));
        List<Outbox.Entry> byB = tx.execute(s -> b.claim(1, LEASE));
        assertThat(byA).hasSize(1);
        assertThat(byB).hasSize(1);

        // node-a was killed and starts again: what it held is due again at once; node-b's claim stands.
        assertThat(a.releaseOwnLeases()).isEqualTo(1);
        List<Outbox.Entry> again = claim(tx, a);
        assertThat(again).extracting(Outbox.Entry::packageId).containsExactly(byA.get(0).packageId());
        assertThat(renew(tx, b, byB.get(0))).isTrue();
    }
}
