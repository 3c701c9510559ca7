package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.ack.AckLedger;
import org.tipgate.crypto.Digests;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.format.Ack;
import org.tipgate.format.WireJson;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.outbox.Outbox;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.RemoteSftpServer;
import org.tipgate.testing.TestDatabases;

/**
 * A recipient's own SFTP server is down while a feed is delivered: the gateway records each failed
 * attempt and keeps the package pending, the other recipients get theirs meanwhile, and once the
 * server is back on the same port the package arrives there exactly once, whole, holding exactly
 * that recipient's records; the DELIVERED ack follows, and nothing is sent again afterwards.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
@DirtiesContext
class RecipientOutageTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FEED = "outage-1";
    private static final String STATE_PACKAGE = FEED + ".mp-scc";
    private static final String DISTRICT_PACKAGE = FEED + ".mp-indore";

    @TempDir
    static Path work;
    static RemoteSftpServer state;
    static RemoteSftpServer district;
    static Path directory;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) throws Exception {
        state = RemoteSftpServer.start("tipgate", Path.of("keys-example/tipgate.ssh.pub"), work.resolve("mp-scc"));
        district = RemoteSftpServer.start("tipgate", Path.of("keys-example/tipgate.ssh.pub"), work.resolve("mp-indore"));
        Files.createDirectories(state.root().resolve("incoming"));
        Files.createDirectories(district.root().resolve("incoming"));
        directory = PipelineFixtures.directoryWith(work, Map.of(
                "mp-scc", PipelineFixtures.sftpEndpoint(state, work, "mp-scc"),
                "mp-indore", PipelineFixtures.sftpEndpoint(district, work, "mp-indore")));
        registry.add("tipgate.directory", directory::toString);
        TestDatabases.registerGateway(registry, work, "recipient-outage");
        registry.add("tipgate.delivery.initial-backoff", () -> "100ms");
        registry.add("tipgate.delivery.max-backoff", () -> "400ms");
        registry.add("tipgate.delivery.max-attempts", () -> "1000");
    }

    @AfterAll
    static void stopServers() throws Exception {
        state.close();
        district.close();
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    Outbox outbox;

    @Autowired
    EventLog events;

    @Autowired
    AckLedger acks;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Test
    void aPackageForAServerThatIsDownIsDeliveredOnceWhenItComesBack() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, FEED, "ncrb", 400, 4711);
        PipelineFixtures.Routing routing = PipelineFixtures.route(feed.lines(), directory);
        assertThat(routing.share("mp-scc")).isNotEmpty();
        assertThat(routing.share("mp-indore")).isNotEmpty();
        state.stop();

        OpenSshSftp sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/" + FEED + ".p7m").exit()).isZero();

        // While the state's server is down: attempts fail and are counted, the package waits, the
        // district's own server gets its package, and the feed is not reported delivered.
        PipelineFixtures.await("three failed attempts at " + STATE_PACKAGE, WAIT,
                () -> failures(STATE_PACKAGE).size() >= 3);
        PipelineFixtures.await(DISTRICT_PACKAGE + " delivered", WAIT, () -> outbox.get(DISTRICT_PACKAGE)
                .map(p -> p.state() == Outbox.State.DELIVERED).orElse(false));
        Outbox.Entry waiting = outbox.get(STATE_PACKAGE).orElseThrow();
        List<EventLog.Recorded> failed = failures(STATE_PACKAGE);
        assertThat(waiting.state()).isEqualTo(Outbox.State.PENDING);
        assertThat(waiting.attempts()).isGreaterThanOrEqualTo(3);
        assertThat(waiting.lastError()).contains("cannot connect or log in to sftp://tipgate@127.0.0.1:" + state.port());
        assertThat(failed).allSatisfy(e -> {
            assertThat(e.event().outcome()).isEqualTo("RETRY");
            assertThat(e.event().recipient()).isEqualTo("mp-scc");
            assertThat(e.event().detail()).containsEntry("retryable", true);
        });
        assertThat(failed.stream().map(e -> ((Number) e.event().detail().get("attempt")).intValue()))
                .as("every attempt is counted, in order").startsWith(1, 2, 3);
        assertThat(acks.byFeed(FEED, Ack.Stage.DELIVERED)).isEmpty();
        assertThat(remoteFiles(state)).isEmpty();

        state.start();

        Ack delivered = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> a.ackId().equals(FEED + ".DELIVERED"), WAIT);
        assertThat(delivered.deliveries()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.status()).isEqualTo("DELIVERED"));
        assertThat(outbox.byFeed(FEED)).allSatisfy(p -> assertThat(p.state()).isEqualTo(Outbox.State.DELIVERED));
        assertThat(delivered.counts().accepted() + delivered.counts().rejected() + delivered.counts().quarantined())
                .isEqualTo(400);

        assertReceivedOnce(state, STATE_PACKAGE, "mp-scc", routing);
        assertReceivedOnce(district, DISTRICT_PACKAGE, "mp-indore", routing);
        int attempts = outbox.get(STATE_PACKAGE).orElseThrow().attempts();
        assertThat(attempts).as("the failed attempts and the one that delivered")
                .isEqualTo(failures(STATE_PACKAGE).size() + 1);

        // More passes of the delivery flow send nothing again.
        NotifyBuilder passes = new NotifyBuilder(camel).fromRoute("delivery").whenCompleted(20).create();
        assertThat(passes.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertReceivedOnce(state, STATE_PACKAGE, "mp-scc", routing);
        assertReceivedOnce(district, DISTRICT_PACKAGE, "mp-indore", routing);
        assertThat(outbox.get(STATE_PACKAGE).orElseThrow().attempts()).isEqualTo(attempts);
        assertThat(events.byFeed(FEED)).filteredOn(e -> e.event().type() == EventType.PACKAGE_DELIVERED)
                .hasSize(delivered.deliveries().size());
    }

    private List<EventLog.Recorded> failures(String packageId) {
        return events.byType(EventType.DELIVERY_FAILED).stream()
                .filter(e -> packageId.equals(e.event().packageId())).toList();
    }

    /**
     * The server holds the package once, under its name, nothing half-written beside it; it was
     * written and renamed once; its bytes are the outbox's; opened with OpenSSL it holds exactly the
     * recipient's records, byte for byte as in the feed, as the tip ledger records them.
     */
    private void assertReceivedOnce(RemoteSftpServer remote, String packageId, String recipient,
                                    PipelineFixtures.Routing routing) throws Exception {
        String name = packageId + ".p7m";
        assertThat(remoteFiles(remote)).containsExactly(name);
        assertThat(remote.events()).filteredOn(e -> !e.startsWith("login")).containsExactly(
                "write /incoming/." + name + ".part", "rename /incoming/." + name + ".part -> /incoming/" + name);
        Path file = remote.root().resolve("incoming").resolve(name);
        Outbox.Entry entry = outbox.get(packageId).orElseThrow();
        assertThat(Digests.sha256Hex(file)).isEqualTo(entry.packageSha256());

        PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, file, recipient);
        assertThat(opened.header().get("packageId").asText()).isEqualTo(packageId);
        assertThat(opened.header().get("recipient").asText()).isEqualTo(recipient);
        assertThat(opened.records()).containsExactlyElementsOf(routing.share(recipient));
        List<String> ledger = jdbc.queryForList("SELECT tip_id FROM tip_deliveries WHERE package_id = ? ORDER BY line",
                String.class, packageId);
        List<String> tipIds = new ArrayList<>();
        for (String record : opened.records()) {
            tipIds.add(WireJson.mapper().readTree(record).get("tipId").asText());
        }
        assertThat(ledger).containsExactlyElementsOf(tipIds);
    }

    private static List<String> remoteFiles(RemoteSftpServer remote) throws Exception {
        try (Stream<Path> files = Files.list(remote.root().resolve("incoming"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
