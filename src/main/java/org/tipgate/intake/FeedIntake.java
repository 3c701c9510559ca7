package org.tipgate.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.ack.SignedAck;
import org.tipgate.crypto.Digests;
import org.tipgate.events.Event;
import org.tipgate.events.EventBatch;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.intake.IntakeLedger.Intake;

/**
 * The steps of judging a feed kept as evidence ({@link FeedArrivals}), each called by one step of
 * the {@code feed-intake} flow: verify it ({@link #verify}), record the verdict with its signed
 * RECEIVED ack ({@link #record}), and answer the sender ({@link #answer}). A feed refused as a
 * whole is recorded and answered by {@link IntakeRefusals}. Each verdict, the ack that reports it
 * and its events commit in one transaction; the ack reaches an SFTP sender's {@code acks/}
 * folder, or a polled sender's own server, only after that commit ({@link AckOutlet}).
 */
public final class FeedIntake {

    /** An arrival kept as evidence and recorded, at any step after that: what a refusal is recorded against. */
    public sealed interface Kept permits Taken, Verified {

        Intake intake();

        /** The feed id, once the feed's header is verified; null before. */
        String feedId();
    }

    /**
     * An arrival kept as evidence and recorded.
     *
     * @param early the verification of the upload as it arrived ({@link VerifyingUploads}), if
     *              there was one; {@link #verify} takes it or lets it go
     */
    public record Taken(Intake intake, UploadVerification early) implements Kept {

        /** An intake to verify from the evidence (resumed after a restart). */
        public Taken(Intake intake) {
            this(intake, null);
        }

        @Override
        public String feedId() {
            return null;
        }
    }

    /**
     * A feed whose signature, header and records were verified, each record's verdict known and its
     * accepted records routed into {@code stage} as they streamed by; not yet recorded.
     *
     * @param how how it was verified, for the log
     */
    public record Verified(Taken taken, VerifiedFeed feed, RecordVerdicts verdicts, FeedStaging.Stage stage,
                           long startedNanos, String how) implements Kept {

        @Override
        public Intake intake() {
            return taken.intake();
        }

        @Override
        public String feedId() {
            return feed.content().header().feedId();
        }
    }

