package org.tipgate.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Ack;
import org.tipgate.testing.TestDatabases;

/** Signed acks put in an SFTP sender's acks/ folder. */
class AckOutletTests {

    @TempDir
    Path root;

    /**
     * At start-up the gateway writes the acks a crash left unwritten while its flows already run,
     * and the delivery flow may be writing one of them at that moment (a feed whose packages were
     * all settled before the crash is completed by its first pass): both writes must succeed, and
     * the ack must be whole whenever the sender looks.
     */
    @Test
    void theSameAckWrittenTwiceAtOnceIsWrittenWholeAndNeitherWriteFails() throws Exception {
        DataSource db = TestDatabases.h2().dataSource();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        AckLedger ledger = new AckLedger(jdbc);
        EventLog events = new EventLog(jdbc, Clock.systemUTC());
        AckHandovers handovers = new AckHandovers(ledger, events, new TransactionTemplate(
                new DataSourceTransactionManager(db)), Clock.systemUTC());
        byte[] signed = new byte[256 * 1024];
        new Random(7).nextBytes(signed);
        AckLedger.Stored ack = ledger.store(new Ack(Ack.TYPE, Ack.VERSION, "feed-1.DELIVERED", "feed-1", "ab".repeat(32),
                Ack.Stage.DELIVERED, Ack.Status.ACCEPTED, Instant.now(), new Ack.Counts(1, 1, 0, 0), List.of(),
                List.of()), signed, "intake-1", "ncrb", "SFTP");
        // Only acks of the embedded server are written here; no sender has an outbox of its own.
        RemoteAcks remote = new RemoteAcks(AgencyDirectory.load(Path.of("config/agencies.yaml"),
                Path.of("."), LgdTables.bundled(), Clock.systemUTC()), null, ledger, handovers);
        AckOutlet outlet = new AckOutlet(root, ledger, remote, handovers);
        Path acks = root.resolve("ncrb/acks");
        Path file = acks.resolve("feed-1.DELIVERED.p7m");
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        for (int round = 0; round < 100 && failures.isEmpty(); round++) {
            Files.deleteIfExists(file);
            CyclicBarrier together = new CyclicBarrier(2);
            Runnable write = () -> {
                try {
                    together.await();
                    outlet.deliver(ack);
                } catch (Exception e) {
                    failures.add(e);
                }
            };
            Thread first = new Thread(write);
            Thread second = new Thread(write);
            first.start();
            second.start();
            first.join();
            second.join();
            assertThat(file).as("round " + round).hasBinaryContent(signed);
        }

        assertThat(failures).isEmpty();
        try (Stream<Path> files = Files.list(acks)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("feed-1.DELIVERED.p7m");
        }
        assertThat(ledger.byId("feed-1.DELIVERED").orElseThrow().writtenAt()).isNotNull();
        assertThat(events.byType(EventType.ACK_SENT)).as("one ack handed over once, however often it was written")
                .singleElement().satisfies(e -> {
                    assertThat(e.event().feedId()).isEqualTo("feed-1");
                    assertThat(e.event().outcome()).isEqualTo("SENT");
                    assertThat(e.event().detail()).containsEntry("ackId", "feed-1.DELIVERED")
                            .containsEntry("stage", "DELIVERED").containsEntry("channel", "SFTP");
                });
    }
}
