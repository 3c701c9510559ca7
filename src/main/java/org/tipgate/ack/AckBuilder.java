package org.tipgate.ack;

import java.time.Clock;
import java.util.List;
import org.tipgate.feed.FeedContent;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.WireJson;

/** Builds the acknowledgement documents of DESIGN.md 2.4 from what verification found. */
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

    /** The ack of a feed refused as a whole: one rejection, nothing counted, nothing routed. */
    public Ack rejected(String ackId, String feedSha256, RejectedException refusal) {
        return new Ack(Ack.TYPE, Ack.VERSION, ackId + ".RECEIVED", null, feedSha256, Ack.Stage.RECEIVED,
                Ack.Status.REJECTED, WireJson.now(clock), new Ack.Counts(0, 0, 0, 0),
                List.of(new Ack.Rejection(null, null, refusal.code(), refusal.reason())), List.of());
    }
}
