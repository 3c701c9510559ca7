package org.tipgate.intake;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.ack.SignedAck;
import org.tipgate.crypto.Digests;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedLimits;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.Text;
import org.tipgate.intake.IntakeLedger.Intake;

/**
 * A feed refused as a whole, recorded and answered with its signed REJECTED ack (the intake
 * flows' error handling, {@code config.ErrorHandling}): the refusal, its ack and its events commit
 * in one transaction, then the ack goes where the sender collects it ({@link AckOutlet}), and is
 * the flow's answer. A refusal before the feed was kept ({@link #refuseArrival}) records the
 * arrival itself; one after ({@link #refuseIntake}) records it against the intake; once the
 * feed's header is verified the ack is named by its feed id ({@link AckBuilder#refusedAckId}).
 */
public final class IntakeRefusals {

    private final FeedLimits limits;
    private final IntakeLedger intakes;
    private final AckLedger ackLedger;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final AckBuilder acks;
    private final AckSigner signer;
    private final AckOutlet outlet;
    private final Clock clock;

    public IntakeRefusals(FeedLimits limits, IntakeLedger intakes, AckLedger ackLedger, EventLog events,
                          TransactionTemplate tx, AckSigner signer, AckOutlet outlet, Clock clock) {
        this.limits = limits;
        this.intakes = intakes;
        this.ackLedger = ackLedger;
        this.events = events;
        this.tx = tx;
        this.acks = new AckBuilder(clock);
        this.signer = signer;
        this.outlet = outlet;
        this.clock = clock;
    }

    /** An arrival refused before it was kept as evidence (TOO_LARGE): it is recorded as refused unkept. */
    public SignedAck refuseArrival(Arrival arrival, RejectedException refusal) throws IOException {
        String intakeId = UUID.randomUUID().toString().replace("-", "");
        String sha256 = prefixSha256(arrival);
        Ack ack = acks.rejected(AckBuilder.refusedAckId(null, intakeId), sha256, refusal);
        byte[] signed = signer.sign(ack);
        AckLedger.Stored stored = tx.execute(status -> {
            intakes.refusedUnkept(new Intake(intakeId, arrival.agency(), arrival.channel(), arrival.sourceName(),
                    sha256, lengthOf(arrival), clock.instant(), IntakeLedger.State.REJECTED, null), refusal);
            return store(ack, signed, intakeId, arrival.agency(), arrival.channel().name(), refusal);
        });
        arrival.release();
        outlet.deliver(stored);
        return new SignedAck(ack, signed);
    }

    /** A feed kept as evidence, refused as it was verified or recorded. */
    public SignedAck refuseIntake(FeedIntake.Kept kept, RejectedException refusal) throws IOException {
        Intake intake = kept.intake();
        Ack ack = acks.rejected(AckBuilder.refusedAckId(kept.feedId(), intake.intakeId()), intake.feedSha256(),
                refusal);
        byte[] signed = signer.sign(ack);
        AckLedger.Stored stored = tx.execute(status -> {
            intakes.rejected(intake.intakeId(), null, refusal);
            return store(ack, signed, intake.intakeId(), intake.agency(), intake.channel().name(), refusal);
        });
        outlet.deliver(stored);
        return new SignedAck(ack, signed);
    }

    private AckLedger.Stored store(Ack ack, byte[] signed, String intakeId, String agency, String channel,
                                   RejectedException refusal) {
        AckLedger.Stored stored = ackLedger.store(ack, signed, intakeId, agency, channel);
        events.appendAll(List.of(
                new Event(EventType.FEED_REJECTED, agency, null, null, null, null, refusal.code().name(),
                        Map.of("intakeId", intakeId, "reason", Text.clip(Text.auditReason(refusal.reason()), 2000))),
                new Event(EventType.ACK_SIGNED, Event.SYSTEM, null, null, null, null, ack.status().name(),
                        Map.of("ackId", ack.ackId(), "stage", ack.stage().name(), "intakeId", intakeId))));
        return stored;
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
        MessageDigest sha256 = Digests.sha256();
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
}
