package org.tipgate.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;
import org.tipgate.ack.AckLedger;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.delivery.Outbox;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.format.Ack;

/**
 * The pipeline behind the HTTPS API. A posted body is read into an encrypted scratch file (at
 * most one byte more than a feed may have: a longer body is refused TOO_LARGE without being read
 * to its end) and handed to the {@code https-intake} flow, whose answer is the signed ack. Status
 * and acks are read from the database, and only for the feed's own sender. Every ack answered
 * (posted feed or fetch) is recorded as ACK_SENT in a short transaction of its own just before
 * the answer goes out ({@link AckHandovers#answered}): the response is written after any
 * transaction has ended.
 */
public final class HttpsFeeds implements FeedService {

    private final FeedLimits limits;
    private final Function<FeedIntake.Posted, SignedAck> flow;
    private final FeedLedger feeds;
    private final Outbox outbox;
    private final AckLedger acks;
    private final AckHandovers handovers;

    public HttpsFeeds(FeedLimits limits, Function<FeedIntake.Posted, SignedAck> flow, FeedLedger feeds, Outbox outbox,
                      AckLedger acks, AckHandovers handovers) {
        this.limits = limits;
        this.flow = flow;
        this.feeds = feeds;
        this.outbox = outbox;
        this.acks = acks;
        this.handovers = handovers;
    }

    @Override
    public SignedAck submit(String agency, InputStream body) throws IOException {
        SealedSpool scratch = SealedSpool.create();
        try {
            long cap = limits.maxFeedBytes() + 1;
            try (OutputStream out = scratch.output()) {
                byte[] buffer = new byte[1 << 16];
                long copied = 0;
                for (int n = body.read(buffer, 0, (int) Math.min(buffer.length, cap - copied)); n > 0;
                     n = body.read(buffer, 0, (int) Math.min(buffer.length, cap - copied))) {
                    out.write(buffer, 0, n);
                    copied += n;
                    if (copied == cap) {
                        break;
                    }
                }
            }
            SignedAck answer = flow.apply(new FeedIntake.Posted(agency, scratch));
            if (answer == null) {
                throw new IOException("the https-intake flow gave no answer");
            }
            handovers.answered(acks.byId(answer.ack().ackId()).orElseThrow(() -> new IOException("the ack "
                    + answer.ack().ackId() + " the https-intake flow answered with is not recorded")));
            return answer;
        } finally {
            scratch.close();
        }
    }

    @Override
    public Optional<FeedStatus> status(String agency, String feedId) {
        return feeds.feed(feedId).filter(f -> f.entry().sender().equals(agency)).map(f -> new FeedStatus(
                f.feedId(), f.entry().sender(), f.state().name(), f.entry().receivedAt(),
                new Ack.Counts(f.verification().records(), f.verification().accepted(), f.verification().rejected(),
                        f.quarantined()),
                outbox.byFeed(feedId).stream().map(p -> new PackageStatus(p.recipient(), p.packageId(), p.records(),
                        p.state().name(), p.deliveredAt(), p.receiptSha256())).toList()));
    }

    /** The ack, after its ACK_SENT event (in a transaction of its own) when there is one to answer with. */
    @Override
    public Optional<SignedAck> ack(String agency, String feedId, Ack.Stage stage) {
        Optional<AckLedger.Stored> stored = acks.byFeed(feedId, stage).filter(a -> a.agency().equals(agency));
        stored.ifPresent(handovers::answered);
        return stored.map(a -> new SignedAck(AckLedger.document(a), a.signed()));
    }
}
