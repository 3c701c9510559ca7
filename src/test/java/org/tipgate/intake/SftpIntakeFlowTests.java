package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tipgate.ack.AckReader;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.LgdTables;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.OpenSshSftp;

/**
 * The SFTP intake end to end: OpenSSH's sftp uploads a signed feed to the embedded server, the
 * flows keep it, verify it (as it is uploaded, or else from the evidence), record it, and the
 * signed RECEIVED ack appears in the sender's acks/.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"server.port=0", "management.server.port=0"})
class SftpIntakeFlowTests {

    @TempDir
    static Path work;

    @DynamicPropertySource
    static void scratch(DynamicPropertyRegistry registry) {
        org.tipgate.testing.TestDatabases.registerGateway(registry, work, "sftp-intake");
        // Relative, as the gateway's default (data/sftp) is.
        registry.add("tipgate.sftp.root", () -> Path.of("").toAbsolutePath().relativize(work.resolve("sftp")).toString());
    }

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    VerifyingUploads verifying;

    @Autowired
    org.apache.camel.ProducerTemplate camel;

    OpenSshSftp sftp;

    @BeforeEach
    void client() throws Exception {
        sftp = new OpenSshSftp(server.port(), server.knownHostsLine(), work);
    }

    @Test
    void aSignedFeedIsKeptVerifiedAsItIsUploadedAndAnsweredWithTheReceivedAck(CapturedOutput log) throws Exception {
        Path feed = feed("flow-accepted", "ncrb", 200);

        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/flow-accepted.p7m").exit()).isZero();

        Ack ack = awaitAck("flow-accepted.RECEIVED.p7m");
        assertThat(ack.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(ack.feedId()).isEqualTo("flow-accepted");
        assertThat(ack.counts()).isEqualTo(new Ack.Counts(200, 200, 0, 0));
        assertThat(server.home("ncrb").resolve("inbox/flow-accepted.p7m")).doesNotExist();
        try (var spooled = Files.list(work.resolve("spool"))) {
            assertThat(spooled.filter(f -> f.toString().endsWith(".p7m"))).isNotEmpty();
        }
        assertThat(log.getOut()).containsPattern("Took in feed flow-accepted .*; verified as it was uploaded .*, routed")
                .containsPattern("Kept intake \\w+ from ncrb as evidence: " + Files.size(feed) + " bytes, SHA-256 "
                        + Digests.sha256Hex(feed) + "; kept as it was uploaded");
        assertThat(verifying.pending()).isZero();
        assertThat(awaitAck("flow-accepted.DELIVERED.p7m").counts().records()).isEqualTo(200);
    }

    @Test
    void anUploadResumedUnderATemporaryNameIsVerifiedFromTheEvidence(CapturedOutput log) throws Exception {
        Path feed = feed("flow-resumed", "ncrb", 100);
        byte[] bytes = Files.readAllBytes(feed);
        Path half = work.resolve("flow-resumed.half");
        Files.write(half, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        // The first half under the temporary name, then the rest appended to it (not from its first byte).
        assertThat(sftp.run("ncrb", "ncrb", "put " + half + " inbox/flow-resumed.p7m.part",
                "reput " + feed + " inbox/flow-resumed.p7m.part",
                "rename inbox/flow-resumed.p7m.part inbox/flow-resumed.p7m").exit()).isZero();

        Ack ack = awaitAck("flow-resumed.RECEIVED.p7m");
        assertThat(ack.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(ack.counts()).isEqualTo(new Ack.Counts(100, 100, 0, 0));
        assertThat(log.getOut()).containsPattern("Took in feed flow-resumed .*; verified from the evidence, routed")
                .containsPattern("Kept intake \\w+ from ncrb as evidence: " + bytes.length + " bytes, .*; kept from the file");
        assertThat(verifying.pending()).isZero();
        assertThat(awaitAck("flow-resumed.DELIVERED.p7m").counts().records()).isEqualTo(100);
    }

    @Test
    void whatWasVerifiedAsItArrivedCountsOnlyForTheSameBytesAsTheEvidence(CapturedOutput log) throws Exception {
        byte[] arrived = Files.readAllBytes(feed("flow-arrived", "ncrb", 30));
        Path kept = feed("flow-kept", "ncrb", 40);
        Path file = server.home("ncrb").resolve("inbox/flow-swapped.p7m");
        VerifyingUploads.Verification verification = verifying.opened("ncrb", file, true);
        assertThat(verification.write(0, arrived, 0, arrived.length)).isTrue();
        verifying.closed(file, verification);
        verification.end();
        verifying.ended(file, verification);
        Files.copy(kept, file);

        camel.sendBody("seda:sftp-uploads", new FeedIntake.Upload("ncrb", AccountFolder.INBOX, file));

        Ack ack = awaitAck("flow-kept.RECEIVED.p7m");
        assertThat(ack.status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(ack.counts()).isEqualTo(new Ack.Counts(40, 40, 0, 0));
        assertThat(log.getOut()).containsPattern("An upload kept as it arrived has " + arrived.length
                        + " bytes, but its file " + Files.size(kept) + "; keeping the file")
                .containsPattern("Kept intake \\w+ from ncrb as evidence: " + Files.size(kept) + " bytes, .*; kept from the file")
                .contains("is not what was kept as evidence")
                .containsPattern("Took in feed flow-kept .*; verified from the evidence, routed")
                .doesNotContain("Took in feed flow-arrived");
        assertThat(verifying.pending()).isZero();
        assertThat(awaitAck("flow-kept.DELIVERED.p7m").counts().records()).isEqualTo(40);
    }

    @Test
    void theSameFeedAgainIsAReplay() throws Exception {
        Path feed = feed("flow-replayed", "ncrb", 20);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/first.p7m").exit()).isZero();
        awaitAck("flow-replayed.RECEIVED.p7m");

        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/second.p7m").exit()).isZero();

        Ack replay = awaitAckWhere(a -> a.status() == Ack.Status.REJECTED
                && a.rejections().get(0).code() == RejectionCode.REPLAY);
        assertThat(replay.rejections().get(0).reason()).startsWith("feed id flow-replayed was taken in at ");
        assertThat(replay.feedId()).isNull();
    }

    @Test
    void aFeedSignedWithAnExpiredCertificateIsRejectedWithItsCode() throws Exception {
        Path feed = feed("flow-expired", "ncrb-expired", 5);

        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/expired.p7m").exit()).isZero();

        Ack ack = awaitAckWhere(a -> a.rejections().stream().anyMatch(r -> r.code() == RejectionCode.CERT_EXPIRED));
        assertThat(ack.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(ack.counts()).isEqualTo(new Ack.Counts(0, 0, 0, 0));
    }

    @Test
    void aSenderCollectsItsAcksWithAGlobAndSeesThemListed(@TempDir Path local) throws Exception {
        Path feed = feed("flow-collected", "ncrb", 10);
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/flow-collected.p7m").exit()).isZero();
        awaitAck("flow-collected.RECEIVED.p7m");

        OpenSshSftp.Result collected = sftp.run("ncrb", "ncrb", "ls -l acks", "get acks/flow-collected.* " + local);

        assertThat(collected.exit()).as(collected.output()).isZero();
        assertThat(collected.output()).contains("flow-collected.RECEIVED.p7m");
        assertThat(local.resolve("flow-collected.RECEIVED.p7m"))
                .hasSameBinaryContentAs(server.home("ncrb").resolve("acks/flow-collected.RECEIVED.p7m"));
    }

    /** A feed of {@code records} generated records, signed with the demo key of {@code signer} (CN ncrb). */
    private static Path feed(String feedId, String signer, int records) throws Exception {
        Path recordsFile = work.resolve(feedId + ".jsonl");
        try (OutputStream out = Files.newOutputStream(recordsFile)) {
            new FeedGenerator(LgdTables.bundled()).write(feedId.hashCode(), records, out);
        }
        FeedHeader header = FeedHeader.of(feedId, "ncrb", Instant.now().toString(), records);
        Path feed = work.resolve(feedId + ".p7m");
        try (OutputStream out = Files.newOutputStream(feed)) {
            new CmsSigner(Pem.readPrivateKey(Path.of("keys-example", signer + ".key.pem")),
                    Pem.readCertificate(Path.of("keys-example", signer + ".crt.pem")), List.of(), Clock.systemUTC())
                    .sign(FeedAssembler.content(header, recordsFile), out);
        }
        return feed;
    }

    private Ack awaitAck(String name) throws Exception {
        Path file = server.home("ncrb").resolve("acks").resolve(name);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.exists(file) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        return read(file);
    }

    private Ack awaitAckWhere(java.util.function.Predicate<Ack> wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (var acks = Files.list(server.home("ncrb").resolve("acks"))) {
                for (Path file : acks.filter(f -> f.toString().endsWith(".p7m")).toList()) {
                    Ack ack = read(file);
                    if (wanted.test(ack)) {
                        return ack;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such ack in " + server.home("ncrb").resolve("acks"));
    }

    private static Ack read(Path file) throws Exception {
        SignatureVerifier verifier = new SignatureVerifier(VerificationPolicy.forDocuments(
                Pem.readCertificates(Path.of("keys-example/ca.crt.pem")), List.of(), Clock.systemUTC()));
        return new AckReader(verifier, "tipgate").read(Files.readAllBytes(file)).ack();
    }
}
