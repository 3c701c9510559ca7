package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.delivery.Outbox;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.intake.EvidenceSpool;
import org.tipgate.record.RecordValidator;
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

    static java.util.stream.Stream<String> databases() {
        return TestDatabases.names();
    }

    record Setup(FeedPackager packager, FeedLedger feeds, Outbox outbox, TipLedger tips, EvidenceSpool spool,
                 RecordRouter router, JdbcTemplate jdbc) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTipIsLeftOutOnlyForTheRecipientsThatHaveIt(String database) throws Exception {
        Setup s = setup(database);
        List<String> records = records(1, 200);
        String both = tipRoutedTo(s, records, "mp-scc", "mp-indore");
        String stateOnly = tipRoutedTo(s, records, "mp-scc");
        s.tips().add(List.of(new TipLedger.TipDelivery("mp-scc", both, "earlier.mp-scc", "earlier", 2),
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

    private Setup setup(String database) throws Exception {
        var db = TestDatabases.fresh(database);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        Clock clock = Clock.systemUTC();
        LgdTables lgd = LgdTables.bundled();
        AgencyDirectory directory = AgencyDirectory.load(Path.of("routes/agencies.yaml"), Path.of("."), lgd, clock);
        var router = new org.tipgate.routing.JurisdictionRouter(directory, lgd,
                org.tipgate.routing.Gazetteer.bundled(lgd));
        RecordRouter recordRouter = record -> {
            var decision = router.route(record);
            if (decision instanceof org.tipgate.routing.Decision.Routed routed) {
                return routed.recipients();
            }
            throw new RecordRouter.Unroutable(((org.tipgate.routing.Decision.Unroutable) decision).reason());
        };
        var gatewayCert = Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
        var gatewayKey = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        EvidenceSpool spool = new EvidenceSpool(work.resolve("spool"), gatewayCert, gatewayKey);
        FeedLedger feeds = new FeedLedger(jdbc);
        Outbox outbox = new Outbox(jdbc, clock, new Outbox.Backoff(java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), 1), "test");
        TipLedger tips = new TipLedger(jdbc);
        FeedPackager packager = new FeedPackager(spool, new StagedFeeds(recordRouter, clock), new FeedContentReader(new RecordValidator(),
                FeedLimits.defaults()), recordRouter, directory, new PackageBuilder(new CmsSigner(gatewayKey,
                gatewayCert, List.of(), clock)), feeds, outbox, tips, new EventLog(jdbc, clock), tx,
                work.resolve("packages"), clock);
        return new Setup(packager, feeds, outbox, tips, spool, recordRouter, jdbc);
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
