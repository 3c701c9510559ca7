package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckHandovers;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.delivery.FeedCompletion;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.feed.FeedStaging;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.outbox.Outbox;
import org.tipgate.record.RecordValidator;
import org.tipgate.routing.Decision;
import org.tipgate.routing.Gazetteer;
import org.tipgate.routing.JurisdictionRouter;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.TestDatabases;

/**
 * The packaging step on its own, on H2 and PostgreSQL: a tip a recipient already has is left out
 * for that recipient only (DUPLICATE_TIP when no recipient is left), and a feed that cannot be
 * packaged (its evidence is gone) is left aside without holding up the feeds behind it.
 */
class FeedPackagerTests {

    @TempDir
    Path work;

    static Stream<String> databases() {
        return TestDatabases.names();
    }

    /** The package-builder pool, one thread per core, as the gateway has it. */
    private static final ExecutorService BUILDERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors());

    @AfterAll
    static void stopBuilders() {
        BUILDERS.shutdownNow();
    }

    record Setup(Packaging packager, FeedLedger feeds, Outbox outbox, TipLedger tips, EvidenceSpool spool,
                 RecordRouter router, JdbcTemplate jdbc, StagedFeeds staged, MovableClock clock) {
    }

    /**
     * The packaging flow's passes as routes/packaging.yaml runs them: claim, then route, package and
     * record, a failure of any of these ending in {@link FeedPackager#failed} (config.ErrorHandling).
     */
    record Packaging(FeedPackager packager, FeedRouting routing, PackageWriter writer) {

        /** One pass: the feed it claimed, empty when none was waiting. */
        Optional<String> packNext() {
            FeedPackaging claimed = packager.claimNext();
            if (claimed == null) {
                return Optional.empty();
            }
            try {
                packager.record(writer.build(routing.route(claimed)));
            } catch (IOException | RuntimeException e) {
                packager.failed(claimed, e);
            }
            return Optional.of(claimed.feedId());
        }

        /** Passes until none claims a feed; how many did. */
        int packAll() {
            int n = 0;
            while (packNext().isPresent()) {
                n++;
            }
            return n;
        }

        Path packagesDir() {
            return writer.packagesDir();
        }
    }

    /** The system's clock, moved on by a test: packaging's retries are timed, signatures checked against it. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Duration> ahead =
                new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            ahead.updateAndGet(d -> d.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTipIsLeftOutOnlyForTheRecipientsThatHaveIt(String database) throws Exception {
        Setup s = setup(database);
        List<String> records = records(1, 200);
        String both = tipRoutedTo(s, records, "mp-scc", "mp-indore");
        String stateOnly = tipRoutedTo(s, records, "mp-scc");
        sentEarlier(s, List.of(new TipLedger.TipDelivery("mp-scc", both, "earlier.mp-scc", "earlier", 2),
                new TipLedger.TipDelivery("mp-scc", stateOnly, "earlier.mp-scc", "earlier", 3)));

        record(s, "feed-a", records);
        assertThat(s.packager().packAll()).isEqualTo(1);

        assertThat(s.tips().packageOf("mp-indore", both)).contains("feed-a.mp-indore");
        assertThat(s.tips().packageOf("mp-scc", both)).contains("earlier.mp-scc");
        List<Ack.Rejection> refused = s.tips().refusals("feed-a", 1000);
        assertThat(refused).filteredOn(r -> r.code() == RejectionCode.DUPLICATE_TIP)
                .singleElement().satisfies(r -> assertThat(r.tipId()).isEqualTo(stateOnly));
        assertThat(refused).noneMatch(r -> both.equals(r.tipId()));
        FeedLedger.Feed feed = s.feeds().feed("feed-a").orElseThrow();
        assertThat(feed.state()).isEqualTo(FeedLedger.State.PACKAGED);
        long quarantined = refused.stream().filter(r -> r.code() == RejectionCode.UNROUTABLE).count();
        assertThat(feed.quarantined()).isEqualTo(quarantined);
        assertThat(feed.verification().accepted() + feed.verification().rejected() + feed.quarantined()).isEqualTo(200);
        long packaged = s.outbox().byFeed("feed-a").stream().filter(p -> p.recipient().equals("mp-scc"))
                .mapToLong(Outbox.Entry::records).sum();
        assertThat(s.jdbc().queryForObject("SELECT COUNT(*) FROM tip_deliveries WHERE package_id = ?", Long.class,
                "feed-a.mp-scc")).isEqualTo(packaged);
    }

    /**
     * Two feeds with the same tip for the same recipient, packaged at once (two nodes): the rows of
     * the one still being packaged (written while its packages are built) make the other wait (here
     * with no time to wait, so its attempt fails and is tried again), and once its package is
     * recorded the other leaves the tip out as sent. Neither sends it twice, and neither leaves it
     * out before it is sent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTipBeingPackagedInAnotherFeedMakesThisOneWaitThenCountsAsSent(String database) throws Exception {
        Setup s = setup(database);
        List<String> records = records(6, 200);
        String stateOnly = tipRoutedTo(s, records, "mp-scc");
        s.tips().add(List.of(new TipLedger.TipDelivery("mp-scc", stateOnly, "feed-x.mp-scc", "feed-x", 2)));
        record(s, "feed-w", records);

        assertThat(s.packager().packNext()).contains("feed-w");
        assertThat(s.feeds().feed("feed-w").orElseThrow().state()).isEqualTo(FeedLedger.State.RECEIVED);
        assertThat(s.outbox().byFeed("feed-w")).isEmpty();
        assertThat(s.jdbc().queryForObject("SELECT COUNT(*) FROM tip_deliveries WHERE feed_id = 'feed-w'",
                Long.class)).isZero();

        s.outbox().add("feed-x.mp-scc", "feed-x", "mp-scc", 1, "e".repeat(64), 1000, "feed-x.mp-scc.p7m");
        s.clock().advance(FeedPackager.RETRY_FAILED_AFTER.plusSeconds(1));
        assertThat(s.packager().packNext()).contains("feed-w");

        assertThat(s.feeds().feed("feed-w").orElseThrow().state()).isEqualTo(FeedLedger.State.PACKAGED);
        assertThat(s.tips().refusals("feed-w", 1000)).filteredOn(r -> r.code() == RejectionCode.DUPLICATE_TIP)
                .singleElement().satisfies(r -> assertThat(r.tipId()).isEqualTo(stateOnly));
        assertThat(s.tips().packageOf("mp-scc", stateOnly)).contains("feed-x.mp-scc");
    }

    /**
     * A kill during packaging once left one tip-ledger row of the uncommitted attempt behind:
     * (state, tip, this very feed's package), and nothing else of that attempt. Read as an earlier
     * delivery, it kept the tip out of the state's rebuilt package while the ledger said it was
     * sent. It names the package being rebuilt, so it is no earlier delivery: the tip is packaged.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLedgerRowNamingThePackageBeingRebuiltDoesNotKeepItsTipOut(String database) throws Exception {
        Setup s = setup(database);
        List<String> records = records(4, 200);
        String both = tipRoutedTo(s, records, "mp-scc", "mp-indore");
        s.tips().add(List.of(new TipLedger.TipDelivery("mp-scc", both, "feed-k.mp-scc", "feed-k", 2)));

        record(s, "feed-k", records);
        assertThat(s.packager().packAll()).isEqualTo(1);

        assertThat(s.feeds().feed("feed-k").orElseThrow().state()).isEqualTo(FeedLedger.State.PACKAGED);
        assertThat(opened(s, "feed-k", "mp-scc")).isEqualTo(routedTo(s, records, "mp-scc", null));
        assertThat(opened(s, "feed-k", "mp-indore")).isEqualTo(routedTo(s, records, "mp-indore", null));
        assertThat(s.tips().refusals("feed-k", 1000)).noneMatch(r -> r.code() == RejectionCode.DUPLICATE_TIP);
        long packaged = s.outbox().byFeed("feed-k").stream().filter(p -> p.recipient().equals("mp-scc"))
                .mapToLong(Outbox.Entry::records).sum();
        assertThat(s.jdbc().queryForObject("SELECT COUNT(*) FROM tip_deliveries WHERE package_id = ?", Long.class,
                "feed-k.mp-scc")).isEqualTo(packaged);
    }

    /**
     * The DELIVERED ack of a feed whose packages hold every routed tip is signed; one whose packages
     * leave a routed tip out (as the killed attempt's surviving ledger row once made them: the
     * state's package one tip short of what the ledger says it holds; and a district's tip in no
     * package at all) is never signed: the feed is HELD, a FEED_HELD event and an ERROR say which
     * tips are missing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDeliveredAckIsSignedOnlyWhenEveryRoutedTipIsInAPackage(String database) throws Exception {
        Setup s = setup(database);
        List<String> records = records(5, 200);
        record(s, "feed-ok", records);
        record(s, "feed-short", records(6, 200));
        assertThat(s.packager().packAll()).isEqualTo(2);
        for (String feedId : List.of("feed-ok", "feed-short")) {
            s.outbox().byFeed(feedId).forEach(p -> s.outbox().delivered(p.packageId(), "test"));
        }
        s.jdbc().update("UPDATE packages SET records = records - 1 WHERE package_id = ?", "feed-short.mp-scc");
        String districtTip = s.jdbc().queryForList("SELECT tip_id FROM tip_deliveries WHERE package_id = ?"
                + " ORDER BY tip_id FETCH FIRST 1 ROWS ONLY", String.class, "feed-short.mp-indore").get(0);
        s.jdbc().update("DELETE FROM tip_deliveries WHERE package_id = ? AND tip_id = ?", "feed-short.mp-indore",
                districtTip);
        FeedCompletion completion = completion(s);
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                FeedCompletion.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(completion.complete("feed-ok")).isPresent();
            assertThat(completion.complete("feed-short")).isEmpty();
            assertThat(completion.complete("feed-short")).isEmpty();
        } finally {
            logger.detachAppender(log);
        }

        assertThat(s.feeds().feed("feed-ok").orElseThrow().state()).isEqualTo(FeedLedger.State.DELIVERED);
        assertThat(s.feeds().feed("feed-short").orElseThrow().state()).isEqualTo(FeedLedger.State.HELD);
        AckLedger acks = new AckLedger(s.jdbc());
        assertThat(acks.byFeed("feed-ok", Ack.Stage.DELIVERED)).isPresent();
        assertThat(acks.byFeed("feed-short", Ack.Stage.DELIVERED)).isEmpty();
        List<EventLog.Recorded> held = new EventLog(s.jdbc(), s.clock()).byFeed("feed-short").stream()
                .filter(e -> e.event().type() == EventType.FEED_HELD).toList();
        assertThat(held).singleElement().satisfies(e -> {
            assertThat(e.event().outcome()).isEqualTo("INCOMPLETE");
            assertThat(((Number) e.event().detail().get("missing")).longValue()).isEqualTo(1L);
            assertThat((List<?>) e.event().detail().get("examples")).singleElement().asString()
                    .startsWith("mp-indore " + districtTip + " (line ").endsWith("in no package");
            assertThat((List<?>) e.event().detail().get("packages")).map(Object::toString).anySatisfy(p ->
                    assertThat(p).startsWith("feed-short.mp-scc: ").endsWith(", ledger "
                            + s.jdbc().queryForObject("SELECT COUNT(*) FROM tip_deliveries WHERE package_id = ?",
                                    Long.class, "feed-short.mp-scc")));
        });
        assertThat(log.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("feed-short", "HELD", districtTip));
    }

    /**
     * A tip left out because the ledger shows it in an earlier feed's package counts only once that
     * package is delivered: while it is pending the ack waits; a package that never existed is no
     * delivery, and the feed is held.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTipHeldBackAsSentBeforeMustBeInADeliveredPackage(String database) throws Exception {
        Setup s = setup(database);
        List<String> first = records(7, 100);
        record(s, "feed-1", first);
        assertThat(s.packager().packAll()).isEqualTo(1);
        String again = tipRoutedTo(s, first, "mp-scc", "mp-indore");
        List<String> second = new ArrayList<>(records(8, 100));
        second.add(first.stream().filter(l -> l.contains("\"" + again + "\"")).findFirst().orElseThrow());
        record(s, "feed-2", second);
        assertThat(s.packager().packAll()).isEqualTo(1);
        s.outbox().byFeed("feed-2").forEach(p -> s.outbox().delivered(p.packageId(), "test"));
        FeedCompletion completion = completion(s);

        assertThat(completion.complete("feed-2")).as("feed-1's packages still pending").isEmpty();
        assertThat(s.feeds().feed("feed-2").orElseThrow().state()).isEqualTo(FeedLedger.State.PACKAGED);
        s.outbox().byFeed("feed-1").forEach(p -> s.outbox().delivered(p.packageId(), "test"));
        assertThat(completion.complete("feed-2")).isPresent();

        record(s, "feed-3", records(9, 100));
        assertThat(s.packager().packAll()).isEqualTo(1);
        s.outbox().byFeed("feed-3").forEach(p -> s.outbox().delivered(p.packageId(), "test"));
        String moved = s.jdbc().queryForList("SELECT tip_id FROM tip_deliveries WHERE package_id = ?"
                + " ORDER BY tip_id FETCH FIRST 1 ROWS ONLY", String.class, "feed-3.mp-scc").get(0);
        s.jdbc().update("UPDATE tip_deliveries SET package_id = ?, feed_id = ? WHERE package_id = ? AND tip_id = ?",
                "never.mp-scc", "never", "feed-3.mp-scc", moved);
        s.jdbc().update("UPDATE packages SET records = records - 1 WHERE package_id = ?", "feed-3.mp-scc");
        assertThat(completion.complete("feed-3")).isEmpty();
        assertThat(s.feeds().feed("feed-3").orElseThrow().state()).isEqualTo(FeedLedger.State.HELD);
    }

    private FeedCompletion completion(Setup s) throws Exception {
        var gatewayCert = Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
        var gatewayKey = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        AckSigner signer = new AckSigner(new CmsSigner(gatewayKey, gatewayCert,
                List.of(), s.clock()));
        AckLedger acks = new AckLedger(s.jdbc());
        EventLog events = new EventLog(s.jdbc(), s.clock());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(s.jdbc().getDataSource()));
        for (String feedId : s.feeds().inState(FeedLedger.State.PACKAGED)) {
            if (acks.byFeed(feedId, Ack.Stage.RECEIVED).isEmpty()) {
                FeedLedger.Feed feed = s.feeds().feed(feedId).orElseThrow();
                Ack received = new Ack(Ack.TYPE, Ack.VERSION, feedId + ".RECEIVED", feedId, feed.entry().feedSha256(),
                        Ack.Stage.RECEIVED, Ack.Status.ACCEPTED, Instant.now(), new Ack.Counts(
                        feed.verification().records(), feed.verification().accepted(), 0, 0), List.of(), List.of());
                acks.store(received, signer.sign(received), feed.verification().intakeId(), "ncrb", "HTTPS");
            }
        }
        AckOutlet outlet = new AckOutlet(work.resolve("sftp"), acks, null,
                new AckHandovers(acks, events, tx, s.clock()));
        return new FeedCompletion(s.feeds(), s.outbox(), s.tips(), acks, new AckBuilder(s.clock()),
                signer, outlet, events, tx, new PackageCompleteness(s.spool(), new FeedContentReader(
                        new RecordValidator(), FeedLimits.defaults()), s.router(), s.tips(), s.outbox()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFeedThatCannotBePackagedDoesNotHoldUpTheNext(String database) throws Exception {
        Setup s = setup(database);
        String broken = record(s, "feed-broken", records(2, 20));
        record(s, "feed-next", records(3, 20));
        s.spool().discard(broken);

        s.packager().packAll();

        assertThat(s.feeds().feed("feed-broken").orElseThrow().state()).isEqualTo(FeedLedger.State.RECEIVED);
        assertThat(s.outbox().byFeed("feed-broken")).isEmpty();
        assertThat(s.feeds().feed("feed-next").orElseThrow().state()).isEqualTo(FeedLedger.State.PACKAGED);
        try (var files = Files.list(s.packager().packagesDir())) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.startsWith("feed-next."));
        }
    }

    /**
     * A share staged while the feed was verified and altered on disk before packaging took it (a
     * byte flipped in the middle, in its last record or in its tag; the file cut) is refused: the
     * attempt fails, packages nothing and records nothing, and says why in the log; the retry reads
     * the feed back from the evidence, so the recipient gets its records as signed, never the altered
     * bytes. mp-scc's share is filtered (one of its tips was sent before), and so read line by line to
     * its stated length, the way that once signed bytes no tag had covered; mp-indore's is read whole.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStagedShareAlteredOnDiskIsRefusedAndTheFeedPackagedFromTheEvidence(String database) throws Exception {
        Setup s = setup(database);
        int n = 0;
        for (String recipient : List.of("mp-scc", "mp-indore")) {
            for (String alteration : List.of("middle", "last record", "tag", "cut")) {
                String feedId = "feed-staged-" + n;
                List<String> records = records(100 + n++, 300);
                String sentBefore = tipRoutedTo(s, records, "mp-scc");
                sentEarlier(s, List.of(new TipLedger.TipDelivery("mp-scc", sentBefore, "earlier.mp-scc", "earlier", 2)));
                String intakeId = record(s, feedId, records);
                stage(s, intakeId, feedId, records);
                FeedShares shares = s.staged().take(intakeId).orElseThrow();
                FeedShares.Share share = shares.shares().stream().filter(sh -> sh.recipient().equals(recipient))
                        .findFirst().orElseThrow();
                alter(share.file(), alteration);
                assertThat(s.staged().offer(intakeId, shares)).isTrue();

                assertThat(s.packager().packNext()).as("%s, %s", recipient, alteration).contains(feedId);

                assertThat(s.feeds().feed(feedId).orElseThrow().state()).as("%s, %s", recipient, alteration)
                        .isEqualTo(FeedLedger.State.RECEIVED);
                assertThat(s.outbox().byFeed(feedId)).isEmpty();
                assertThat(s.jdbc().queryForObject("SELECT COUNT(*) FROM tip_deliveries WHERE feed_id = ?", Long.class,
                        feedId)).isZero();
                try (var files = Files.list(s.packager().packagesDir())) {
                    assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith(feedId + "."));
                }

                s.clock().advance(FeedPackager.RETRY_FAILED_AFTER.plusSeconds(1));
                assertThat(s.packager().packNext()).contains(feedId);
                assertThat(s.feeds().feed(feedId).orElseThrow().state()).isEqualTo(FeedLedger.State.PACKAGED);
                assertThat(opened(s, feedId, recipient)).as("%s, %s", recipient, alteration)
                        .isEqualTo(routedTo(s, records, recipient, recipient.equals("mp-scc") ? sentBefore : null));
            }
        }
    }

    /**
     * The evidence altered on disk before packaging read it back (a byte flipped in the middle, in
     * the last record or in the tag; the file cut): refused each time it is tried, nothing packaged.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void evidenceAlteredOnDiskIsNeverPackaged(String database) throws Exception {
        Setup s = setup(database);
        List<String> altered = new ArrayList<>();
        int n = 0;
        for (String alteration : List.of("middle", "last record", "tag", "cut")) {
            String feedId = "feed-evidence-" + n;
            Path evidence = s.spool().file(record(s, feedId, records(200 + n++, 100)));
            byte[] bytes = Files.readAllBytes(evidence);
            switch (alteration) {
                case "middle" -> bytes[bytes.length / 2] ^= 0x01;
                case "last record" -> bytes[bytes.length - 19] ^= 0x01;
                case "tag" -> bytes[bytes.length - 1] ^= 0x01;
                default -> bytes = Arrays.copyOf(bytes, bytes.length - 1);
            }
            Files.write(evidence, bytes);
            altered.add(feedId);
        }

        for (int pass = 0; pass < 2; pass++) {
            assertThat(s.packager().packAll()).isEqualTo(altered.size());
            for (String feedId : altered) {
                assertThat(s.feeds().feed(feedId).orElseThrow().state()).as(feedId).isEqualTo(FeedLedger.State.RECEIVED);
                assertThat(s.outbox().byFeed(feedId)).isEmpty();
            }
            try (var files = Files.list(s.packager().packagesDir())) {
                assertThat(files).isEmpty();
            }
            s.clock().advance(FeedPackager.RETRY_FAILED_AFTER.plusSeconds(1));
        }
    }

    /** Alters a sealed scratch file: "last record" is the last content byte, before the 16-byte tag. */
    private static void alter(Path file, String how) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (how) {
            case "middle" -> bytes[bytes.length / 2] ^= 0x01;
            case "last record" -> bytes[bytes.length - 17] ^= 0x01;
            case "tag" -> bytes[bytes.length - 1] ^= 0x01;
            case "cut" -> bytes = Arrays.copyOf(bytes, bytes.length - 1);
            default -> throw new IllegalArgumentException(how);
        }
        Files.write(file, bytes);
    }

    /** Stages the feed's records as the intake does while it verifies a feed, and hands them over. */
    private static void stage(Setup s, String intakeId, String feedId, List<String> records) throws Exception {
        FeedStaging.Stage stage = s.staged().begin();
        stage.header(FeedHeader.of(feedId, "ncrb", Instant.now().toString(), records.size()));
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = WireJson.mapper().readTree(records.get(i));
            stage.accepted(i + 2, record.get("tipId").asText(), records.get(i).getBytes(StandardCharsets.UTF_8),
                    record);
        }
        stage.verified(intakeId);
    }

    /** The record lines of the recipient's package of the feed, as the recipient opens it. */
    private static List<String> opened(Setup s, String feedId, String recipient) throws Exception {
        Outbox.Entry entry = s.outbox().byFeed(feedId).stream().filter(p -> p.recipient().equals(recipient))
                .findFirst().orElseThrow();
        PackageOpener opener = new PackageOpener(Pem.readCertificate(Path.of("keys-example/" + recipient + ".crt.pem")),
                Pem.readPrivateKey(Path.of("keys-example/" + recipient + ".key.pem")),
                new SignatureVerifier(VerificationPolicy.forDocuments(
                        Pem.readCertificates(Path.of("keys-example/ca.crt.pem")), List.of(), s.clock())), "tipgate");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        opener.open(s.packager().packagesDir().resolve(entry.fileName()), out);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The records the router sends to the recipient, in line order, but the one it had before. */
    private static List<String> routedTo(Setup s, List<String> records, String recipient, String except) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : records) {
            JsonNode record = WireJson.mapper().readTree(line);
            try {
                if (s.router().recipients(record).contains(recipient) && !record.get("tipId").asText().equals(except)) {
                    lines.add(line);
                }
            } catch (RecordRouter.Unroutable e) {
                // quarantined
            }
        }
        return lines;
    }

    private Setup setup(String database) throws Exception {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        MovableClock clock = new MovableClock();
        LgdTables lgd = LgdTables.bundled();
        AgencyDirectory directory = AgencyDirectory.load(Path.of("config/agencies.yaml"), Path.of("."), lgd, clock);
        var router = new JurisdictionRouter(directory, lgd,
                Gazetteer.bundled(lgd));
        RecordRouter recordRouter = record -> {
            var decision = router.route(record);
            if (decision instanceof Decision.Routed routed) {
                return routed.recipients();
            }
            throw new RecordRouter.Unroutable(((Decision.Unroutable) decision).reason());
        };
        var gatewayCert = Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
        var gatewayKey = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        EvidenceSpool spool = new EvidenceSpool(work.resolve("spool"), gatewayCert, gatewayKey);
        FeedLedger feeds = new FeedLedger(jdbc);
        Outbox outbox = new Outbox(jdbc, clock, new Outbox.Backoff(Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1), "test");
        TipLedger tips = new TipLedger(jdbc);
        StagedFeeds staged = new StagedFeeds(recordRouter, clock);
        PackageWriter writer = new PackageWriter(new PackageBuilder(new CmsSigner(gatewayKey, gatewayCert, List.of(),
                clock)), directory, BUILDERS, tips, tx, work.resolve("packages"));
        Packaging packager = new Packaging(new FeedPackager(staged, feeds, outbox, tips, new EventLog(jdbc, clock), tx,
                "test", clock), new FeedRouting(spool, staged, new FeedContentReader(new RecordValidator(),
                FeedLimits.defaults()), recordRouter, tips, Duration.ZERO), writer);
        return new Setup(packager, feeds, outbox, tips, spool, recordRouter, jdbc, staged, clock);
    }

    private List<String> records(long seed, int count) throws Exception {
        Path file = work.resolve("records-" + seed + ".jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            new FeedGenerator(LgdTables.bundled()).write(seed, count, out);
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).toList();
    }

    /** Signs the records as a feed, spools it, and records it as verified; returns its intake id. */
    private String record(Setup s, String feedId, List<String> records) throws Exception {
        Path file = Files.write(work.resolve(feedId + ".jsonl"), (String.join("\n", records) + "\n").getBytes());
        CmsSigner ncrb = new CmsSigner(Pem.readPrivateKey(Path.of("keys-example/ncrb.key.pem")),
                Pem.readCertificate(Path.of("keys-example/ncrb.crt.pem")), List.of(), Clock.systemUTC());
        byte[] feed = ncrb.sign(FeedAssembler.content(FeedHeader.of(feedId, "ncrb", Instant.now().toString(),
                records.size()), file).open().readAllBytes());
        EvidenceSpool.Spooled spooled = s.spool().take(new ByteArrayInputStream(feed), feed.length);
        s.feeds().record(new FeedLedger.Entry(feedId, spooled.sha256(), "ncrb", "SFTP", Instant.now()),
                new FeedLedger.Verification(spooled.id(), Digests.sha256Hex(feed), Instant.now(), records.size(),
                        records.size(), 0));
        return spooled.id();
    }

    /**
     * Tips sent in an earlier feed's package: its tip-ledger rows, and the package in the outbox,
     * which is what makes them count as sent.
     */
    private static void sentEarlier(Setup s, List<TipLedger.TipDelivery> rows) {
        for (TipLedger.TipDelivery row : rows) {
            if (s.outbox().get(row.packageId()).isEmpty()) {
                s.outbox().add(row.packageId(), row.feedId(), row.recipient(), rows.size(), "e".repeat(64), 1000,
                        row.packageId() + ".p7m");
            }
        }
        s.tips().add(rows);
    }

    /** A tipId whose record the router sends to exactly these recipients. */
    private static String tipRoutedTo(Setup s, List<String> records, String... recipients) throws Exception {
        for (String line : records) {
            JsonNode record = WireJson.mapper().readTree(line);
            try {
                if (s.router().recipients(record).equals(List.of(recipients))) {
                    return record.get("tipId").asText();
                }
            } catch (RecordRouter.Unroutable e) {
                // not this one
            }
        }
        throw new AssertionError("no record routed to " + List.of(recipients) + " in the generated feed");
    }
}
