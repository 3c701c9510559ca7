package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
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
import org.tipgate.ack.AckReader;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.AccountFolder;
import org.tipgate.directory.LgdTables;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.FileNames;
import org.tipgate.format.RejectionCode;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.OpenSshSftp;
import org.tipgate.testing.TestDatabases;

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
        TestDatabases.registerGateway(registry, work, "sftp-intake");
        // Relative, as the gateway's default (data/sftp) is.
        registry.add("tipgate.sftp.root", () -> Path.of("").toAbsolutePath().relativize(work.resolve("sftp")).toString());
    }

    /** How long a test waits for the gateway to answer (the machine may be shared and slow). */
    static final Duration ANSWER = Duration.ofSeconds(120);
    /**
     * Records of a feed uploaded first, so that the uploads after it wait while it is taken in, as
     * they do on a busy gateway: their names are reused while they are still waiting.
     */
    static final int BUSY = 5000;

    @Autowired
    EmbeddedSftpServer server;

    @Autowired
    VerifyingUploads verifying;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    JdbcTemplate jdbc;

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
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));

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
        UploadVerification verification = verifying.opened("ncrb", file, true);
        assertThat(verification.write(0, arrived, 0, arrived.length)).isTrue();
        verifying.closed(file, verification);
        verification.end();
        verifying.ended(file, verification);
        Files.copy(kept, file);

        camel.sendBody("seda:sftp-uploads", new Arrival.Upload("ncrb", AccountFolder.INBOX, file));

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

    /**
     * The ack of a replayed feed is named by its feed id, beside that feed's own acks and in a form
     * that can never take their names; before, it was named by the gateway's intake id alone.
     */
    @Test
    void aReplaysAckIsNamedByItsFeedIdAndLeavesTheFirstFeedsAcksAsTheyWere() throws Exception {
        Path feed = feed("flow-named-replay", "ncrb", 12);
        Path acks = server.home("ncrb").resolve("acks");
        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/first.p7m").exit()).isZero();
        awaitAck("flow-named-replay.DELIVERED.p7m");
        byte[] received = Files.readAllBytes(acks.resolve("flow-named-replay.RECEIVED.p7m"));
        byte[] delivered = Files.readAllBytes(acks.resolve("flow-named-replay.DELIVERED.p7m"));

        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/again.p7m").exit()).isZero();

        Ack replay = awaitAckWhere(a -> a.ackId().startsWith("flow-named-replay.REJECTED."));
        assertThat(replay.ackId()).matches("flow-named-replay\\.REJECTED\\.[0-9a-f]{32}");
        assertThat(acks.resolve(replay.ackId() + ".p7m")).isRegularFile();
        assertThat(replay.status()).isEqualTo(Ack.Status.REJECTED);
        assertThat(replay.rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.REPLAY);
            assertThat(r.reason()).startsWith("feed id flow-named-replay was taken in at ");
        });
        assertThat(replay.feedId()).as("the ack is not one of the feed taken in").isNull();
        assertThat(acks.resolve("flow-named-replay.RECEIVED.p7m")).hasBinaryContent(received);
        assertThat(acks.resolve("flow-named-replay.DELIVERED.p7m")).hasBinaryContent(delivered);
    }

    @Test
    void aFeedSignedWithAnExpiredCertificateIsRejectedWithItsCode() throws Exception {
        Path feed = feed("flow-expired", "ncrb-expired", 5);

        assertThat(sftp.run("ncrb", "ncrb", "put " + feed + " inbox/expired.p7m").exit()).isZero();

        Ack ack = awaitAckWhere(a -> a.rejections().stream().anyMatch(r -> r.code() == RejectionCode.CERT_EXPIRED));
        assertThat(ack.ackId()).as("nothing of a feed refused before it verified is trusted, its id included")
                .matches("[0-9a-f]{32}\\.RECEIVED");
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

    @Test
    void aNameUsedAgainInOneSessionGetsEachUploadItsOwnAnswer() throws Exception {
        Path busy = feed("flow-name-busy", "ncrb", BUSY);
        Path first = feed("flow-name-1", "ncrb", 300);
        Path second = feed("flow-name-2", "ncrb", 200);

        OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + busy + " inbox/name-busy.p7m",
                "put " + first + " inbox/reused.p7m", "put " + second + " inbox/reused.p7m");

        assertThat(put.exit()).as(put.output()).isZero();
        assertAnsweredOnce(busy, Ack.Status.ACCEPTED);
        assertAnsweredOnce(first, Ack.Status.ACCEPTED);
        assertAnsweredOnce(second, Ack.Status.ACCEPTED);
    }

    @Test
    void theSameFeedTwiceUnderOneNameIsTakenInOnceAndReplayedOnce() throws Exception {
        Path busy = feed("flow-twice-busy", "ncrb", BUSY);
        Path feed = feed("flow-twice", "ncrb", 100);

        OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + busy + " inbox/twice-busy.p7m",
                "put " + feed + " inbox/twice.p7m", "put " + feed + " inbox/twice.p7m");

        assertThat(put.exit()).as(put.output()).isZero();
        List<Ack> answers = awaitAnswers(feed, 2);
        assertThat(answers).extracting(Ack::status).containsExactlyInAnyOrder(Ack.Status.ACCEPTED, Ack.Status.REJECTED);
        assertThat(answers).filteredOn(a -> a.status() == Ack.Status.REJECTED).singleElement()
                .satisfies(a -> assertThat(a.rejections().get(0).code()).isEqualTo(RejectionCode.REPLAY));
        assertThat(intakesOf(feed)).isEqualTo(2);
        assertAnsweredOnce(busy, Ack.Status.ACCEPTED);
    }

    @Test
    void aFeedRenamedOverTheNameOfOneBeingTakenInGetsItsOwnAnswer() throws Exception {
        Path busy = feed("flow-over-busy", "ncrb", BUSY);
        Path first = feed("flow-over-1", "ncrb", 300);
        Path second = feed("flow-over-2", "ncrb", 50);

        // The temporary file is renamed over the name while the first upload is being taken in.
        OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + busy + " inbox/over-busy.p7m",
                "put " + first + " inbox/over.p7m", "put " + second + " inbox/over.p7m.part",
                "rename inbox/over.p7m.part inbox/over.p7m");

        assertThat(put.exit()).as(put.output()).isZero();
        assertAnsweredOnce(busy, Ack.Status.ACCEPTED);
        assertAnsweredOnce(first, Ack.Status.ACCEPTED);
        assertAnsweredOnce(second, Ack.Status.ACCEPTED);
    }

    @Test
    void renamingAFinishedUploadNeitherLosesNorRepeatsIt() throws Exception {
        Path busy = feed("flow-rename-busy", "ncrb", BUSY);
        Path a = feed("flow-rename-a", "ncrb", 60);
        Path b = feed("flow-rename-b", "ncrb", 300);

        // "-": the batch goes on if the rename fails (it does: a.p7m was taken as it finished).
        OpenSshSftp.Result put = sftp.run("ncrb", "ncrb", "put " + busy + " inbox/rename-busy.p7m",
                "put " + b + " inbox/b.p7m", "put " + a + " inbox/a.p7m", "-rename inbox/a.p7m inbox/b.p7m");

        assertThat(put.exit()).as(put.output()).isZero();
        assertAnsweredOnce(busy, Ack.Status.ACCEPTED);
        assertAnsweredOnce(a, Ack.Status.ACCEPTED);
        assertAnsweredOnce(b, Ack.Status.ACCEPTED);
    }

    @Test
    void twoSessionsUploadingOneNameAtOnceAreEachAnsweredOrToldToTryAgain() throws Exception {
        Path one = feed("flow-together-1", "ncrb", 1000);
        Path two = feed("flow-together-2", "ncrb", 1000);
        // Slowed down to about 500 kB/s, so that each upload lasts seconds and the two overlap.
        List<String> slow = List.of("-l", "4000");

        CompletableFuture<OpenSshSftp.Result> first = CompletableFuture.supplyAsync(() -> put(slow, one, "together.p7m"));
        CompletableFuture<OpenSshSftp.Result> second = CompletableFuture.supplyAsync(() -> put(slow, two, "together.p7m"));
        OpenSshSftp.Result a = first.get(5, TimeUnit.MINUTES);
        OpenSshSftp.Result b = second.get(5, TimeUnit.MINUTES);

        // One finished; the other was refused at once, and told so, while the first was being written.
        assertThat(List.of(a.exit(), b.exit())).as(a.output() + "\n" + b.output()).containsExactlyInAnyOrder(0, 1);
        Path finished = a.exit() == 0 ? one : two;
        Path refused = a.exit() == 0 ? two : one;
        assertAnsweredOnce(finished, Ack.Status.ACCEPTED);
        assertThat(answersTo(refused)).isEmpty();
        assertThat(intakesOf(refused)).isZero();

        // Tried again, it is taken in too.
        assertThat(put(List.of(), refused, "together.p7m").exit()).isZero();
        assertAnsweredOnce(refused, Ack.Status.ACCEPTED);
    }

    private OpenSshSftp.Result put(List<String> options, Path feed, String name) {
        try {
            return sftp.run(options, "ncrb", "ncrb", "put " + feed + " inbox/" + name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the upload of {@code feed} is answered, and for the gateway to have nothing of it
     * left to take in, then checks that it was taken in once and answered once, with {@code status}.
     */
    private void assertAnsweredOnce(Path feed, Ack.Status status) throws Exception {
        List<Ack> answers = awaitAnswers(feed, 1);
        assertThat(answers).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(status));
        assertThat(intakesOf(feed)).isEqualTo(1);
    }

    /** The RECEIVED-stage acks of uploads of {@code feed}, once there are {@code n} and no upload waits. */
    private List<Ack> awaitAnswers(Path feed, int n) throws Exception {
        await().atMost(ANSWER).untilAsserted(() -> {
            assertThat(answersTo(feed)).as("the answers to " + feed.getFileName()).hasSizeGreaterThanOrEqualTo(n);
            assertThat(nothingWaiting()).as("every upload of ncrb taken in").isTrue();
        });
        return answersTo(feed);
    }

    private List<Ack> answersTo(Path feed) throws Exception {
        String sha256 = Digests.sha256Hex(feed);
        List<Ack> answers = new ArrayList<>();
        try (var acks = Files.list(server.home("ncrb").resolve("acks"))) {
            for (Path file : acks.filter(f -> f.toString().endsWith(".p7m")).toList()) {
                Ack ack = read(file);
                if (ack.stage() == Ack.Stage.RECEIVED && sha256.equals(ack.feedSha256())) {
                    answers.add(ack);
                }
            }
        }
        return answers;
    }

    /** No upload of ncrb's waits to be taken in: none in the inbox under its final name, none taken and not yet kept. */
    private boolean nothingWaiting() throws Exception {
        for (Path folder : List.of(server.home("ncrb").resolve("inbox"),
                work.resolve("sftp").resolve(TakenUploads.FOLDER).resolve("ncrb/inbox"))) {
            if (Files.isDirectory(folder)) {
                try (var files = Files.list(folder)) {
                    if (files.anyMatch(f -> !FileNames.isTemporary(f.getFileName().toString()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private int intakesOf(Path feed) throws Exception {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM intakes WHERE feed_sha256 = ?", Integer.class,
                Digests.sha256Hex(feed));
        return n == null ? 0 : n;
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
        Awaitility.await("ack " + name).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(file));
        return read(file);
    }

    private Ack awaitAckWhere(Predicate<Ack> wanted) {
        return Awaitility.await("an ack in " + server.home("ncrb").resolve("acks")).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> ackWhere(wanted), Optional::isPresent).orElseThrow();
    }

    private Optional<Ack> ackWhere(Predicate<Ack> wanted) throws Exception {
        try (var acks = Files.list(server.home("ncrb").resolve("acks"))) {
            for (Path file : acks.filter(f -> f.toString().endsWith(".p7m")).toList()) {
                Ack ack = read(file);
                if (wanted.test(ack)) {
                    return Optional.of(ack);
                }
            }
        }
        return Optional.empty();
    }

    private static Ack read(Path file) throws Exception {
        SignatureVerifier verifier = new SignatureVerifier(VerificationPolicy.forDocuments(
                Pem.readCertificates(Path.of("keys-example/ca.crt.pem")), List.of(), Clock.systemUTC()));
        return new AckReader(verifier, "tipgate").read(Files.readAllBytes(file)).ack();
    }
}
