package org.tipgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Pem;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.testing.Bytes;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.OpenSsl;
import org.tipgate.testing.TestDatabases;

/**
 * Bad input over the real SFTP intake: each broken feed gets its rejection code in a signed ack,
 * nothing of it is packaged, and the gateway keeps serving (a good feed after all of them is
 * delivered). Invalid and duplicated records are refused one by one and left out of the packages.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"server.port=0", "management.server.port=0", "tipgate.limits.max-content-bytes=2000000"})
class BadInputPipelineTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        TestDatabases.registerGateway(registry, work, "bad-input");
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    JdbcTemplate jdbc;

    OpenSshSftp sftp;

    @BeforeEach
    void client() throws Exception {
        sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
    }

    @Test
    void eachBrokenFeedIsRefusedWithItsCodeAndTheGatewayKeepsServing() throws Exception {
        List<Case> cases = new ArrayList<>();
        byte[] good = Files.readAllBytes(PipelineFixtures.feed(work, "bad-tampered", "ncrb", 20, 1).feed());
        int digit = Bytes.indexOf(good, "\"tipId\":\"".getBytes(StandardCharsets.US_ASCII)) + 9;
        good[digit] = (byte) (good[digit] == '9' ? '1' : good[digit] + 1);
        cases.add(new Case("tampered.p7m", good, RejectionCode.SIGNATURE_INVALID));
        cases.add(new Case("garbage.p7m", "this is not a CMS structure".getBytes(), RejectionCode.MALFORMED_CMS));
        byte[] whole = Files.readAllBytes(PipelineFixtures.feed(work, "bad-truncated", "ncrb", 20, 2).feed());
        cases.add(new Case("truncated.p7m", Arrays.copyOf(whole, whole.length / 2), RejectionCode.MALFORMED_CMS));
        cases.add(new Case("expired.p7m", Files.readAllBytes(PipelineFixtures.feed(work, "bad-expired", "ncrb-expired",
                5, 3).feed()), RejectionCode.CERT_EXPIRED));
        cases.add(new Case("revoked.p7m", Files.readAllBytes(PipelineFixtures.feed(work, "bad-revoked", "ncrb-revoked",
                5, 4).feed()), RejectionCode.CERT_REVOKED));
        cases.add(new Case("old.p7m", signedAt("bad-old", Instant.now().minus(Duration.ofDays(8))),
                RejectionCode.SIGNING_TIME_OUT_OF_WINDOW));
        cases.add(new Case("wrong-count.p7m", wrongCount("bad-count"), RejectionCode.HEADER_INVALID));
        cases.add(new Case("sha1.p7m", sha1("bad-sha1"), RejectionCode.ALGORITHM_REJECTED));
        cases.add(new Case("state-as-sender.p7m", Files.readAllBytes(PipelineFixtures.feed(work, "bad-sender", "mp-scc",
                5, 5).feed()), RejectionCode.SIGNER_UNTRUSTED));
        cases.add(new Case("huge.p7m", new byte[3_300_000], RejectionCode.TOO_LARGE));

        for (Case c : cases) {
            Path file = Files.write(work.resolve(c.name()), c.bytes());
            assertThat(sftp.run("ncrb", "ncrb", "put " + file + " inbox/" + c.name()).exit()).isZero();
        }
        for (Case c : cases) {
            Ack ack = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"), a -> a.status() == Ack.Status.REJECTED
                    && a.rejections().get(0).code() == c.code() && refused(a, c.name()), WAIT);
            assertThat(ack.feedId()).isNull();
            assertThat(ack.rejections()).hasSize(1);
        }
        assertThat(jdbc.queryForList("SELECT source_name FROM intakes WHERE state = 'REJECTED'", String.class))
                .containsExactlyInAnyOrderElementsOf(cases.stream().map(Case::name).toList());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM packages WHERE feed_id LIKE 'bad-%'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feeds WHERE feed_id LIKE 'bad-%'", Integer.class)).isZero();

        // ... and the next good feed goes through.
        Path next = PipelineFixtures.feed(work, "after-the-bad-ones", "ncrb", 30, 6).feed();
        assertThat(sftp.run("ncrb", "ncrb", "put " + next + " inbox/next.p7m").exit()).isZero();
        Ack delivered = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> "after-the-bad-ones.DELIVERED".equals(a.ackId()), WAIT);
        assertThat(delivered.deliveries()).isNotEmpty().allMatch(d -> d.status().equals("DELIVERED"));
    }

    @Test
    void invalidAndDuplicatedRecordsAreRefusedOneByOneAndNeverDelivered() throws Exception {
        PipelineFixtures.SignedFeed generated = PipelineFixtures.feed(work, "tmp-records", "ncrb", 40, 8);
        List<String> lines = new ArrayList<>(generated.lines());
        lines.set(3, lines.get(3).replace("\"schemaVersion\":\"1\"", "\"schemaVersion\":\"7\""));
        lines.set(10, "{\"not\":\"a tip\"}");
        lines.add(lines.get(20));
        Path records = Files.write(work.resolve("mixed-records.jsonl"), (String.join("\n", lines) + "\n").getBytes());
        PipelineFixtures.SignedFeed feed = PipelineFixtures.sign(work, "records-mixed", "ncrb", records, lines.size());
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed.feed() + " inbox/records-mixed.p7m").exit()).isZero();

        Ack received = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> "records-mixed.RECEIVED".equals(a.ackId()), WAIT);
        assertThat(received.status()).isEqualTo(Ack.Status.PARTIAL);
        assertThat(received.counts()).isEqualTo(new Ack.Counts(41, 38, 3, 0));
        assertThat(received.rejections()).extracting(Ack.Rejection::line, Ack.Rejection::code).containsExactly(
                Tuple.tuple(5L, RejectionCode.RECORD_INVALID),
                Tuple.tuple(12L, RejectionCode.RECORD_INVALID),
                Tuple.tuple(42L, RejectionCode.DUPLICATE_TIP));

        Ack delivered = PipelineFixtures.awaitAck(server.home("ncrb").resolve("acks"),
                a -> "records-mixed.DELIVERED".equals(a.ackId()), WAIT);
        assertThat(delivered.counts().rejected()).isEqualTo(3);
        for (Ack.Delivery d : delivered.deliveries()) {
            PipelineFixtures.Opened opened = PipelineFixtures.openWithOpenSsl(work,
                    PipelineFixtures.deliveredPackage(work, d.recipient(), d.packageId()), d.recipient());
            assertThat(opened.records()).doesNotContain(lines.get(3), lines.get(10)).doesNotHaveDuplicates();
        }
    }

    private record Case(String name, byte[] bytes, RejectionCode code) {
    }

    /** Whether the refused ack is the one for this upload: its intake came from that file. */
    private boolean refused(Ack ack, String name) {
        String intakeId = ack.ackId().substring(0, ack.ackId().indexOf('.'));
        return jdbc.queryForList("SELECT source_name FROM intakes WHERE intake_id = ?", String.class, intakeId)
                .stream().anyMatch(name::equals);
    }

    private byte[] signedAt(String feedId, Instant at) throws Exception {
        Path records = PipelineFixtures.feed(work, feedId + "-records", "ncrb", 5, 9).records();
        FeedHeader header = FeedHeader.of(feedId, "ncrb", at.toString(), 5);
        return new CmsSigner(Pem.readPrivateKey(Path.of("keys-example/ncrb.key.pem")),
                Pem.readCertificate(Path.of("keys-example/ncrb.crt.pem")), List.of(), Clock.fixed(at, ZoneOffset.UTC))
                .sign(FeedAssembler.content(header, records).open().readAllBytes());
    }

    private byte[] wrongCount(String feedId) throws Exception {
        Path records = PipelineFixtures.feed(work, feedId + "-records", "ncrb", 5, 10).records();
        FeedHeader header = FeedHeader.of(feedId, "ncrb", Instant.now().toString(), 6);
        return new CmsSigner(Pem.readPrivateKey(Path.of("keys-example/ncrb.key.pem")),
                Pem.readCertificate(Path.of("keys-example/ncrb.crt.pem")), List.of(), Clock.systemUTC())
                .sign(FeedAssembler.content(header, records).open().readAllBytes());
    }

    /** Signed by OpenSSL with SHA-1, which the policy refuses by name. */
    private byte[] sha1(String feedId) throws Exception {
        Path records = PipelineFixtures.feed(work, feedId + "-records", "ncrb", 5, 11).records();
        Path content = work.resolve(feedId + ".jsonl");
        Files.write(content, FeedAssembler.content(FeedHeader.of(feedId, "ncrb", Instant.now().toString(), 5), records)
                .open().readAllBytes());
        Path out = work.resolve(feedId + ".p7m");
        Path keys = Path.of("keys-example").toAbsolutePath();
        OpenSsl.run(work, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", "sha1", "-in",
                content.toString(), "-signer", keys.resolve("ncrb.crt.pem").toString(), "-inkey",
                keys.resolve("ncrb.key.pem").toString(), "-out", out.toString()).assertSuccess();
        return Files.readAllBytes(out);
    }
}
