package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.directory.LgdTables;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLimits;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.feed.SenderBinding;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.record.RecordValidator;
import org.tipgate.synthetic.FeedGenerator;
import org.tipgate.testing.TestClock;

/**
 * Feeds verified while they are uploaded: what is found is bound to the bytes (their SHA-256 and
 * length), only an upload written in order is followed, and whatever is not taken is let go with
 * what it staged.
 */
class VerifyingUploadsTests {

    static final int CHUNK = 32 * 1024;

    /** The verifying threads, as the gateway's pool runs them (daemon threads, one per task here). */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "upload-verifier");
        thread.setDaemon(true);
        return thread;
    });

    @TempDir
    Path work;

    final Stages stages = new Stages();
    final TestClock clock = new TestClock();
    final AtomicInteger files = new AtomicInteger();
    EvidenceSpool spool;

    @BeforeEach
    void spool() throws Exception {
        spool = new EvidenceSpool(work.resolve("spool"), Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem")),
                Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem")));
    }

    @Test
    void aFeedWrittenInOrderIsVerifiedAndItsBytesHashed() throws Exception {
        byte[] feed = feed("early-1", 300);
        VerifyingUploads uploads = uploads(2);
        Path file = work.resolve("inbox/early-1.p7m");

        uploaded(uploads, file, feed);

        UploadVerification.Outcome outcome = uploads.take(file).orElseThrow().take().orElseThrow();
        assertThat(outcome.sha256()).isEqualTo(Digests.sha256Hex(feed));
        assertThat(outcome.bytes()).isEqualTo(feed.length);
        assertThat(outcome.feed().status()).isEqualTo(Ack.Status.ACCEPTED);
        assertThat(outcome.feed().content().header().feedId()).isEqualTo("early-1");
        assertThat(outcome.feed().content().accepted()).isEqualTo(300);
        assertThat(outcome.verdicts().size()).isEqualTo(300);
        assertThat(stages.accepted).hasValue(300);
        assertThat(stages.discarded).hasValue(0);
        assertThat(uploads.pending()).isZero();
        assertThat(uploads.take(file)).isEmpty();
    }

    @Test
    void bytesWrittenOutOfOrderLetTheVerificationGoWithWhatItStaged() throws Exception {
        byte[] feed = feed("early-2", 300);
        VerifyingUploads uploads = uploads(2);

        UploadVerification verification = begin(uploads);
        assertThat(verification.write(0, feed, 0, CHUNK)).isTrue();
        assertThat(verification.write(2L * CHUNK, feed, 2 * CHUNK, CHUNK)).isFalse();
        assertThat(verification.write(CHUNK, feed, CHUNK, CHUNK)).isFalse();

        awaitDiscarded(1);
        assertThat(verification.take()).isEmpty();
        assertThat(uploads.pending()).isZero();
    }

    @Test
    void aFeedThatFailsVerificationHasNoOutcome() throws Exception {
        byte[] feed = feed("early-3", 50);
        feed[feed.length / 2] ^= 1;
        VerifyingUploads uploads = uploads(2);
        Path file = work.resolve("inbox/early-3.p7m");

        uploaded(uploads, file, feed);

        assertThat(uploads.take(file).orElseThrow().take()).isEmpty();
        assertThat(stages.discarded).hasValue(1);
        assertThat(uploads.pending()).isZero();
    }

    @Test
    void atMostMaxUploadsAreVerifiedAtOnce() throws Exception {
        byte[] feed = feed("early-4", 20);
        VerifyingUploads uploads = uploads(1);

        UploadVerification first = begin(uploads);
        assertThat(first).isNotNull();
        assertThat(begin(uploads)).isNull();

        writeInOrder(first, feed);
        first.end();
        assertThat(first.take()).isPresent();
        assertThat(begin(uploads)).isNotNull();
        assertThat(begin(uploads(0))).isNull();
    }

    @Test
    void aVerificationLetGoWhileItRunsReleasesItsStageAndNeverHoldsTheWriter() throws Exception {
        byte[] feed = feed("early-5", 300);
        VerifyingUploads uploads = uploads(2);

        UploadVerification verification = begin(uploads);
        assertThat(verification.write(0, feed, 0, CHUNK)).isTrue();
        verification.discard();

        assertThat(verification.write(CHUNK, feed, CHUNK, CHUNK)).isFalse();
        awaitDiscarded(1);
        assertThat(verification.take()).isEmpty();
        assertThat(uploads.pending()).isZero();
    }

    @Test
    void aFinishedVerificationLetGoReleasesItsStage() throws Exception {
        byte[] feed = feed("early-6", 30);
        VerifyingUploads uploads = uploads(2);
        Path file = work.resolve("inbox/early-6.p7m");
        uploaded(uploads, file, feed);

        uploads.take(file).orElseThrow().discard();

        awaitDiscarded(1);
        assertThat(uploads.pending()).isZero();
    }

    @Test
    void anUploadFollowsItsFileWhenRenamedAndIsLetGoWhenRemoved() throws Exception {
        VerifyingUploads uploads = uploads(2);
        Path part = work.resolve("inbox/early-7.p7m.part");
        Path done = work.resolve("inbox/early-7.p7m");
        UploadVerification renamed = uploaded(uploads, part, feed("early-7", 10));

        uploads.moved(part, done);

        assertThat(uploads.take(part)).isEmpty();
        assertThat(uploads.take(done)).containsSame(renamed);
        assertThat(renamed.take()).isPresent();

        Path removed = work.resolve("inbox/early-8.p7m");
        uploaded(uploads, removed, feed("early-8", 10));
        uploads.removed(removed);
        assertThat(uploads.take(removed)).isEmpty();
        awaitDiscarded(1);
    }

    @Test
    void anUploadNobodyTakesIsLetGoAfterAWhile() throws Exception {
        VerifyingUploads uploads = uploads(2);
        Path file = work.resolve("inbox/early-9.p7m.part");
        uploaded(uploads, file, feed("early-9", 10));

        clock.advance(VerifyingUploads.KEEP.plusSeconds(1));
        assertThat(uploads.take(work.resolve("inbox/other.p7m"))).isEmpty();

        assertThat(uploads.take(file)).isEmpty();
        awaitDiscarded(1);
        assertThat(uploads.pending()).isZero();
    }

    @Test
    void stoppingLetsEveryVerificationGo() throws Exception {
        VerifyingUploads uploads = uploads(2);
        UploadVerification running = begin(uploads);
        assertThat(running.write(0, feed("early-10", 100), 0, CHUNK)).isTrue();

        uploads.close();

        awaitDiscarded(1);
        assertThat(uploads.pending()).isZero();
        assertThat(begin(uploads)).isNull();
    }

    @Test
    void anUploadIsKeptAsEvidenceAsItArrivesExactlyAsWritten() throws Exception {
        byte[] feed = feed("early-11", 200);
        VerifyingUploads uploads = uploads(2);
        Path file = work.resolve("inbox/early-11.p7m");

        UploadVerification verification = uploaded(uploads, file, feed);
        assertThat(spoolFiles()).as("under its temporary name until it is taken").hasSize(1)
                .allMatch(name -> name.endsWith(".p7m.partial"));

        assertThat(uploads.take(file)).containsSame(verification);
        EvidenceSpool.Receiving received = verification.takeEvidence().orElseThrow();
        assertThat(verification.takeEvidence()).as("handed over once").isEmpty();
        EvidenceSpool.Spooled spooled = received.keep();
        assertThat(spooled.sha256()).isEqualTo(Digests.sha256Hex(feed));
        assertThat(spooled.bytes()).isEqualTo(feed.length);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        spool.copy(spooled.id(), kept);
        assertThat(kept.toByteArray()).isEqualTo(feed);
        assertThat(verification.take().orElseThrow().sha256()).isEqualTo(spooled.sha256());
        assertThat(spoolFiles()).containsExactly(spooled.id() + ".p7m");
    }

    @Test
    void anUploadIsNotKeptAsItArrivesWhenItsBytesDoNotMatchWhatTheyDeclare() throws Exception {
        byte[] feed = feed("early-12", 50);
        VerifyingUploads uploads = uploads(4);

        byte[] longer = Arrays.copyOf(feed, feed.length + 1);
        Path tooLong = work.resolve("inbox/early-12.p7m");
        assertThat(uploaded(uploads, tooLong, longer).takeEvidence()).as("a byte after the DER ContentInfo").isEmpty();

        byte[] shorter = Arrays.copyOf(feed, feed.length - 1);
        Path tooShort = work.resolve("inbox/early-13.p7m");
        assertThat(uploaded(uploads, tooShort, shorter).takeEvidence()).as("a byte missing").isEmpty();

        // Refused from its first bytes, so the write may already find the verification gone.
        byte[] notDer = "not a feed at all, just text".getBytes(StandardCharsets.US_ASCII);
        UploadVerification text = begin(uploads);
        text.write(0, notDer, 0, notDer.length);
        text.end();
        assertThat(text.takeEvidence()).as("no DER header").isEmpty();

        // A DER header, then not a signed feed: refused before the upload ends, the copy let go at once.
        byte[] notSigned = new byte[260];
        notSigned[0] = 0x30;
        notSigned[1] = (byte) 0x82;
        notSigned[2] = 0x01;
        notSigned[3] = 0x00;
        notSigned[4] = 0x06;
        notSigned[5] = 0x01;
        notSigned[6] = 0x2a;
        UploadVerification refused = begin(uploads);
        refused.write(0, notSigned, 0, 100);

        awaitNothingKept();
    }

    @Test
    void anythingElseWritingTheFileLetsTheUploadGoWithWhatWasKept() throws Exception {
        byte[] feed = feed("early-15", 100);
        VerifyingUploads uploads = uploads(2);
        Path file = work.resolve("inbox/early-15.p7m");

        UploadVerification first = uploads.opened("ncrb", file, true);
        assertThat(first.write(0, feed, 0, CHUNK)).isTrue();
        assertThat(spoolFiles()).hasSize(1);
        assertThat(uploads.opened("ncrb", file, true)).as("a second handle writing the same file").isNull();
        assertThat(first.write(CHUNK, feed, CHUNK, CHUNK)).isFalse();
        awaitDiscarded(1);
        awaitNothingKept();
        uploads.closed(file, null);
        uploads.closed(file, first);

        UploadVerification again = uploaded(uploads, file, feed);
        assertThat(again).as("once both handles are closed, the file is followed again").isNotNull();
        uploads.touched(file);
        assertThat(uploads.take(file)).as("its size set after it ended").isEmpty();
        awaitDiscarded(2);
        awaitNothingKept();

        Path part = work.resolve("inbox/early-16.p7m.part");
        UploadVerification renamedWhileWritten = uploads.opened("ncrb", part, true);
        assertThat(renamedWhileWritten.write(0, feed, 0, CHUNK)).isTrue();
        uploads.moved(part, work.resolve("inbox/early-16.p7m"));
        assertThat(renamedWhileWritten.write(CHUNK, feed, CHUNK, CHUNK)).isFalse();

        uploaded(uploads, file, feed);
        uploads.moved(work.resolve("inbox/other.p7m"), file);
        assertThat(uploads.take(file)).as("another file renamed onto it").isEmpty();
        awaitDiscarded(4);
        awaitNothingKept();
        assertThat(uploads.opened("ncrb", work.resolve("inbox/early-17.p7m"), false)).as("appended to").isNull();
    }

    /** What was kept as an upload arrived is removed by its own thread, once that thread sees it let go. */
    private void awaitNothingKept() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(spoolFiles()).as("nothing left behind").isEmpty());
    }

    private List<String> spoolFiles() throws Exception {
        try (var listing = Files.list(work.resolve("spool"))) {
            return listing.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private VerifyingUploads uploads(int max) throws Exception {
        SignatureVerifier signatures = new SignatureVerifier(VerificationPolicy.forFeeds(
                Pem.readCertificates(Path.of("keys-example/ca.crt.pem")),
                Pem.readCrls(Path.of("keys-example/ca.crl.pem")), Clock.systemUTC()));
        FeedVerifier verifier = new FeedVerifier(signatures,
                new FeedContentReader(new RecordValidator(), FeedLimits.defaults()), SenderBinding.byCommonName());
        return new VerifyingUploads(verifier, stages, spool, FeedLimits.defaults().maxFeedBytes(), max, THREADS, clock);
    }

    /** A handle opened to write a file of its own in the inbox, from the start. */
    private UploadVerification begin(VerifyingUploads uploads) {
        return uploads.opened("ncrb", work.resolve("inbox/upload-" + files.incrementAndGet() + ".p7m"), true);
    }

    /** An upload of {@code feed} to {@code file}, written in order and ended. */
    private static UploadVerification uploaded(VerifyingUploads uploads, Path file, byte[] feed)
            throws Exception {
        UploadVerification verification = uploads.opened("ncrb", file, true);
        writeInOrder(verification, feed);
        uploads.closed(file, verification);
        verification.end();
        uploads.ended(file, verification);
        return verification;
    }

    private static void writeInOrder(UploadVerification verification, byte[] feed) throws Exception {
        for (int offset = 0; offset < feed.length; offset += CHUNK) {
            assertThat(verification.write(offset, feed, offset, Math.min(CHUNK, feed.length - offset))).isTrue();
        }
    }

    private void awaitDiscarded(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> stages.discarded.get() >= count);
        assertThat(stages.discarded).hasValue(count);
    }

    /** A feed of generated records signed with the demo key of ncrb. */
    private byte[] feed(String feedId, int records) throws Exception {
        Path recordsFile = work.resolve(feedId + ".jsonl");
        try (var out = Files.newOutputStream(recordsFile)) {
            new FeedGenerator(LgdTables.bundled()).write(feedId.hashCode(), records, out);
        }
        FeedHeader header = FeedHeader.of(feedId, "ncrb", Instant.now().toString(), records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CmsSigner(Pem.readPrivateKey(Path.of("keys-example/ncrb.key.pem")),
                Pem.readCertificate(Path.of("keys-example/ncrb.crt.pem")), List.of(), Clock.systemUTC())
                .sign(FeedAssembler.content(header, recordsFile), out);
        return out.toByteArray();
    }

    /** Stages that count what they are told. */
    static final class Stages implements FeedStaging {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger discarded = new AtomicInteger();
        final AtomicInteger verified = new AtomicInteger();

        @Override
        public Stage begin() {
            return new Stage() {
                @Override
                public void header(FeedHeader header) {
                }

                @Override
                public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
                    accepted.incrementAndGet();
                }

                @Override
                public void rejected(Ack.Rejection rejection) {
                }

                @Override
                public void verified(String intakeId) {
                    verified.incrementAndGet();
                }

                @Override
                public void discard() {
                    discarded.incrementAndGet();
                }
            };
        }
    }
}
