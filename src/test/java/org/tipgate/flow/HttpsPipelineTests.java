package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.WireJson;
import org.tipgate.testing.Curl;
import org.tipgate.testing.TestDatabases;

/**
 * The whole pipeline over HTTPS: curl with the sender's client certificate posts a signed feed,
 * the response is the signed RECEIVED ack, and the DELIVERED ack and the status are served at
 * their URLs once the packages are in the recipients' folders. Headers a client sets, Camel's own
 * names included in any case, change nothing. A body over the feed limit is refused TOO_LARGE
 * (413) unread; a replay is refused REPLAY (409); no package is built for a refused feed.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "tipgate.limits.max-content-bytes=4000000"})
class HttpsPipelineTests {

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "https-pipeline");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPostedFeedIsAnsweredWithItsReceivedAckAndDeliveredWhateverHeadersItCarries() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "e2e-https", "ncrb", 300, 11);

        Curl.Result posted = post("ncrb", feed.feed(), "CamelFileName: ../../../../tmp/evil",
                "cAmElExecCommandExecutable: /bin/sh", "CamelHttpUri: http://attacker.invalid/",
                "camelbeanmethodname: rejected");

        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.header("Content-Type")).startsWith("application/pkcs7-mime");
        Ack received = PipelineFixtures.readAck(posted.body());
        assertThat(received.ackId()).isEqualTo("e2e-https.RECEIVED");
        assertThat(received.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(received.counts()).isEqualTo(new Ack.Counts(300, 300, 0, 0));
        assertThat(Path.of("/tmp/evil")).doesNotExist();

        Ack delivered = awaitDeliveredAck("e2e-https");
        assertThat(delivered.deliveries()).isNotEmpty().allMatch(d -> d.status().equals("DELIVERED"));
        for (Ack.Delivery d : delivered.deliveries()) {
            Path pkg = PipelineFixtures.deliveredPackage(work, d.recipient(), d.packageId());
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work, pkg, d.recipient());
            assertThat(opened.records()).hasSize((int) d.records());
            assertThat(feed.lines()).containsAll(opened.records());
        }

        Curl.Result status = get("ncrb", "/api/v1/feeds/e2e-https");
        assertThat(status.status()).isEqualTo(200);
        var json = WireJson.mapper().readTree(status.body());
        assertThat(json.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(json.get("packages")).hasSize(delivered.deliveries().size());

        // The feed's own ack URL serves exactly the ack the response carried.
        assertThat(get("ncrb", "/api/v1/feeds/e2e-https/acks/RECEIVED").body()).isEqualTo(posted.body());
        // Each answer with an ack is on record: the RECEIVED ack in the response to the post and when
        // fetched; the DELIVERED ack when fetched (once, by awaitDeliveredAck: a 404 answers no ack).
        List<String> sent = jdbc.queryForList("SELECT detail FROM events WHERE type = 'ACK_SENT'"
                + " AND feed_id = 'e2e-https' UNION ALL SELECT detail FROM event_queue WHERE type = 'ACK_SENT'"
                + " AND feed_id = 'e2e-https'", String.class);
        assertThat(sent).allSatisfy(detail -> assertThat(detail).contains("\"channel\":\"HTTPS\""));
        assertThat(sent).filteredOn(detail -> detail.contains("\"ackId\":\"e2e-https.RECEIVED\"")).hasSize(2);
        assertThat(sent).filteredOn(detail -> detail.contains("\"ackId\":\"e2e-https.DELIVERED\"")).hasSize(1);
        // Another agency sees nothing of it.
        assertThat(get("mp-scc", "/api/v1/feeds/e2e-https").status()).isEqualTo(403);
    }

    @Test
    void aReplayIsRefusedWith409AndNothingMoreIsDelivered() throws Exception {
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "https-replay", "ncrb", 20, 5);
        assertThat(post("ncrb", feed.feed()).status()).isEqualTo(200);
        awaitDeliveredAck("https-replay");
        Integer packages = jdbc.queryForObject("SELECT COUNT(*) FROM packages", Integer.class);

        Curl.Result again = post("ncrb", feed.feed());

        assertThat(again.status()).isEqualTo(409);
        Ack replay = PipelineFixtures.readAck(again.body());
        assertThat(replay.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(replay.rejections()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(RejectionCode.REPLAY));
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM packages", Integer.class))
                        .isEqualTo(packages));
    }

    @Test
    void aBodyOverTheFeedLimitIsRefusedTooLargeUnread() throws Exception {
        Path big = work.resolve("big.p7m");
        Files.write(big, new byte[6_000_000]);

        Curl.Result refused = post("ncrb", big);

        assertThat(refused.status()).isEqualTo(413);
        Ack ack = PipelineFixtures.readAck(refused.body());
        assertThat(ack.rejections()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(RejectionCode.TOO_LARGE));
        // Recorded as refused, with the hash of what was read; nothing of it kept as evidence.
        var refusedIntake = jdbc.queryForMap("SELECT intake_id, state, rejection_code, feed_sha256 FROM intakes"
                + " WHERE bytes > 4000000");
        assertThat(refusedIntake).containsEntry("state", "REJECTED").containsEntry("rejection_code", "TOO_LARGE")
                .containsEntry("feed_sha256", ack.feedSha256());
        assertThat(work.resolve("spool").resolve(refusedIntake.get("intake_id") + ".p7m")).doesNotExist();
    }

    @Test
    void aFeedNamingAnotherSenderThanTheCertificateIsRefused() throws Exception {
        // Signed by ncrb and naming ncrb, but posted with a state agency's certificate: the API refuses it.
        PipelineFixtures.SignedFeed feed = PipelineFixtures.feed(work, "https-wrong-agency", "ncrb", 5, 3);
        assertThat(post("mp-scc", feed.feed()).status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feeds WHERE feed_id = 'https-wrong-agency'",
                Integer.class)).isZero();
    }

    private Ack awaitDeliveredAck(String feedId) throws Exception {
        Curl.Result ack = Awaitility.await("the DELIVERED ack of " + feedId).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Curl.Result answer = get("ncrb", "/api/v1/feeds/" + feedId + "/acks/DELIVERED");
                    assertThat(answer.status()).isIn(200, 404);
                    return answer;
                }, answer -> answer.status() == 200);
        return PipelineFixtures.readAck(ack.body());
    }

    private Curl.Result post(String agency, Path body, String... headers) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-binary", "@" + body.toAbsolutePath(),
                "-H", "Content-Type: application/pkcs7-mime"));
        for (String header : headers) {
            args.add("-H");
            args.add(header);
        }
        args.add("https://localhost:" + port + "/api/v1/feeds");
        return as(agency, args);
    }

    private Curl.Result get(String agency, String path) throws Exception {
        return as(agency, new ArrayList<>(List.of("https://localhost:" + port + path)));
    }

    private Curl.Result as(String agency, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--cacert", "keys-example/ca.crt.pem",
                "--cert", "keys-example/" + agency + ".crt.pem", "--key", "keys-example/" + agency + ".key.pem"));
        all.addAll(args);
        return Curl.run(Path.of("").toAbsolutePath(), all);
    }
}
