package org.tipgate.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.ack.SignedAck;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.directory.AccountFolder;
import org.tipgate.events.Event;
import org.tipgate.events.EventBatch;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.format.Ack;
import org.tipgate.format.Channel;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.Text;
import org.tipgate.intake.IntakeLedger.Intake;

/**
 * The steps of taking a feed in, each called by one step of the {@code feed-intake} flow: keep it
 * as evidence and record that ({@link #spool}), verify it and record the verdict with its signed
 * RECEIVED ack ({@link #verify}), and answer the sender ({@link #answer}); or, when it is refused
 * as a whole, record and answer the refusal ({@link #rejected}). Each verdict, the ack that
 * reports it and its events commit in one transaction; the ack reaches an SFTP sender's
 * {@code acks/} folder, or a polled sender's own server, only after that commit ({@link AckOutlet}).
 */
public final class FeedIntake {

    /** Something brought to the gateway that may be a feed. */
    public sealed interface Arrival permits Upload, Posted, Polled {

        String agency();

        Channel channel();

        /** The name the sender gave it, if any (an SFTP file name). */
        String sourceName();

        long length() throws IOException;

        InputStream open() throws IOException;

        /** Lets go of the arrival once it is recorded: the upload is removed, the scratch copy closed. */
        void release() throws IOException;
    }

    /**
     * A file an agency finished uploading to the embedded SFTP server, in the gateway's hands
     * ({@link TakenUploads}): nothing the agency does under the name it used reaches it.
     *
     * @param file       where the gateway keeps the upload until it is taken in
     * @param sourceName the name the agency uploaded it under
     */
    public record Upload(String agency, AccountFolder folder, Path file, String sourceName) implements Arrival {

        /** An upload kept under the name it was uploaded as. */
        public Upload(String agency, AccountFolder folder, Path file) {
            this(agency, folder, file, file.getFileName().toString());
        }

        @Override
        public Channel channel() {
            return Channel.SFTP;
        }

