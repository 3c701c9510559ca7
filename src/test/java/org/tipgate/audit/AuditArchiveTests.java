package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.TestClock;
import org.tipgate.testing.TestDatabases;

/**
 * Archiving events older than the retention period, on H2 and PostgreSQL: the archive file
 * verifies on its own, and after the events leave the database the log goes on as before: later
 * exports verify, and proofs that reach into the archived part still hold.
 */
class AuditArchiveTests {

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    /** A clock the test moves. */

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void archivedEventsLeaveTheDatabaseAndEverythingStillVerifies(String database) throws Exception {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        TestClock clock = new TestClock();
        X509Certificate cert = Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
        CmsSigner signer = new CmsSigner(Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem")), cert, List.of(),
                clock);
        EventLog events = new EventLog(jdbc, clock);
        Sequencer sequencer = new Sequencer(jdbc, tx, clock, 16);
        Checkpoints checkpoints = new Checkpoints(jdbc, tx, signer, "tipgate", clock);
        AuditTrail trail = new AuditTrail(jdbc, tx, sequencer, checkpoints, events, signer, clock);
        AuditArchive archive = new AuditArchive(jdbc, tx, checkpoints, clock);

        append(tx, events, 0, 50);
        sequencer.integrate();
        checkpoints.signCurrent();
        append(tx, events, 50, 31);
        sequencer.integrate();
        byte[] root81 = checkpoints.signCurrent().orElseThrow().checkpoint().rootHash();
        clock.advance(Duration.ofDays(200));
        append(tx, events, 81, 20);
        sequencer.integrate();
        checkpoints.signCurrent();

        assertThatThrownBy(() -> archive.archivable(Duration.ofDays(90))).isInstanceOf(IllegalArgumentException.class);
        assertThat(archive.archivable(Duration.ofDays(180))).isEqualTo(81);
        assertThat(archive.archivable(Duration.ofDays(365))).isZero();

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        archive.write(file, 81);
        LogVerifier.Result archived = new LogVerifier().verify(new ByteArrayInputStream(file.toByteArray()), cert);
        assertThat(archived.ok()).as(archived.toString()).isTrue();
        assertThat(archived.events()).isEqualTo(81);
        assertThat(archived.root()).isEqualTo(root81);

        archive.prune(0, 81, "operator:asha", "ab".repeat(32));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM events", Long.class)).isEqualTo(20);
        assertThat(archive.archived()).isEqualTo(81);
        assertThat(archive.archivable(Duration.ofDays(180))).isZero();
        assertThat(events.byType(EventType.AUDIT_ARCHIVED)).singleElement()
                .satisfies(e -> assertThat(e.event().detail()).containsEntry("to", 81));

        sequencer.integrate();
        SignedCheckpoint latest = checkpoints.signCurrent().orElseThrow();
        assertThat(latest.checkpoint().treeSize()).isEqualTo(102);
        ByteArrayOutputStream later = new ByteArrayOutputStream();
        new AuditExporter(jdbc, Checkpoints.readOnly(jdbc), clock).export(later, null);
        LogVerifier.Result rest = new LogVerifier().verify(new ByteArrayInputStream(later.toByteArray()), cert);
        assertThat(rest.ok()).as(rest.toString()).isTrue();
        assertThat(rest.events()).isEqualTo(21);
        assertThat(rest.root()).isEqualTo(latest.checkpoint().rootHash());
        assertThatThrownBy(() -> new AuditExporter(jdbc, Checkpoints.readOnly(jdbc), clock)
                .export(new ByteArrayOutputStream(), 10L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("archived");

        // Proofs whose paths run through the archived events still hold.
        byte[] root = latest.checkpoint().rootHash();
        trail.inclusion(81, 102, Viewer.operator("test")).verify(root);
        trail.inclusion(101, 102, Viewer.operator("test")).verify(root);
        trail.consistency(81, 102).verify(root81, root);
        Merkle.verifyConsistency(81, 102, root81, root, Merkle.consistencyProof(81, 102, new StoredTree(jdbc)));
    }

    private static void append(TransactionTemplate tx, EventLog events, int first, int count) {
        tx.executeWithoutResult(status -> {
            for (int i = first; i < first + count; i++) {
                events.append(new Event(EventType.PACKAGE_DELIVERED, Event.SYSTEM, "F-" + (i / 10), null,
                        "F-" + (i / 10) + ".mp-scc", "mp-scc", "DELIVERED", Map.of("attempt", 1)));
            }
        });
    }
}
