package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckSigner;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.format.Channel;
import org.tipgate.format.PackageHeader;
import org.tipgate.format.WireJson;
import org.tipgate.intake.IntakeLedger;
import org.tipgate.outbox.Outbox;
import org.tipgate.packaging.PackageBuilder;
import org.tipgate.packaging.TipLedger;
import org.tipgate.testing.TestDatabases;

/**
 * The gateway started on what a crash left behind, each crash window seeded by hand in the
 * database and the folders before it starts: it finishes what was half done, removes what was
 * never recorded, and sends nothing twice.
 * <ul>
 * <li>an upload kept and recorded (SPOOLED) but not yet judged, the upload still in the inbox;</li>
 * <li>an upload kept in the spool but not yet recorded, the upload still in the inbox;</li>
 * <li>an upload taken out of the inbox as it finished, not yet kept;</li>
 * <li>an upload that was being kept as it arrived (a {@code .p7m.partial} file in the spool);</li>
 * <li>package files written by a packaging whose transaction rolled back;</li>
 * <li>a DELIVERED ack recorded but not yet written to the sender's acks/;</li>
 * <li>a package put in the recipient's folder by a delivery whose success was never recorded,
 *     its lease left behind by the dead gateway; another put in a district's SFTP outbox (PULL) the
 *     same way; and one a district had collected whole and removed from its outbox before the
 *     gateway recorded the delivery.</li>
 * </ul>
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
@DirtiesContext
class StartupRecoveryTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SPOOLED = "seeded-spooled";
    private static final String UNRECORDED = "seeded-unrecorded";
    private static final String ACKED = "seeded-acked";
    private static final String DELIVERING = "seeded-delivering";
    private static final String TAKEN = "seeded-taken";

    @TempDir
    static Path work;
    static PipelineFixtures.SignedFeed spooledFeed;
    static PipelineFixtures.SignedFeed unrecordedFeed;
    static PipelineFixtures.SignedFeed takenFeed;
    static EvidenceSpool.Spooled spooledEvidence;
    static Path halfKept;
    static EvidenceSpool.Spooled orphanEvidence;
    static byte[] unwrittenAck;
    static Map<String, Object> deliveredBeforeCrash = new HashMap<>();

    @DynamicPropertySource
    static void crashedGateway(DynamicPropertyRegistry registry) throws Exception {
        Map<String, Supplier<Object>> database = new HashMap<>();
        TestDatabases.register((name, value) -> {
            database.put(name, value);
            registry.add(name, value);
        }, "startup-recovery");
        registry.add("tipgate.sftp.root", () -> work.resolve("sftp").toString());
        registry.add("tipgate.spool", () -> work.resolve("spool").toString());
        registry.add("tipgate.packages", () -> work.resolve("packages").toString());
        registry.add("tipgate.delivery.directory-base", () -> work.toString());
        registry.add("tipgate.sftp.host-key", () -> work.resolve("host-key").toString());
        seed(database);
    }

    @Autowired
    Outbox outbox;

    @Autowired
    AckLedger acks;

    @Autowired
    EventLog events;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EvidenceSpool spool;

    @Test
    void theGatewayFinishesWhatACrashLeftHalfDoneAndSendsNothingTwice() throws Exception {
        Path ncrbAcks = work.resolve("sftp/ncrb/acks");
        for (String feed : List.of(SPOOLED, UNRECORDED, TAKEN, DELIVERING)) {
            Ack delivered = PipelineFixtures.awaitAck(ncrbAcks, a -> a.ackId().equals(feed + ".DELIVERED"), WAIT);
            assertThat(delivered.deliveries()).as(feed).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.status()).isEqualTo("DELIVERED"));
        }

        // Kept and recorded, not judged: judged once, and its upload is not taken a second time.
        assertThat(intakesOf(spooledEvidence.sha256())).containsExactly(spooledEvidence.id() + " RECEIVED");
        assertDeliveredAsRouted(SPOOLED, spooledFeed);

        // Kept, not recorded: the orphan copy is removed and the upload, still waiting, taken in once.
        assertThat(spool.file(orphanEvidence.id())).doesNotExist();
        assertThat(halfKept).as("an upload's evidence never finished").doesNotExist();
        assertThat(intakesOf(orphanEvidence.sha256())).singleElement()
                .satisfies(row -> assertThat(row).endsWith(" RECEIVED").doesNotStartWith(orphanEvidence.id()));
        assertDeliveredAsRouted(UNRECORDED, unrecordedFeed);
        try (Stream<Path> inbox = Files.list(work.resolve("sftp/ncrb/inbox"))) {
            assertThat(inbox).isEmpty();
        }

        // Taken out of the inbox as it finished, not yet kept: taken in once, under the name it was uploaded as.
        assertThat(jdbc.queryForList("SELECT source_name || ' ' || state FROM intakes WHERE feed_sha256 = ?",
                String.class, Digests.sha256Hex(takenFeed.feed()))).containsExactly(TAKEN + ".p7m RECEIVED");
        assertDeliveredAsRouted(TAKEN, takenFeed);
        try (Stream<Path> taken = Files.list(work.resolve("sftp/.taken/ncrb/inbox"))) {
            assertThat(taken).isEmpty();
        }

        // Package files of a packaging that rolled back are gone; every recorded one is kept.
        try (Stream<Path> files = Files.list(work.resolve("packages"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted())
                    .containsExactlyInAnyOrderElementsOf(outbox.fileNames());
        }

        // The recorded ack is written, as signed; the ack already written is not written again.
        assertThat(ncrbAcks.resolve(ACKED + ".DELIVERED.p7m")).hasBinaryContent(unwrittenAck);
        assertThat(acks.byId(ACKED + ".DELIVERED").orElseThrow().writtenAt()).isNotNull();
        assertThat(ncrbAcks.resolve(ACKED + ".RECEIVED.p7m")).doesNotExist();

        // The packages already in the recipients' folder or SFTP outbox are recorded delivered without
        // being written again; the one a district collected and removed is not put back.
        for (String recipient : List.of("mp-scc", "mp-gwalior")) {
            Path placed = PipelineFixtures.deliveredPackage(work, recipient, DELIVERING + "." + recipient);
            assertThat(Files.readAttributes(placed, BasicFileAttributes.class).fileKey()).as(recipient)
                    .isEqualTo(deliveredBeforeCrash.get(recipient));
        }
        for (Outbox.Entry p : outbox.byFeed(DELIVERING)) {
            assertThat(p.state()).isEqualTo(Outbox.State.DELIVERED);
            assertThat(p.attempts()).as(p.packageId()).isEqualTo(1);
            List<Path> files = PipelineFixtures.deliveredPackages(work, p.recipient()).stream()
                    .filter(f -> f.getFileName().toString().startsWith(DELIVERING)).toList();
            if (p.recipient().equals("mp-bhopal")) {
                assertThat(files).as("collected and removed before the crash").isEmpty();
                continue;
            }
            assertThat(files).containsExactly(PipelineFixtures.deliveredPackage(work, p.recipient(), p.packageId()));
            assertThat(Digests.sha256Hex(files.get(0))).isEqualTo(p.packageSha256());
            assertThat(PipelineFixtures.openWithOpenSsl(work, files.get(0), p.recipient()).records())
                    .hasSize((int) p.records());
        }
        assertThat(events.byFeed(DELIVERING)).filteredOn(e -> e.event().type() == EventType.PACKAGE_DELIVERED)
                .hasSize(4);
    }

    private List<String> intakesOf(String sha256) {
        return jdbc.queryForList("SELECT intake_id || ' ' || state FROM intakes WHERE feed_sha256 = ?", String.class,
                sha256);
    }

    /** Every recipient has exactly its records of the feed, in one package, in its folder. */
    private void assertDeliveredAsRouted(String feedId, PipelineFixtures.SignedFeed feed) throws Exception {
        PipelineFixtures.Routing routing = PipelineFixtures.route(feed.lines(), Path.of("config/agencies.yaml"));
        assertThat(outbox.byFeed(feedId)).extracting(Outbox.Entry::recipient)
                .containsExactlyInAnyOrderElementsOf(routing.shares().keySet());
        for (String recipient : routing.shares().keySet()) {
            Path pkg = PipelineFixtures.deliveredPackage(work, recipient, feedId + "." + recipient);
            assertThat(PipelineFixtures.deliveredPackages(work, recipient))
                    .filteredOn(f -> f.getFileName().toString().startsWith(feedId + ".")).containsExactly(pkg);
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, pkg, recipient);
            assertThat(opened.records()).as(feedId + " for " + recipient)
                    .containsExactlyElementsOf(routing.share(recipient));
        }
    }

    /** The state a crash left: the database and the folders, as the gateway will find them. */
    private static void seed(Map<String, Supplier<Object>> database) throws Exception {
        String url = (String) database.get("spring.datasource.url").get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url,
                value(database, "spring.datasource.username", "tipgate"),
                value(database, "spring.datasource.password", ""));
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (database.containsKey("spring.flyway.schemas")) {
            flyway.schemas(value(database, "spring.flyway.schemas", null)).createSchemas(true);
        }
        flyway.load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        X509Certificate gatewayCert = Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem"));
        PrivateKey gatewayKey = Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem"));
        CmsSigner gateway = new CmsSigner(gatewayKey, gatewayCert, List.of(), Clock.systemUTC());
        EvidenceSpool spool = new EvidenceSpool(work.resolve("spool"), gatewayCert, gatewayKey);
        IntakeLedger intakes = new IntakeLedger(jdbc);
        Path inbox = Files.createDirectories(work.resolve("sftp/ncrb/inbox"));
        Instant now = Instant.now();

        // Kept and recorded, then the crash: not judged, and the upload not yet removed.
        spooledFeed = PipelineFixtures.feed(work, SPOOLED, "ncrb", 150, 11);
        spooledEvidence = spool.take(spooledFeed.feed());
        intakes.spooled(new IntakeLedger.Intake(spooledEvidence.id(), "ncrb", Channel.SFTP,
                SPOOLED + ".p7m", spooledEvidence.sha256(), spooledEvidence.bytes(), now, IntakeLedger.State.SPOOLED,
                null));
        Files.copy(spooledFeed.feed(), inbox.resolve(SPOOLED + ".p7m"));

        // Kept, then the crash before it was recorded: the upload is still waiting.
        unrecordedFeed = PipelineFixtures.feed(work, UNRECORDED, "ncrb", 150, 12);
        orphanEvidence = spool.take(unrecordedFeed.feed());
        Files.copy(unrecordedFeed.feed(), inbox.resolve(UNRECORDED + ".p7m"));

        // An upload taken out of the inbox as it finished, then the crash before it was kept.
        takenFeed = PipelineFixtures.feed(work, TAKEN, "ncrb", 150, 14);
        Files.copy(takenFeed.feed(), Files.createDirectories(work.resolve("sftp/.taken/ncrb/inbox"))
                .resolve("0123456789abcdef0123456789abcdef." + TAKEN + ".p7m"));

        // An upload being kept as it arrived when the gateway died: never finished, never named.
        EvidenceSpool.Receiving arriving = spool.receive(1000);
        arriving.write(randomBytes(400), 0, 400);
        try (Stream<Path> files = Files.list(work.resolve("spool"))) {
            halfKept = files.filter(f -> f.toString().endsWith(".p7m.partial")).findFirst().orElseThrow();
        }

        // A packaging that rolled back: its files were written, its rows never committed.
        Path packages = Files.createDirectories(work.resolve("packages"));
        Files.write(packages.resolve("rolled-back.mp-scc.p7m"), randomBytes(4096));
        Files.write(packages.resolve("rolled-back.dl-ifso.p7m.partial"), randomBytes(1000));

        AckSigner signer = new AckSigner(gateway);
        AckLedger ackLedger = new AckLedger(jdbc);
        FeedLedger feeds = new FeedLedger(jdbc);

        // A feed completed, its DELIVERED ack signed and recorded, then the crash before it was written.
        String ackedIntake = recordFeed(feeds, intakes, ACKED, now, 4);
        feeds.advance(ACKED, FeedLedger.State.RECEIVED, FeedLedger.State.PACKAGED);
        feeds.advance(ACKED, FeedLedger.State.PACKAGED, FeedLedger.State.DELIVERED);
        Ack receivedAck = ack(ACKED, Ack.Stage.RECEIVED, now, 4, List.of());
        ackLedger.store(receivedAck, signer.sign(receivedAck), ackedIntake, "ncrb", "SFTP");
        ackLedger.written(receivedAck.ackId(), now);
        Ack deliveredAck = ack(ACKED, Ack.Stage.DELIVERED, now, 4, List.of(new Ack.Delivery("mp-scc",
                ACKED + ".mp-scc", 4, "DELIVERED", now, null)));
        unwrittenAck = signer.sign(deliveredAck);
        ackLedger.store(deliveredAck, unwrittenAck, ackedIntake, "ncrb", "SFTP");

        // A feed being delivered: one package reached mp-scc's folder, one mp-gwalior's SFTP outbox,
        // and one mp-bhopal collected whole and removed from its outbox, but the crash came before any
        // of that was recorded, with the dead gateway's lease on them; mp-indore's was not tried yet.
        // Its records and packages are what the gateway's router makes of them (the completeness check
        // before its DELIVERED ack reads the feed back from its evidence and routes it again): three
        // records for each of three districts of Madhya Pradesh, all nine for the state nodal agency.
        List<String> districts = List.of("mp-indore", "mp-gwalior", "mp-bhopal");
        List<String> pool = PipelineFixtures.feed(work, DELIVERING + "-pool", "ncrb", 3000, 13).lines();
        PipelineFixtures.Routing pooled = PipelineFixtures.route(pool, Path.of("config/agencies.yaml"));
        List<String> chosen = new ArrayList<>();
        for (String district : districts) {
            assertThat(pooled.share(district)).as(district).hasSizeGreaterThanOrEqualTo(3);
            chosen.addAll(pooled.share(district).subList(0, 3));
        }
        Path deliveringRecords = Files.write(work.resolve(DELIVERING + ".jsonl"), chosen);
        PipelineFixtures.SignedFeed deliveringFeed = PipelineFixtures.sign(work, DELIVERING, "ncrb", deliveringRecords,
                chosen.size());
        PipelineFixtures.Routing routing = PipelineFixtures.route(chosen, Path.of("config/agencies.yaml"));
        assertThat(routing.shares().keySet()).containsExactlyInAnyOrder("mp-scc", "mp-indore", "mp-gwalior",
                "mp-bhopal");
        EvidenceSpool.Spooled deliveringEvidence = spool.take(deliveringFeed.feed());
        String deliveringIntake = deliveringEvidence.id();
        intakes.spooled(new IntakeLedger.Intake(deliveringIntake, "ncrb", Channel.SFTP,
                DELIVERING + ".p7m", deliveringEvidence.sha256(), deliveringEvidence.bytes(), now,
                IntakeLedger.State.SPOOLED, null));
        intakes.received(deliveringIntake, DELIVERING);
        feeds.record(new FeedLedger.Entry(DELIVERING, deliveringEvidence.sha256(), "ncrb", "SFTP", now),
                new FeedLedger.Verification(deliveringIntake, "cd".repeat(32), now, chosen.size(), chosen.size(), 0));
        feeds.advance(DELIVERING, FeedLedger.State.RECEIVED, FeedLedger.State.PACKAGED);
        Ack deliveringReceived = ack(DELIVERING, Ack.Stage.RECEIVED, now, chosen.size(), List.of());
        ackLedger.store(deliveringReceived, signer.sign(deliveringReceived), deliveringIntake, "ncrb", "SFTP");
        ackLedger.written(deliveringReceived.ackId(), now);
        Outbox outbox = new Outbox(jdbc, Clock.systemUTC(), new Outbox.Backoff(Duration.ofSeconds(1),
                Duration.ofSeconds(1), 12), "dead-gateway");
        TipLedger tips = new TipLedger(jdbc);
        Set<String> seededTips = new HashSet<>();
        for (String recipient : routing.shares().keySet()) {
            List<String> share = routing.share(recipient);
            String packageId = DELIVERING + "." + recipient;
            Path file = packages.resolve(packageId + ".p7m");
            try (OutputStream out = Files.newOutputStream(file)) {
                new PackageBuilder(gateway).build(new PackageHeader(PackageHeader.TYPE, PackageHeader.VERSION,
                        packageId, DELIVERING, deliveringEvidence.sha256(), "ncrb", "ab".repeat(32), now, recipient,
                        share.size()),
                        ContentSource.of((String.join("\n", share) + "\n").getBytes(StandardCharsets.UTF_8)),
                        Pem.readCertificate(Path.of("keys-example", recipient + ".crt.pem")), out);
            }
            outbox.add(packageId, DELIVERING, recipient, share.size(), Digests.sha256Hex(file), Files.size(file),
                    file.getFileName().toString());
            List<TipLedger.TipDelivery> delivered = new ArrayList<>();
            for (String line : share) {
                String tipId = WireJson.mapper().readTree(line).get("tipId").asText();
                seededTips.add(tipId);
                delivered.add(new TipLedger.TipDelivery(recipient, tipId, packageId, DELIVERING,
                        chosen.indexOf(line) + 2));
            }
            tips.add(delivered);
        }
        for (String recipient : List.of("mp-scc", "mp-gwalior", "mp-bhopal")) {
            jdbc.update("UPDATE packages SET lease_until = ? WHERE package_id = ?",
                    Timestamp.from(now.minusSeconds(30)), DELIVERING + "." + recipient);
        }
        Path scc = Files.createDirectories(work.resolve("data/outbox/mp-scc")).resolve(DELIVERING + ".mp-scc.p7m");
        Files.copy(packages.resolve(DELIVERING + ".mp-scc.p7m"), scc);
        deliveredBeforeCrash.put("mp-scc", Files.readAttributes(scc, BasicFileAttributes.class).fileKey());
        Path gwalior = Files.createDirectories(work.resolve("sftp/mp-gwalior/outbox"))
                .resolve(DELIVERING + ".mp-gwalior.p7m");
        Files.copy(packages.resolve(DELIVERING + ".mp-gwalior.p7m"), gwalior);
        deliveredBeforeCrash.put("mp-gwalior", Files.readAttributes(gwalior, BasicFileAttributes.class).fileKey());
        jdbc.update("UPDATE packages SET collected_at = ?, removed_at = ? WHERE package_id = ?", Timestamp.from(now),
                Timestamp.from(now), DELIVERING + ".mp-bhopal");

        // The seeds must not share tips, or one feed's records would be refused as another's duplicates.
        for (PipelineFixtures.SignedFeed feed : List.of(spooledFeed, unrecordedFeed, takenFeed)) {
            for (String line : feed.lines()) {
                assertThat(seededTips.add(WireJson.mapper().readTree(line).get("tipId").asText())).isTrue();
            }
        }
    }

    private static String recordFeed(FeedLedger feeds, IntakeLedger intakes, String feedId, Instant at, long records)
            throws Exception {
        String intakeId = Digests.sha256Hex(feedId.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        intakes.spooled(new IntakeLedger.Intake(intakeId, "ncrb", Channel.SFTP, feedId + ".p7m",
                sha256Of(feedId), 1000, at, IntakeLedger.State.SPOOLED, null));
        intakes.received(intakeId, feedId);
        feeds.record(new FeedLedger.Entry(feedId, sha256Of(feedId), "ncrb", "SFTP", at),
                new FeedLedger.Verification(intakeId, "cd".repeat(32), at, records, records, 0));
        return intakeId;
    }

    private static Ack ack(String feedId, Ack.Stage stage, Instant at, long records, List<Ack.Delivery> deliveries) {
        return new Ack(Ack.TYPE, Ack.VERSION, feedId + "." + stage, feedId, sha256Of(feedId), stage, Ack.Status.ACCEPTED,
                at, new Ack.Counts(records, records, 0, 0), List.of(), deliveries);
    }

    private static String sha256Of(String feedId) {
        return Digests.sha256Hex(("feed " + feedId).getBytes(StandardCharsets.UTF_8));
    }

    private static String value(Map<String, Supplier<Object>> database, String name, String otherwise) {
        Supplier<Object> value = database.get(name);
        return value == null ? otherwise : String.valueOf(value.get());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
