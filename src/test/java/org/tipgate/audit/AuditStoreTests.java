package org.tipgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.tipgate.testing.TestDatabases;

/**
 * The audit log over the pipeline's database, on H2 and PostgreSQL: events committed by concurrent
 * transactions (some rolled back) get gapless sequence numbers; the stored tree gives the same
 * roots and proofs as one computed from the events; checkpoints, pages and what each viewer sees.
 */
class AuditStoreTests {

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    private record Store(JdbcTemplate jdbc, TransactionTemplate tx, EventLog events, Sequencer sequencer,
                         Checkpoints checkpoints, AuditTrail trail, X509Certificate cert) {
    }

    private static Store store(String database) throws Exception {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        Clock clock = Clock.systemUTC();
        X509Certificate cert = Pem.readCertificates(Path.of("keys-example/tipgate.crt.pem")).get(0);
        PrivateKey key = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        CmsSigner signer = new CmsSigner(key, cert, List.of(), clock);
        EventLog events = new EventLog(jdbc, clock);
        Sequencer sequencer = new Sequencer(jdbc, tx, clock, 7);
        Checkpoints checkpoints = new Checkpoints(jdbc, tx, signer, "tipgate", clock);
        return new Store(jdbc, tx, events, sequencer, checkpoints,
                new AuditTrail(jdbc, tx, sequencer, checkpoints, events, signer, clock), cert);
    }

