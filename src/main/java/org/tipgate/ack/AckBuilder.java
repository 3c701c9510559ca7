package org.tipgate.ack;

import java.time.Clock;
import java.util.List;
import org.tipgate.feed.FeedContent;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.WireJson;

/**
 * Builds the acknowledgement documents (docs/formats.md#5-acknowledgement-tipgate---sender) from
 * what verification found.
 */
public final class AckBuilder {

    private final Clock clock;

    public AckBuilder(Clock clock) {
        this.clock = clock;
    }

    /**
     * The RECEIVED ack of a verified feed: its record counts and the refused records. Quarantine is
     * decided by routing, after this ack, and counted in the DELIVERED ack.
     */
    public Ack received(String feedSha256, VerifiedFeed feed) {
        FeedContent content = feed.content();
        String feedId = content.header().feedId();
        return new Ack(Ack.TYPE, Ack.VERSION, feedId + ".RECEIVED", feedId, feedSha256, Ack.Stage.RECEIVED,
                feed.status(), WireJson.now(clock),
                new Ack.Counts(content.records(), content.accepted(), content.rejected(), 0),
                content.rejections(), List.of());
    }

    /**
     * The DELIVERED ack: what became of every accepted record, once every package of the feed is
     * delivered or has finally failed. ACCEPTED when every record reached its recipients; REJECTED
     * when none reached anyone; PARTIAL otherwise.
     *
     * @param rejections the RECEIVED ack's record refusals, then what routing held back
     *     (UNROUTABLE, DUPLICATE_TIP), at most {@link FeedContent#MAX_LISTED_REJECTIONS} in all
     */
    public Ack delivered(String feedId, String feedSha256, Ack.Counts counts, List<Ack.Rejection> rejections,
                         List<Ack.Delivery> deliveries) {
        boolean anyDelivered = deliveries.stream().anyMatch(d -> DELIVERED.equals(d.status()));
        boolean allDelivered = deliveries.stream().allMatch(d -> DELIVERED.equals(d.status()));
        Ack.Status status = !anyDelivered ? Ack.Status.REJECTED
                : allDelivered && counts.rejected() == 0 && counts.quarantined() == 0 ? Ack.Status.ACCEPTED
                : Ack.Status.PARTIAL;
        return new Ack(Ack.TYPE, Ack.VERSION, feedId + ".DELIVERED", feedId, feedSha256, Ack.Stage.DELIVERED, status,
                WireJson.now(clock), counts, rejections, deliveries);
    }

    /** A package's status in the DELIVERED ack. */
    public static final String DELIVERED = "DELIVERED";
    /** A package whose retries were exhausted or that its endpoint refused for good. */
    public static final String FAILED = "FAILED";

    /** The longest ack id the ack schema allows. */
    private static final int MAX_ACK_ID = 128;

    /**
     * The id of the ack of a feed refused as a whole, which is also its file name in the sender's
     * {@code acks/} folder. When the feed's header was verified before the refusal (a REPLAY), it is
     * named by its feed id, {@code <feedId>.REJECTED.<intakeId>}: the sender finds it beside that
     * feed's acks, and it can never take the name of {@code <feedId>.RECEIVED} or
     * {@code <feedId>.DELIVERED}, nor of another refusal of the same feed id. Otherwise (nothing in
     * the feed could be trusted, its id included), or when that id would be longer than an ack id
     * may be, it is {@code <intakeId>.RECEIVED}.
     *
     * @param feedId the verified feed id, or null when none could be read
     */
    public static String refusedAckId(String feedId, String intakeId) {
        if (feedId != null) {
            String named = feedId + ".REJECTED." + intakeId;
            if (named.length() <= MAX_ACK_ID) {
                return named;
            }
        }
        return intakeId + ".RECEIVED";
    }

    /**
     * The ack of a feed refused as a whole: one rejection, nothing counted, nothing routed. It names
     * no feed: the feed of this intake was not taken in ({@link #refusedAckId} for its id).
     */
    public Ack rejected(String ackId, String feedSha256, RejectedException refusal) {
        return new Ack(Ack.TYPE, Ack.VERSION, ackId, null, feedSha256, Ack.Stage.RECEIVED,
                Ack.Status.REJECTED, WireJson.now(clock), new Ack.Counts(0, 0, 0, 0),
                List.of(new Ack.Rejection(null, null, refusal.code(), refusal.reason())), List.of());
    }
}
