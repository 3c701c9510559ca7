package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.events.EventLog;
import org.tipgate.format.Ack;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;

/**
 * Districts collect their packages as the README shows, with the demo directory: a feed uploaded
 * over SFTP, and once its DELIVERED ack is back each district logs in to its own account with
 * OpenSSH's sftp, gets its package from outbox/ and removes it. The package was in no one else's
 * account and in no folder outside it; the whole download and the removal are recorded once, in
 * the database and in the audit trail; a removal before the download is refused.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class PullPipelineTests {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "pull-pipeline");
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog events;

    @Autowired
    Environment environment;

    OpenSshSftp sftp;

    @BeforeEach
    void client() throws Exception {
        sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
    }

    @Test
    void aDistrictGetsItsPackageFromItsSftpOutboxThenRemovesItAndBothAreRecordedOnce() throws Exception {
        Ack delivered = deliver("pull-exact", 400, 61);
        Ack.Delivery indore = delivery(delivered, "mp-indore");
        String name = indore.packageId() + ".p7m";
        Path onServer = server.home("mp-indore").resolve("outbox").resolve(name);
        Path local = Files.createDirectories(work.resolve("indore-desk"));

        assertThat(indore.status()).isEqualTo("DELIVERED");
        assertThat(onServer).as("the package is in the district's own SFTP outbox").isRegularFile();
        assertThat(work.resolve("data/outbox/mp-indore")).as("and nowhere outside its account").doesNotExist();
        OpenSshSftp.Result early = sftp.run("mp-indore", "mp-indore", "rm outbox/" + name);
        assertThat(early.exit()).isNotZero();
        assertThat(early.output()).contains("Permission denied");
        assertThat(onServer).exists();
        OpenSshSftp.Result other = sftp.run("mp-bhopal", "mp-bhopal", "get outbox/" + name + " " + local,
                "get ../mp-indore/outbox/" + name + " " + local);
        assertThat(other.exit()).as("another district cannot take it").isNotZero();

        OpenSshSftp.Result collected = sftp.run("mp-indore", "mp-indore", "get outbox/" + name + " " + local,
                "get outbox/" + name + " " + local.resolve("second-copy.p7m"), "rm outbox/" + name);

        assertThat(collected.exit()).as(collected.output()).isZero();
        assertThat(onServer).doesNotExist();
        PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, local.resolve(name), "mp-indore");
        assertThat(opened.header().get("recipient").asText()).isEqualTo("mp-indore");
        assertThat(opened.records()).hasSize((int) indore.records());
        assertThat(jdbc.queryForMap("SELECT collected_at, removed_at FROM packages WHERE package_id = ?",
                indore.packageId())).allSatisfy((column, at) -> assertThat(at).as(column).isNotNull());
        assertThat(eventTypes(indore.packageId())).containsSubsequence("PACKAGE_DELIVERED", "PACKAGE_COLLECTED",
                "PACKAGE_REMOVED").containsOnlyOnce("PACKAGE_COLLECTED", "PACKAGE_REMOVED");
        assertThat(events.byFeed("pull-exact")).filteredOn(e -> List.of("PACKAGE_COLLECTED", "PACKAGE_REMOVED")
                .contains(e.event().type().name())).hasSize(2).allSatisfy(e -> {
                    assertThat(e.event().actor()).isEqualTo("mp-indore");
                    assertThat(e.event().recipient()).isEqualTo("mp-indore");
                });
        // The operator sees it collected and removed.
        PipelineFixtures.CliRun listed = PipelineFixtures.tipgate("outbox", "list", "--state", "DELIVERED", "--db",
                PipelineFixtures.databaseUrl(environment));
        assertThat(listed.outLines()).filteredOn(l -> l.startsWith(indore.packageId() + "\t")).singleElement()
                .satisfies(l -> assertThat(l).containsPattern("delivered \\S+ to \\S+, collected \\S+, removed \\S+$"));
    }

    @Test
    void aDistrictCollectsWhateverIsInItsOutboxWithAGlobAndEmptiesIt() throws Exception {
        Ack delivered = deliver("pull-glob", 400, 62);
        Ack.Delivery bhopal = delivery(delivered, "mp-bhopal");
        Path local = Files.createDirectories(work.resolve("bhopal-desk"));

        OpenSshSftp.Result result = sftp.run("mp-bhopal", "mp-bhopal", "get outbox/* " + local, "rm outbox/*");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(PipelineFixtures.openWithOpenSsl(work, local.resolve(bhopal.packageId() + ".p7m"), "mp-bhopal")
                .records()).hasSize((int) bhopal.records());
        try (var left = Files.list(server.home("mp-bhopal").resolve("outbox"))) {
            assertThat(left).isEmpty();
        }
        assertThat(eventTypes(bhopal.packageId())).containsOnlyOnce("PACKAGE_COLLECTED", "PACKAGE_REMOVED");
    }

    /** Uploads a feed of {@code records} generated records and returns its DELIVERED ack. */
    private Ack deliver(String feedId, int records, long seed) throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, feedId, "ncrb", records, seed);
        OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/" + feedId + ".p7m");
        assertThat(put.exit()).as(put.output()).isZero();
        return PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> a.ackId().equals(feedId + ".DELIVERED"), WAIT);
    }

    private static Ack.Delivery delivery(Ack delivered, String recipient) {
        return delivered.deliveries().stream().filter(d -> d.recipient().equals(recipient)).findFirst()
                .orElseThrow(() -> new AssertionError("no package for " + recipient + " in " + delivered.deliveries()));
    }

    /** The types of the events about a package, in log order (sequenced, then queued). */
    private List<String> eventTypes(String packageId) {
        return jdbc.queryForList("SELECT type FROM (SELECT 0 AS src, seq AS pos, type FROM events WHERE package_id = ?"
                + " UNION ALL SELECT 1 AS src, id AS pos, type FROM event_queue WHERE package_id = ?) e"
                + " ORDER BY src, pos", String.class, packageId, packageId);
    }
}