    private static Event routed(String tip, String recipient) {
        return new Event(EventType.RECORD_ROUTED, Event.SYSTEM, "F-1", tip, "F-1." + recipient, recipient, "ROUTED",
                Map.of("line", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentCommitsAndRollbacksLeaveAGaplessLogWhoseStoredTreeMatchesItsEvents(String database)
            throws Exception {
        Store s = store(database);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 25; i++) {
                    int n = i;
                    s.tx().executeWithoutResult(status -> {
                        s.events().appendAll(List.of(routed("T-" + writer + "-" + n, "mp-scc"),
                                routed("T-" + writer + "-" + n, "mp-indore")));
                        if (n % 5 == 0) {
                            status.setRollbackOnly();
                        }
                    });
                }
                return null;
            }));
        }
        Future<?> sequencing = pool.submit(() -> {
            start.await();
            for (int i = 0; i < 50; i++) {
                s.sequencer().integrate();
            }
            return null;
        });
        start.countDown();
        for (Future<?> f : writers) {
            f.get();
        }
        sequencing.get();
        pool.shutdown();
        s.sequencer().integrate();

        // 4 writers x 20 committed transactions x 2 events; the 5 rolled back per writer left nothing.
        List<LoggedEvent> all = s.trail().events(EventFilter.ALL, Viewer.operator("test"), null, 1000).events();
        assertThat(all).hasSize(160);
        for (int i = 0; i < all.size(); i++) {
            LoggedEvent e = all.get(i);
            assertThat(e.event().seq()).isEqualTo(i);
            assertThat(e.leafHash()).isEqualTo(Merkle.leafHash(e.event().canonical()));
        }
        List<byte[]> leaves = all.stream().map(LoggedEvent::leafHash).toList();
        byte[] root = Merkle.root(leaves);
        assertThat(s.trail().treeSize()).isEqualTo(160);

        SignedCheckpoint checkpoint = s.checkpoints().signCurrent().orElseThrow();
        assertThat(checkpoint.checkpoint().treeSize()).isEqualTo(160);
        assertThat(checkpoint.checkpoint().rootHash()).isEqualTo(root);
        assertThat(SignedCheckpoint.verify(checkpoint.signed(), s.cert()).checkpoint())
                .isEqualTo(checkpoint.checkpoint());
        // Signing again at the same size gives the same checkpoint.
        assertThat(s.checkpoints().signCurrent().orElseThrow().signed()).isEqualTo(checkpoint.signed());

        for (long seq : new long[] {0, 1, 77, 158, 159}) {
            for (long size : new long[] {seq + 1, 100, 160}) {
                if (size <= seq) {
                    continue;
                }
                Proofs.Inclusion proof = s.trail().inclusion(seq, size, Viewer.operator("test"));
                proof.verify(Merkle.root(leaves.subList(0, (int) size)));
                assertThat(proof.leafHash()).isEqualTo(leaves.get((int) seq));
            }
        }
        for (long[] sizes : new long[][] {{1, 160}, {7, 8}, {64, 129}, {100, 160}, {160, 160}}) {
            s.trail().consistency(sizes[0], sizes[1]).verify(Merkle.root(leaves.subList(0, (int) sizes[0])),
                    Merkle.root(leaves.subList(0, (int) sizes[1])));
        }
        assertThatThrownBy(() -> s.trail().inclusion(160, 160, Viewer.operator("test")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.trail().consistency(10, 161)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordEventsQueuedAsOneRowGetOnePlaceEachInTheLogInTheirOrder(String database) throws Exception {
        Store s = store(database);
        List<Event> accepted = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            accepted.add(new Event(EventType.RECORD_ACCEPTED, Event.SYSTEM, "F-9", "T-" + i, null, null, "ACCEPTED",
                    Map.of("line", i + 2)));
        }
        s.tx().executeWithoutResult(status -> {
            s.events().append(Event.feed(EventType.FEED_VERIFIED, "F-9", "ACCEPTED", Map.of("intakeId", "i-9")));
            s.events().appendAll(accepted);
        });
        // 12,345 events in the queue's rows of at most 10,000, and the feed's own event.
        assertThat(s.jdbc().queryForObject("SELECT COUNT(*) FROM event_queue", Long.class)).isEqualTo(3);
        assertThat(s.events().byFeed("F-9")).hasSize(12_346).noneMatch(EventLog.Recorded::sequenced);

        assertThat(s.sequencer().integrate()).isEqualTo(12_346);
        assertThat(s.jdbc().queryForObject("SELECT COUNT(*) FROM event_queue", Long.class)).isZero();
        List<EventLog.Recorded> logged = s.events().byFeed("F-9");
        assertThat(logged).hasSize(12_346).allMatch(EventLog.Recorded::sequenced);
        assertThat(logged.get(0).event().type()).isEqualTo(EventType.FEED_VERIFIED);
        for (int i = 0; i < accepted.size(); i++) {
            assertThat(logged.get(i + 1).position()).isEqualTo(i + 1);
            assertThat(logged.get(i + 1).event().tipId()).isEqualTo("T-" + i);
            assertThat(((Number) logged.get(i + 1).event().detail().get("line")).intValue()).isEqualTo(i + 2);
        }
        List<LoggedEvent> one = s.trail().events(EventFilter.tip("T-777"), Viewer.operator("test"), null, 10).events();
        assertThat(one).singleElement().satisfies(e -> {
            assertThat(e.event().seq()).isEqualTo(778);
            assertThat(e.event().detail()).isEqualTo(Map.of("line", 779L));
        });
        assertThat(Merkle.root(s.trail().events(EventFilter.ALL, Viewer.operator("test"), null, 20_000).events()
                .stream().map(LoggedEvent::leafHash).toList()))
                .isEqualTo(s.checkpoints().signCurrent().orElseThrow().checkpoint().rootHash());
    }

    /**
     * A number RFC 8785 cannot write exactly is refused when the step appends its event (its
     * transaction fails), never queued for the sequencer to fail on or to log in a form no JCS tool
     * reproduces; the log goes on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEventWithANumberBeyondWhatJcsWritesExactlyIsRefusedWhenAppended(String database) throws Exception {
        Store s = store(database);
        for (long beyond : new long[] {1L << 53, -(1L << 53), Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> s.tx().executeWithoutResult(status -> s.events().append(
                    Event.feed(EventType.FEED_ROUTED, "F-8", "ROUTED", Map.of("bytes", beyond)))))
                    .as("%d", beyond).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^53 - 1");
            assertThatThrownBy(() -> s.tx().executeWithoutResult(status -> s.events().appendAll(List.of(
                    routed("T-1", "mp-indore"), new Event(EventType.RECORD_ROUTED, Event.SYSTEM, "F-1", "T-2",
                            "F-1.mp-indore", "mp-indore", "ROUTED", Map.of("line", beyond)))))).as("%d", beyond)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        s.tx().executeWithoutResult(status -> s.events().append(Event.feed(EventType.FEED_ROUTED, "F-8", "ROUTED",
                Map.of("bytes", CanonicalJson.MAX_WHOLE_NUMBER))));

        assertThat(s.sequencer().integrate()).isEqualTo(1);
        assertThat(s.trail().events(EventFilter.ALL, Viewer.operator("test"), null, 10).events()).singleElement()
                .satisfies(e -> assertThat(e.event().detail()).isEqualTo(Map.of("bytes", CanonicalJson.MAX_WHOLE_NUMBER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRecipientSeesOnlyEventsAboutItsOwnPackagesAndPagesFollowTheCursor(String database) throws Exception {
        Store s = store(database);
        s.tx().executeWithoutResult(status -> {
            for (int i = 0; i < 10; i++) {
                s.events().appendAll(List.of(routed("T-" + i, "mp-scc"), routed("T-" + i, "mp-indore"),
                        routed("T-" + i, "mp-gwalior")));
            }
        });
        s.sequencer().integrate();
        Viewer indore = new Viewer("mp-indore", Viewer.Scope.RECIPIENT);
        List<LoggedEvent> seen = new ArrayList<>();
        Long cursor = null;
        do {
            AuditTrail.Page page = s.trail().events(EventFilter.ALL, indore, cursor, 3);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(page.events());
            cursor = page.next();
        } while (cursor != null);
        assertThat(seen).hasSize(10).allSatisfy(e -> assertThat(e.event().recipient()).isEqualTo("mp-indore"));
        assertThat(s.trail().events(new EventFilter(null, null, "mp-gwalior", null, null, null, null), indore, null,
                100).events()).isEmpty();
        assertThat(s.trail().events(EventFilter.tip("T-4"), Viewer.operator("test"), null, 100).events())
                .hasSize(3);
        long gwaliorSeq = s.trail().events(EventFilter.tip("T-4"), new Viewer("mp-gwalior", Viewer.Scope.RECIPIENT),
                null, 100).events().get(0).event().seq();
        assertThatThrownBy(() -> s.trail().inclusion(gwaliorSeq, 30, indore))
                .isInstanceOf(AuditTrail.NotVisibleException.class);
    }

    /**
     * The checkpoint timer signs while the sequencer holds the head's row lock through a long batch
     * (a restart's backlog): it waited behind it and failed on the lock timeout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCheckpointIsSignedWhileTheSequencerHoldsTheHeadsLock(String database) throws Exception {
        Store s = store(database);
        s.tx().executeWithoutResult(status -> s.events().appendAll(List.of(routed("T-1", "mp-scc"))));
        s.sequencer().integrate();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> holder = pool.submit(() -> s.tx().executeWithoutResult(status -> {
            new StoredTree(s.jdbc()).lockHead();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            Future<SignedCheckpoint> signing = Executors.newSingleThreadExecutor()
                    .submit(() -> s.checkpoints().signCurrent().orElseThrow());

            SignedCheckpoint checkpoint = signing.get(20, TimeUnit.SECONDS);

            assertThat(checkpoint.checkpoint().treeSize()).isEqualTo(1);
            assertThat(checkpoint.checkpoint().rootHash()).isEqualTo(
                    Merkle.root(List.of(Merkle.leafHash(s.trail().events(EventFilter.ALL, Viewer.operator("test"),
                            null, 10).events().get(0).event().canonical()))));
        } finally {
            release.countDown();
            holder.get();
            pool.shutdown();
        }
    }
}