        @Override
        public long length() throws IOException {
            return Files.size(file);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public void release() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A file taken from a sender's own SFTP outbox by the {@code sftp-poll} flow, downloaded to the
     * gateway's work folder. Releasing it removes that local copy; the file on the sender's server
     * is removed by the flow once the intake is recorded.
     *
     * @param sourceName the file's name in the sender's outbox
     */
    public record Polled(String agency, Path localFile, String sourceName) implements Arrival {

        @Override
        public Channel channel() {
            return Channel.SFTP_POLL;
        }

        @Override
        public long length() throws IOException {
            return Files.size(localFile);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(localFile);
        }

        @Override
        public void release() throws IOException {
            Files.deleteIfExists(localFile);
        }
    }

    /**
     * A feed posted to the HTTPS API, held in an encrypted scratch file while it is taken in; or,
     * when {@code body} is null, a post whose declared length ({@code Content-Length}) is over what
     * any feed may have, whose body is never read (it is refused TOO_LARGE on that length alone).
     */
    public record Posted(String agency, SealedSpool body, long declaredLength) implements Arrival {

        public Posted(String agency, SealedSpool body) {
            this(agency, body, -1);
        }

        /** A post refused on its declared length: nothing of its body is read. */
        public static Posted unread(String agency, long declaredLength) {
            return new Posted(agency, null, declaredLength);
        }

        @Override
        public Channel channel() {
            return Channel.HTTPS;
        }

        @Override
        public String sourceName() {
            return null;
        }

        @Override
        public long length() {
            return body == null ? declaredLength : body.length();
        }

        @Override
        public InputStream open() throws IOException {
            return body == null ? InputStream.nullInputStream() : body.input();
        }

        @Override
        public void release() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }

    /**
     * An arrival kept as evidence and recorded.
     *
     * @param early the verification of the upload as it arrived ({@link VerifyingUploads}), if
     *              there was one; {@link #verify} takes it or lets it go
     */
    public record Taken(Intake intake, VerifyingUploads.Verification early) {

        /** An intake to verify from the evidence (resumed after a restart). */
        public Taken(Intake intake) {
            this(intake, null);
        }
    }

    /** A feed whose signature, sender and content hold, recorded with its signed RECEIVED ack. */
    public record Verified(Taken taken, VerifiedFeed feed, Ack ack, AckLedger.Stored stored) {

        public String feedId() {
            return feed.content().header().feedId();
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FeedIntake.class);

    private final EvidenceSpool spool;
    private final VerifyingUploads uploads;
    private final FeedVerifier verifier;
    private final FeedStaging staging;
    private final FeedLimits limits;
    private final FeedLedger feeds;
    private final IntakeLedger intakes;
    private final AckLedger ackLedger;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final AckBuilder acks;
    private final AckSigner signer;
    private final AckOutlet outlet;
    private final Clock clock;

    /** @param uploads the verifications of SFTP uploads as they arrived, which {@link #spool} takes */
    public FeedIntake(EvidenceSpool spool, VerifyingUploads uploads, FeedVerifier verifier, FeedStaging staging,
                      FeedLimits limits, FeedLedger feeds, IntakeLedger intakes, AckLedger ackLedger, EventLog events,
                      TransactionTemplate tx, AckSigner signer, AckOutlet outlet, Clock clock) {
        this.spool = spool;
        this.uploads = uploads;
        this.verifier = verifier;
        this.staging = staging;
        this.limits = limits;
        this.feeds = feeds;
        this.intakes = intakes;
        this.ackLedger = ackLedger;
        this.events = events;
        this.tx = tx;
        this.acks = new AckBuilder(clock);
        this.signer = signer;
        this.outlet = outlet;
        this.clock = clock;
    }

    /**
     * Keeps the arrival as evidence (encrypted at rest) and records it, then lets go of the
     * original. A file larger than any feed may be is refused TOO_LARGE unread. An SFTP upload kept
     * as it arrived ({@link VerifyingUploads}) is not read again when that copy has its length.
     */
    public Taken spool(Arrival arrival) throws IOException, RejectedException {
        VerifyingUploads.Verification early = arrival instanceof Upload upload
                ? uploads.take(upload.file()).orElse(null) : null;
        try {
            return new Taken(keep(arrival, early == null ? null : early.takeEvidence().orElse(null)), early);
        } catch (IOException | RejectedException | RuntimeException e) {
            if (early != null) {
                early.discard();
            }
            throw e;
        }
    }

    /**
     * @param received the upload as it was kept while it arrived ({@link VerifyingUploads}), if it
     *                 was; used when it has exactly the length of the file uploaded, else let go
     */
    private Intake keep(Arrival arrival, EvidenceSpool.Receiving received) throws IOException, RejectedException {
        long t0 = System.nanoTime();
        EvidenceSpool.Spooled spooled;
        String how;
        try (received) {
            long length = arrival.length();
            if (length > limits.maxFeedBytes()) {
                boolean unread = arrival instanceof Posted posted && posted.body() == null;
                throw new RejectedException(RejectionCode.TOO_LARGE, (unread ? "a declared Content-Length of " : "")
                        + length + " bytes; a feed may have at most " + limits.maxFeedBytes()
                        + (unread ? " (refused before any of it was read)" : ""));
            }
            spooled = received == null ? null : keepReceived(received, length);
            if (spooled != null) {
                how = "as it was uploaded";
            } else {
                try (InputStream in = arrival.open()) {
                    spooled = spool.take(in, length);
                }
                how = "from the " + (arrival instanceof Posted ? "request's body" : "file");
            }
        }
        long kept = System.nanoTime();
        Intake intake = new Intake(spooled.id(), arrival.agency(), arrival.channel(), arrival.sourceName(),
                spooled.sha256(), spooled.bytes(), clock.instant(), IntakeLedger.State.SPOOLED, null);
        tx.executeWithoutResult(status -> {
            intakes.spooled(intake);
            events.append(new Event(EventType.FEED_RECEIVED, intake.agency(), null, null, null, null, "SPOOLED",
                    Map.of("intakeId", intake.intakeId(), "channel", intake.channel().name(),
                            "sha256", intake.feedSha256(), "bytes", intake.bytes())));
        });
        arrival.release();
        LOG.info("Kept intake {} from {} as evidence: {} bytes, SHA-256 {}; kept {} in {} ms, recorded in {} ms",
                intake.intakeId(), intake.agency(), intake.bytes(), intake.feedSha256(), how, (kept - t0) / 1_000_000,
                (System.nanoTime() - kept) / 1_000_000);
        return intake;
    }

    /**
     * The upload as it was kept while it arrived, given its name in the spool, if it has the length
     * of the file uploaded (every change to that file other than by the upload let it go, see
     * {@link VerifyingUploads}); null otherwise, and the file is kept instead.
     */
    private EvidenceSpool.Spooled keepReceived(EvidenceSpool.Receiving received, long length) {
        if (received.length() != length) {
            LOG.warn("An upload kept as it arrived has {} bytes, but its file {}; keeping the file", received.length(),
                    length);
            return null;
        }
        try {
            return received.keep();
        } catch (IOException e) {
            LOG.warn("Keeping an upload as it arrived failed; keeping its file", e);
            return null;
        }
    }

    /** An intake already kept and recorded (resumed after a restart) is not kept twice. */
    public Taken spool(Taken taken) {
        return taken;
    }

    /**
     * Verifies the spooled feed (streamed back from the evidence, so what is verified is what is
     * kept), checks that it names as sender the agency that brought it, and records the verdict
     * with its signed RECEIVED ack and its events: FEED_VERIFIED, one RECORD_ACCEPTED or
     * RECORD_REJECTED per record in line order, ACK_SIGNED. A REPLAY is decided by the database here.
     * The records stream through {@code staging} too (routed into their recipients' shares), which
     * hands them over to packaging once the verdict is recorded, so that the feed is read once.
     *
     * <p>An SFTP upload that was verified successfully as it arrived ({@link VerifyingUploads}) is
     * not read again: that verification, of bytes with the same SHA-256 and length as the evidence,
     * is the same as this one would be. Any other outcome of it is let go, and the feed verified from
     * the evidence, whose verdict (and refusal, if any) is then recorded.
     */
    public Verified verify(Taken taken) throws IOException, RejectedException {
        long t0 = System.nanoTime();
        VerifyingUploads.Outcome early = earlyOutcome(taken);
        if (early != null) {
            try {
                return record(taken, early.feed(), early.verdicts(), early.stage(), t0,
                        "verified as it was uploaded (done " + early.lagMillis() + " ms after its last byte)");
            } catch (RejectedException | RuntimeException e) {
                early.stage().discard();
                throw e;
            }
        }
        FeedStaging.Stage stage = staging.begin();
        try {
            RecordVerdicts verdicts = new RecordVerdicts();
            VerifiedFeed feed = spool.read(taken.intake().intakeId(),
                    in -> verifier.verify(new BufferedInputStream(in, 1 << 16), new Both(verdicts, stage)));
            return record(taken, feed, verdicts, stage, t0, "verified from the evidence");
        } catch (IOException | RejectedException | RuntimeException e) {
            stage.discard();
            throw e;
        }
    }

    /**
     * The outcome of verifying the upload as it arrived, if it succeeded and is of exactly the bytes
     * kept as evidence; null otherwise (the verification, if any, let go).
     */
    private VerifyingUploads.Outcome earlyOutcome(Taken taken) throws IOException {
        if (taken.early() == null) {
            return null;
        }
        Intake intake = taken.intake();
        VerifyingUploads.Outcome outcome = taken.early().take().orElse(null);
        if (outcome == null) {
            LOG.info("Intake {}: verifying the upload as it arrived did not succeed; verifying it from the evidence",
                    intake.intakeId());
            return null;
        }
        if (!outcome.sha256().equals(intake.feedSha256()) || outcome.bytes() != intake.bytes()) {
            LOG.warn("Intake {}: the upload verified as it arrived ({} bytes, SHA-256 {}) is not what was kept as"
                    + " evidence ({} bytes, SHA-256 {}); verifying the evidence", intake.intakeId(), outcome.bytes(),
                    outcome.sha256(), intake.bytes(), intake.feedSha256());
            outcome.stage().discard();
            return null;
        }
        return outcome;
    }

    private Verified record(Taken taken, VerifiedFeed feed, RecordVerdicts verdicts, FeedStaging.Stage stage, long t0,
                            String how) throws RejectedException {
        Intake intake = taken.intake();
        String sender = feed.content().header().sender();
        String feedId = feed.content().header().feedId();
        if (!sender.equals(intake.agency())) {
            throw new KnownFeedRefusal(feedId, new RejectedException(RejectionCode.SIGNER_UNTRUSTED,
                    "brought by agency " + intake.agency() + " but names sender " + sender));
        }
        Instant verifiedAt = clock.instant();
        Ack ack = acks.received(intake.feedSha256(), feed);
        byte[] signed = signer.sign(ack);
        long recording = System.nanoTime();
        RejectedException[] replay = new RejectedException[1];
        AckLedger.Stored stored = tx.execute(status -> {
            try {
                feeds.record(new FeedLedger.Entry(feedId, intake.feedSha256(), sender, intake.channel().name(),
                        intake.receivedAt()), new FeedLedger.Verification(intake.intakeId(),
                        Digests.sha256Hex(feed.signature().signer()), verifiedAt,
                        feed.content().records(), feed.content().accepted(), feed.content().rejected()));
            } catch (RejectedException e) {
                replay[0] = e;
                status.setRollbackOnly();
                return null;
            }
            intakes.received(intake.intakeId(), feedId);
            AckLedger.Stored s = ackLedger.store(ack, signed, intake.intakeId(), intake.agency(),
                    intake.channel().name());
            EventBatch batch = new EventBatch(events);
            batch.add(Event.feed(EventType.FEED_VERIFIED, feedId, feed.status().name(), Map.of(
                    "intakeId", intake.intakeId(), "records", feed.content().records(),
                    "accepted", feed.content().accepted(), "rejected", feed.content().rejected(),
                    "signer", feed.signature().signer().getSubjectX500Principal().getName())));
            verdicts.addEvents(feedId, batch);
            batch.add(Event.feed(EventType.ACK_SIGNED, feedId, ack.status().name(),
                    Map.of("ackId", ack.ackId(), "stage", ack.stage().name())));
            batch.flush();
            // Before the commit, so that packaging finds the shares as soon as it can claim the feed.
            stage.verified(intake.intakeId());
            return s;
        });
        if (replay[0] != null) {
            throw new KnownFeedRefusal(feedId, replay[0]);
        }
        long done = System.nanoTime();
        LOG.info("Took in feed {} (intake {}): {} records, {} accepted, {} bytes; {}, routed, staged and"
                + " recorded with its RECEIVED ack in {} ms (of which recorded in {} ms)", feedId, intake.intakeId(),
                feed.content().records(), feed.content().accepted(), intake.bytes(), how, (done - t0) / 1_000_000,
                (done - recording) / 1_000_000);
        return new Verified(taken, feed, ack, stored);
    }

    /** Puts the RECEIVED ack where the sender collects it; the signed ack is the flow's answer. */
    public SignedAck answer(Verified verified) throws IOException {
        outlet.deliver(verified.stored());
        return new SignedAck(verified.ack(), verified.stored().signed());
    }

    /**
     * Records and answers a feed refused as a whole. {@code body} is what the flow held when it was
     * refused: the arrival (refused before it was kept, e.g. TOO_LARGE), or what was taken.
     */
    public SignedAck rejected(Object body, RejectedException refusal) throws IOException {
        Intake intake = body instanceof Verified v ? v.taken().intake() : body instanceof Taken t ? t.intake() : null;
        if (intake == null && !(body instanceof Arrival)) {
            throw new IOException("a feed was refused before it arrived: " + refusal);
        }
        String intakeId = intake != null ? intake.intakeId() : UUID.randomUUID().toString().replace("-", "");
        String agency = intake != null ? intake.agency() : ((Arrival) body).agency();
        String channel = intake != null ? intake.channel().name() : ((Arrival) body).channel().name();
        String sha256 = intake != null ? intake.feedSha256() : prefixSha256((Arrival) body);
        String feedId = refusal instanceof KnownFeedRefusal known ? known.feedId() : null;
        Ack ack = acks.rejected(AckBuilder.refusedAckId(feedId, intakeId), sha256, refusal);
        byte[] signed = signer.sign(ack);
        AckLedger.Stored stored = tx.execute(status -> {
            if (intake != null) {
                intakes.rejected(intake.intakeId(), null, refusal);
            } else {
                Arrival arrival = (Arrival) body;
                intakes.refusedUnkept(new Intake(intakeId, agency, arrival.channel(), arrival.sourceName(), sha256,
                        lengthOf(arrival), clock.instant(), IntakeLedger.State.REJECTED, null), refusal);
            }
            AckLedger.Stored s = ackLedger.store(ack, signed, intakeId, agency, channel);
            events.appendAll(java.util.List.of(
                    new Event(EventType.FEED_REJECTED, agency, null, null, null, null, refusal.code().name(),
                            Map.of("intakeId", intakeId, "reason", Text.clip(Text.auditReason(refusal.reason()), 2000))),
                    new Event(EventType.ACK_SIGNED, Event.SYSTEM, null, null, null, null, ack.status().name(),
                            Map.of("ackId", ack.ackId(), "stage", ack.stage().name(), "intakeId", intakeId))));
            return s;
        });
        if (body instanceof Arrival arrival) {
            arrival.release();
        }
        outlet.deliver(stored);
        return new SignedAck(ack, signed);
    }

    private static long lengthOf(Arrival arrival) {
        try {
            return arrival.length();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The SHA-256 of what may be read of an arrival refused before it was kept (TOO_LARGE): at most
     * one byte more than a feed may have, so that a hostile sender cannot make the gateway read on;
     * nothing of a post refused on its declared length. The ack's feedSha256 is then the hash of that
     * prefix (docs/formats.md).
     */
    private String prefixSha256(Arrival arrival) throws IOException {
        java.security.MessageDigest sha256 = Digests.sha256();
        try (InputStream in = arrival.open()) {
            byte[] buffer = new byte[1 << 16];
            long left = limits.maxFeedBytes() + 1;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                sha256.update(buffer, 0, n);
                left -= n;
            }
        }
        return Digests.hex(sha256.digest());
    }

    /** Tells two listeners, in turn, what the reader finds. */
    record Both(FeedContentListener first, FeedContentListener second) implements FeedContentListener {

        @Override
        public void header(FeedHeader header) {
            first.header(header);
            second.header(header);
        }

        @Override
        public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
            first.accepted(line, tipId, raw, record);
            second.accepted(line, tipId, raw, record);
        }

        @Override
        public void rejected(Ack.Rejection rejection) {
            first.rejected(rejection);
            second.rejected(rejection);
        }
    }
}
