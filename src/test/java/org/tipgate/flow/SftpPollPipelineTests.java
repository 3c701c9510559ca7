package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.crypto.Digests;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.RemoteSftpServer;
import org.tipgate.testing.TestDatabases;

/**
 * The pipeline fed by polling the national sender's own SFTP server (a MINA SSHD server standing for
 * NCRB's, pinned in a copy of the demo directory that gives ncrb an SFTP outbox): a feed renamed
 * into the outbox is taken, verified and delivered, both signed acks are pushed back to the
 * sender's ack folder, and the file leaves the outbox only once its intake is recorded. A file
 * already taken is not taken twice; a server that does not present the pinned key is never read;
 * a server that is down, or an ack folder that is missing, delays things and loses nothing.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class SftpPollPipelineTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Several polls (every 200 ms, files taken at 1 s old): long enough for a file to be taken. */
    private static final Duration SEVERAL_POLLS = Duration.ofSeconds(3);

    /** Values with spaces and URI characters: every one must reach Camel intact. */
    private static final String OUTBOX = "feeds out";
    private static final String WORK = "poll work & more+%20";

    @TempDir
    static Path work;

    static RemoteSftpServer ncrbServer;
    static Path pin;

    @BeforeAll
    static void sendersOwnServer() throws IOException {
        ncrbServer = RemoteSftpServer.start("ncrb", Path.of("keys-example/tipgate.ssh.pub"), work.resolve("ncrb-server"));
        Files.createDirectories(ncrbServer.root().resolve(OUTBOX));
        Files.createDirectories(ncrbServer.root().resolve("acks"));
        pin = ncrbServer.writeKnownHosts(work.resolve("pins & keys+/ncrb.known_hosts"));
        String demo = Files.readString(Path.of("config/agencies.yaml"));
        String withOutbox = demo.replace("    sshKeys: [keys-example/ncrb.ssh.pub]\n",
                "    sshKeys: [keys-example/ncrb.ssh.pub]\n    endpoints:\n      - {type: SFTP, host: 127.0.0.1, port: "
                        + ncrbServer.port() + ", user: ncrb, remoteDir: '" + OUTBOX + "', knownHosts: '" + pin + "'}\n");
        assertThat(withOutbox).isNotEqualTo(demo);
        Files.writeString(work.resolve("agencies.yaml"), withOutbox);
    }

    @AfterAll
    static void stopServer() throws IOException {
        ncrbServer.close();
    }

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        registry.add("tipgate.directory", () -> work.resolve("agencies.yaml").toString());
        registry.add("tipgate.sftp.root", () -> work.resolve("sftp").toString());
        registry.add("tipgate.spool", () -> work.resolve("spool").toString());
        registry.add("tipgate.packages", () -> work.resolve("packages").toString());
        registry.add("tipgate.delivery.directory-base", () -> work.toString());
        registry.add("tipgate.sftp.host-key", () -> work.resolve("host-key").toString());
        registry.add("tipgate.poll.work-directory", () -> work.resolve(WORK).toString());
        registry.add("tipgate.poll.delay-millis", () -> "200");
        registry.add("tipgate.poll.min-age-millis", () -> "1000");
        registry.add("tipgate.poll.ack-retry-millis", () -> "300");
        TestDatabases.register(registry, "sftp-poll-pipeline");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Test
    void theSendersFlowIsMadeFromItsDirectoryEntryWithThePinAloneAndTheGatewaysKey() {
        SftpEndpoint endpoint = (SftpEndpoint) camel.getRoute("sftp-poll-ncrb").getEndpoint();
        SftpConfiguration sftp = endpoint.getConfiguration();

        assertThat(sftp.getHost()).isEqualTo("127.0.0.1");
        assertThat(sftp.getPort()).isEqualTo(ncrbServer.port());
        assertThat(sftp.getDirectory()).isEqualTo(OUTBOX);
        assertThat(sftp.getUsername()).isEqualTo("ncrb");
        assertThat(sftp.getKnownHostsFile()).isEqualTo(pin.toAbsolutePath().toString());
        assertThat(sftp.getStrictHostKeyChecking()).isEqualTo("yes");
        assertThat(sftp.isUseUserKnownHostsFile()).isFalse();
        assertThat(sftp.isAutoCreateKnownHostsFile()).isFalse();
        assertThat(sftp.getPrivateKeyFile()).isEqualTo(Path.of("keys-example/tipgate.ssh").toAbsolutePath().toString());
        assertThat(sftp.getPreferredAuthentications()).isEqualTo("publickey");
        assertThat(sftp.getPassword()).isNull();
        assertThat(endpoint.getLocalWorkDirectory()).isEqualTo(work.resolve(WORK).resolve("ncrb").toString());
        assertThat(endpoint.isDelete()).isTrue();
        assertThat(endpoint.isNoop()).isFalse();
        assertThat(endpoint.getReadLock()).isEqualTo("changed");
        assertThat(endpoint.getReadLockMinAge()).isEqualTo(1000);
        assertThat(endpoint.isAutoCreate()).isFalse();
    }

    @Test
    void aFeedRenamedIntoTheOutboxIsTakenDeliveredAndAnsweredInTheSendersAckFolder() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "poll-e2e", "ncrb", 120, 5);
        Path partial = Files.copy(feed.feed(), outbox("poll-e2e.p7m.part"));

        throughSeveralPolls(() -> {
            assertThat(partial).as("a file still under its temporary name is not taken").exists();
            assertThat(intakes("poll-e2e.p7m.part")).isZero();
        });

        Files.move(partial, outbox("poll-e2e.p7m"), StandardCopyOption.ATOMIC_MOVE);
        Ack received = awaitRemoteAck("poll-e2e.RECEIVED");
        assertThat(received.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(received.counts()).isEqualTo(new Ack.Counts(120, 120, 0, 0));

        Ack delivered = awaitRemoteAck("poll-e2e.DELIVERED");
        assertThat(delivered.deliveries()).isNotEmpty().allMatch(d -> d.status().equals("DELIVERED"));
        for (Ack.Delivery d : delivered.deliveries()) {
            Path pkg = PipelineFixtures.deliveredPackage(work, d.recipient(), d.packageId());
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, pkg, d.recipient());
            assertThat(opened.header().get("feedId").asText()).isEqualTo("poll-e2e");
            assertThat(feed.lines()).containsAll(opened.records());
        }

        await(() -> Files.notExists(outbox("poll-e2e.p7m")));
        assertThat(jdbc.queryForObject("SELECT channel FROM intakes WHERE source_name = ?", String.class,
                "poll-e2e.p7m")).isEqualTo("SFTP_POLL");
        assertThat(ackNames()).contains("poll-e2e.RECEIVED.p7m", "poll-e2e.DELIVERED.p7m")
                .noneMatch(name -> name.endsWith(".part"));
        assertThat(ncrbServer.events()).contains("write /acks/.poll-e2e.RECEIVED.p7m.part",
                "rename /acks/.poll-e2e.RECEIVED.p7m.part -> /acks/poll-e2e.RECEIVED.p7m");
        assertThat(localCopies()).isEmpty();
    }

    @Test
    void aFileTakenBeforeAStopKeptItFromBeingRemovedIsRemovedWithoutBeingTakenTwice() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "poll-again", "ncrb", 20, 6);
        place(feed.feed(), "poll-again.p7m");
        awaitRemoteAck("poll-again.DELIVERED");
        await(() -> Files.notExists(outbox("poll-again.p7m")));

        // What a crash between recording the intake and removing the file leaves: the same file, still there.
        place(feed.feed(), "poll-again.p7m");
        await(() -> Files.notExists(outbox("poll-again.p7m")));

        assertThat(intakes("poll-again.p7m")).isEqualTo(1);
        // The same bytes under another name are a new upload, and that one is a replay.
        place(feed.feed(), "poll-again-copy.p7m");
        await(() -> intakeState("poll-again-copy.p7m").equals("REJECTED"));
        assertThat(jdbc.queryForObject("SELECT rejection_code FROM intakes WHERE source_name = ?", String.class,
                "poll-again-copy.p7m")).isEqualTo(RejectionCode.REPLAY.name());
        awaitRemoteAck(jdbc.queryForObject("SELECT a.ack_id FROM acks a JOIN intakes i ON a.intake_id = i.intake_id"
                + " WHERE i.source_name = ?", String.class, "poll-again-copy.p7m"));
        String sha256 = Digests.sha256Hex(feed.feed());
        assertThat(remoteAcks()).filteredOn(a -> sha256.equals(a.feedSha256()) && a.status() == Ack.Status.REJECTED)
                .as("one REPLAY, for the copy under another name; none for the file taken before")
                .singleElement().satisfies(a -> assertThat(a.rejections().get(0).code()).isEqualTo(RejectionCode.REPLAY));
    }

    @Test
    void aServerThatDoesNotPresentThePinnedKeyIsNeverReadAndTheGatewayKeepsPolling(CapturedOutput log)
            throws Exception {
        String pinned = Files.readString(pin);
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "poll-pin", "ncrb", 20, 7);
        try {
            Files.writeString(pin, "[127.0.0.1]:" + ncrbServer.port() + " " + otherHostKey() + "\n");
            // From the first poll refused on the new pin on, no poll gets in.
            await(() -> log.getOut().contains("sftp-poll-ncrb: security: the sender's SFTP server did not present"
                    + " the host key pinned in the directory"));
            int logins = logins();
            place(feed.feed(), "poll-pin.p7m");

            throughSeveralPolls(() -> {
                assertThat(outbox("poll-pin.p7m")).exists();
                assertThat(intakes("poll-pin.p7m")).isZero();
                assertThat(logins()).as("the host key is checked before logging in").isEqualTo(logins);
            });
            assertThat(camel.getRouteController().getRouteStatus("sftp-poll-ncrb").isStarted()).isTrue();
        } finally {
            Files.writeString(pin, pinned);
        }

        awaitRemoteAck("poll-pin.RECEIVED");
        await(() -> Files.notExists(outbox("poll-pin.p7m")));
    }

    @Test
    void aServerThatIsDownIsPolledAgainOnceItIsBack(CapturedOutput log) throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "poll-down", "ncrb", 20, 8);
        ncrbServer.stop();
        try {
            await(() -> log.getOut().contains("sftp-poll-ncrb: cannot poll the sender's outbox"));
            place(feed.feed(), "poll-down.p7m");
            throughSeveralPolls(() -> {
                assertThat(outbox("poll-down.p7m")).exists();
                assertThat(intakes("poll-down.p7m")).isZero();
            });
        } finally {
            ncrbServer.start();
        }

        awaitRemoteAck("poll-down.RECEIVED");
        awaitRemoteAck("poll-down.DELIVERED");
        await(() -> Files.notExists(outbox("poll-down.p7m")));
        assertThat(log.getOut()).contains("sftp-poll-ncrb: the sender's outbox can be read again");
    }

    @Test
    void acksThatCannotBePushedAreRecordedUnwrittenAndPushedOnceTheyCanBe() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "poll-acks", "ncrb", 20, 9);
        Path acks = ncrbServer.root().resolve("acks");
        Path away = Files.move(acks, ncrbServer.root().resolve("acks-away"));
        try {
            place(feed.feed(), "poll-acks.p7m");
            await(() -> unwrittenAcks("poll-acks") == 2);
            await(() -> Files.notExists(outbox("poll-acks.p7m")));
            assertThat(intakeState("poll-acks.p7m")).as("taken in; only the acks wait").isEqualTo("RECEIVED");
        } finally {
            Files.move(away, acks);
        }

        awaitRemoteAck("poll-acks.RECEIVED");
        awaitRemoteAck("poll-acks.DELIVERED");
        await(() -> unwrittenAcks("poll-acks") == 0);
    }

    private static Path outbox(String name) {
        return ncrbServer.root().resolve(OUTBOX).resolve(name);
    }

    /** A sender's upload: a temporary name first, renamed once complete. */
    private static void place(Path feed, String name) throws IOException {
        Path partial = Files.copy(feed, outbox(name + ".part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, outbox(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private int intakes(String sourceName) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM intakes WHERE source_name = ?", Integer.class, sourceName);
    }

    private String intakeState(String sourceName) {
        return jdbc.queryForList("SELECT state FROM intakes WHERE source_name = ?", String.class, sourceName)
                .stream().findFirst().orElse("");
    }

    private int unwrittenAcks(String feedId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM acks WHERE feed_id = ? AND written_at IS NULL",
                Integer.class, feedId);
    }

    private static int logins() {
        return (int) ncrbServer.events().stream().filter(e -> e.startsWith("login")).count();
    }

    private static List<String> ackNames() throws IOException {
        try (Stream<Path> files = Files.list(ncrbServer.root().resolve("acks"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Ack> remoteAcks() throws Exception {
        List<Ack> acks = new ArrayList<>();
        try (Stream<Path> files = Files.list(ncrbServer.root().resolve("acks"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".p7m")).toList()) {
                acks.add(PipelineFixtures.readAck(Files.readAllBytes(file)));
            }
        }
        return acks;
    }

    private static List<Path> localCopies() throws IOException {
        Path copies = work.resolve(WORK).resolve("ncrb");
        if (!Files.isDirectory(copies)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(copies)) {
            return files.toList();
        }
    }

    private static Ack awaitRemoteAck(String ackId) throws Exception {
        return PipelineFixtures.awaitAck(ncrbServer.root().resolve("acks"), a -> a.ackId().equals(ackId), WAIT);
    }

    /** The public key of a host that is not the sender's server, as a known_hosts entry would hold it. */
    private static String otherHostKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return PublicKeyEntry.toString(generator.generateKeyPair().getPublic());
    }

    /** What must stay true for several polls: checked again and again all through them. */
    private static void throughSeveralPolls(ThrowingRunnable assertions) {
        Awaitility.await().during(SEVERAL_POLLS).atMost(SEVERAL_POLLS.plusSeconds(10))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(assertions);
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