    /** A feed recorded with its signed RECEIVED ack. */
    public record Recorded(Verified verified, Ack ack, AckLedger.Stored stored) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FeedIntake.class);

    private final EvidenceSpool spool;
    private final FeedVerifier verifier;
    private final FeedStaging staging;
    private final FeedLedger feeds;
    private final IntakeLedger intakes;
    private final AckLedger ackLedger;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final AckBuilder acks;
    private final AckSigner signer;
    private final AckOutlet outlet;
    private final Clock clock;

    public FeedIntake(EvidenceSpool spool, FeedVerifier verifier, FeedStaging staging, FeedLedger feeds,
                      IntakeLedger intakes, AckLedger ackLedger, EventLog events, TransactionTemplate tx,
                      AckSigner signer, AckOutlet outlet, Clock clock) {
        this.spool = spool;
        this.verifier = verifier;
        this.staging = staging;
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
     * The {@code verify} step: verifies the kept feed (streamed back from the evidence, so what is
     * verified is what is kept): its signature, header and every record. The accepted records
     * stream through {@code staging} too (routed into their recipients' shares, for the packaging
     * flow's route step to take once the verdict is recorded), so that the feed is read once.
     *
     * <p>An SFTP upload that was verified successfully as it arrived ({@link VerifyingUploads}) is
     * not read again: that verification, of bytes with the same SHA-256 and length as the evidence,
     * is the same as this one would be. Any other outcome of it is let go, and the feed verified from
     * the evidence, whose verdict (and refusal, if any) is then recorded.
     */
    public Verified verify(Taken taken) throws IOException, RejectedException {
        long t0 = System.nanoTime();
        UploadVerification.Outcome early = earlyOutcome(taken);
        if (early != null) {
            return new Verified(taken, early.feed(), early.verdicts(), early.stage(), t0,
                    "verified as it was uploaded (done " + early.lagMillis() + " ms after its last byte)");
        }
        FeedStaging.Stage stage = staging.begin();
        try {
            RecordVerdicts verdicts = new RecordVerdicts();
            VerifiedFeed feed = spool.read(taken.intake().intakeId(),
                    in -> verifier.verify(new BufferedInputStream(in, 1 << 16), FeedContentListener.both(verdicts, stage)));
            return new Verified(taken, feed, verdicts, stage, t0, "verified from the evidence");
        } catch (IOException | RejectedException | RuntimeException e) {
            stage.discard();
            throw e;
        }
    }

    /**
     * The outcome of verifying the upload as it arrived, if it succeeded and is of exactly the bytes
     * kept as evidence; null otherwise (the verification, if any, let go).
     */
    private UploadVerification.Outcome earlyOutcome(Taken taken) throws IOException {
        if (taken.early() == null) {
            return null;
        }
        Intake intake = taken.intake();
        UploadVerification.Outcome outcome = taken.early().take().orElse(null);
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

    /**
     * The {@code record} step: checks that the feed names as sender the agency that brought it, and
     * records the verdict with its signed RECEIVED ack and its events, in one transaction:
     * FEED_VERIFIED, one RECORD_ACCEPTED or RECORD_REJECTED per record in line order, ACK_SIGNED. A
     * REPLAY is decided by the database here. The staged records are handed over to packaging as
     * the verdict commits; a refusal lets them go.
     */
    public Recorded record(Verified verified) throws RejectedException {
        try {
            return recordVerdict(verified);
        } catch (RejectedException | RuntimeException e) {
            verified.stage().discard();
            throw e;
        }
    }

    private Recorded recordVerdict(Verified verified) throws RejectedException {
        Intake intake = verified.intake();
        VerifiedFeed feed = verified.feed();
        RecordVerdicts verdicts = verified.verdicts();
        FeedStaging.Stage stage = verified.stage();
        String sender = feed.content().header().sender();
        String feedId = feed.content().header().feedId();
        if (!sender.equals(intake.agency())) {
            throw new RejectedException(RejectionCode.SIGNER_UNTRUSTED,
                    "brought by agency " + intake.agency() + " but names sender " + sender);
        }
        Instant verifiedAt = clock.instant();
        Ack ack = acks.received(intake.feedSha256(), feed);
        byte[] signed = signer.sign(ack);
        long recording = System.nanoTime();
        AckLedger.Stored stored;
        try {
            stored = tx.execute(status -> {
                try {
                    feeds.record(new FeedLedger.Entry(feedId, intake.feedSha256(), sender, intake.channel().name(),
                            intake.receivedAt()), new FeedLedger.Verification(intake.intakeId(),
                            Digests.sha256Hex(feed.signature().signer()), verifiedAt,
                            feed.content().records(), feed.content().accepted(), feed.content().rejected()));
                } catch (RejectedException e) {
                    throw new Replay(e);
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
        } catch (Replay replay) {
            throw replay.refusal;
        }
        long done = System.nanoTime();
        LOG.info("Took in feed {} (intake {}): {} records, {} accepted, {} bytes; {}, routed, staged and"
                + " recorded with its RECEIVED ack in {} ms (of which recorded in {} ms)", feedId, intake.intakeId(),
                feed.content().records(), feed.content().accepted(), intake.bytes(), verified.how(),
                (done - verified.startedNanos()) / 1_000_000, (done - recording) / 1_000_000);
        return new Recorded(verified, ack, stored);
    }

    /** The {@code answer} step: puts the RECEIVED ack where the sender collects it; the signed ack is the flow's answer. */
    public SignedAck answer(Recorded recorded) throws IOException {
        outlet.deliver(recorded.stored());
        return new SignedAck(recorded.ack(), recorded.stored().signed());
    }

    /** A REPLAY the database found, carried out of the transaction, which it rolls back. */
    private static final class Replay extends RuntimeException {

        private final RejectedException refusal;

        Replay(RejectedException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }
}
