package org.tipgate.intake;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedLimits;
import org.tipgate.format.Channel;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.intake.FeedIntake.Taken;
import org.tipgate.intake.IntakeLedger.Intake;

/**
 * The {@code receive} step of the {@code feed-intake} flow: whatever arrived, by any channel, is
 * kept as evidence (encrypted at rest, {@link EvidenceSpool}) and recorded (FEED_RECEIVED) before
 * anything else is done with it; then the original is let go. The steps that follow are
 * {@link FeedIntake}'s.
 */
public final class FeedArrivals {

    private static final Logger LOG = LoggerFactory.getLogger(FeedArrivals.class);

    private final EvidenceSpool spool;
    private final VerifyingUploads uploads;
    private final FeedLimits limits;
    private final IntakeLedger intakes;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** @param uploads the uploads kept and verified as they arrived, which {@link #keep} takes */
    public FeedArrivals(EvidenceSpool spool, VerifyingUploads uploads, FeedLimits limits, IntakeLedger intakes,
                        EventLog events, TransactionTemplate tx, Clock clock) {
        this.spool = spool;
        this.uploads = uploads;
        this.limits = limits;
        this.intakes = intakes;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The {@code receive} step: keeps the arrival as evidence (encrypted at rest) and records it,
     * then lets go of the original. A file larger than any feed may be is refused TOO_LARGE unread.
     * An SFTP upload kept as it arrived ({@link VerifyingUploads}) is not read again when that copy
     * has its length.
     */
    public Taken keep(Arrival arrival) throws IOException, RejectedException {
        UploadVerification early = arrival instanceof Arrival.Upload upload
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
                boolean unread = arrival.unread();
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
                how = "from the " + (arrival.channel() == Channel.HTTPS ? "request's body" : "file");
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
}
