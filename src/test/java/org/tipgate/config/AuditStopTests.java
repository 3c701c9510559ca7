package org.tipgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.TestDatabases;

/**
 * A stop does not wait for a backlog of events to be sequenced, on H2 and PostgreSQL: once Camel is
 * stopping, the sequencer's pass ends after its batch, and the last pass at shutdown sequences for a
 * bounded time and checkpoints what it placed; the rest stays queued for the next start. (A stop
 * after a 1,000,000-record feed, with 2.4 million events queued, used to take minutes and end with
 * Camel forcing its flows to stop.)
 */
class AuditStopTests {

    private static final int BATCH = 7;
    private static final int QUEUED = 300;

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    private record Store(JdbcTemplate jdbc, Sequencer sequencer, Checkpoints checkpoints) {

        long logSize() {
            return jdbc.queryForObject("SELECT tree_size FROM audit_head WHERE id = 1", Long.class);
        }
    }

    /** A store whose queue holds {@link #QUEUED} events, one queue row each. */
    private static Store backlog(String database) throws Exception {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        Clock clock = Clock.systemUTC();
        X509Certificate cert = Pem.readCertificates(Path.of("keys-example/tipgate.crt.pem")).get(0);
        PrivateKey key = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        EventLog events = new EventLog(jdbc, clock);
        tx.executeWithoutResult(status -> events.appendAll(IntStream.range(0, QUEUED)
                .mapToObj(i -> new Event(EventType.RECORD_ROUTED, Event.SYSTEM, "F-" + i, "T-" + i, "F-" + i + ".mp-scc",
                        "mp-scc", "ROUTED", Map.of("line", 2)))
                .toList()));
        return new Store(jdbc, new Sequencer(jdbc, tx, clock, BATCH),
                new Checkpoints(jdbc, tx, new CmsSigner(key, cert, List.of(), clock), "tipgate", clock));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSequencerPassOfARunningGatewayPlacesTheWholeBacklog(String database) throws Exception {
        Store s = backlog(database);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            AuditPacing pacing = new AuditPacing(camel, s.sequencer(), Duration.ZERO, Clock.systemUTC());

            assertThat(pacing.integrate()).isEqualTo(QUEUED);
            assertThat(s.sequencer().anyQueued()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSequencerPassWhileCamelStopsEndsAfterItsBatchAndLeavesTheRestQueued(String database) throws Exception {
        Store s = backlog(database);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            camel.stop();
            AuditPacing pacing = new AuditPacing(camel, s.sequencer(), Duration.ZERO, Clock.systemUTC());

            assertThat(pacing.integrate()).isEqualTo(BATCH);
            assertThat(s.logSize()).isEqualTo(BATCH);
            assertThat(s.sequencer().anyQueued()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theLastPassAtShutdownSequencesWithinItsBudgetAndCheckpointsWhatItPlaced(String database) throws Exception {
        Store s = backlog(database);
        AuditShutdown shutdown = new AuditShutdown(s.sequencer(), s.checkpoints(), Duration.ZERO);
        shutdown.start();

        shutdown.stop();

        assertThat(s.logSize()).isEqualTo(BATCH);
        assertThat(s.checkpoints().latest().orElseThrow().checkpoint().treeSize()).isEqualTo(BATCH);
        assertThat(s.sequencer().anyQueued()).isTrue();
        // The next start places the rest.
        assertThat(s.sequencer().integrate()).isEqualTo(QUEUED - BATCH);
        assertThat(s.sequencer().anyQueued()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStopWithTimeToSpareSequencesAndCheckpointsEverything(String database) throws Exception {
        Store s = backlog(database);
        AuditShutdown shutdown = new AuditShutdown(s.sequencer(), s.checkpoints(), AuditShutdown.BUDGET);
        shutdown.start();

        shutdown.stop();

        assertThat(s.logSize()).isEqualTo(QUEUED);
        assertThat(s.checkpoints().latest().orElseThrow().checkpoint().treeSize()).isEqualTo(QUEUED);
        assertThat(s.sequencer().anyQueued()).isFalse();
    }
}
