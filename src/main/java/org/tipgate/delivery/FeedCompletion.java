package org.tipgate.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckSigner;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedContent;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.intake.AckOutlet;
import org.tipgate.packaging.TipLedger;

/**
 * Closes a feed: once every package of a PACKAGED feed is delivered or dead, signs the DELIVERED
 * ack (counts, the refused and quarantined records, each package's outcome and receipt), records
 * it with the feed's move to DELIVERED in one transaction, and puts it where the sender collects
 * it. Safe to call any number of times, from any node: only the call that moves the feed signs.
 */
public final class FeedCompletion {

    private final FeedLedger feeds;
    private final Outbox outbox;
    private final TipLedger tips;
    private final AckLedger acks;
    private final AckBuilder builder;
    private final AckSigner signer;
    private final AckOutlet outlet;
    private final EventLog events;
    private final TransactionTemplate tx;

    public FeedCompletion(FeedLedger feeds, Outbox outbox, TipLedger tips, AckLedger acks, AckBuilder builder,
                          AckSigner signer, AckOutlet outlet, EventLog events, TransactionTemplate tx) {
        this.feeds = feeds;
        this.outbox = outbox;
        this.tips = tips;
        this.acks = acks;
        this.builder = builder;
        this.signer = signer;
        this.outlet = outlet;
        this.events = events;
        this.tx = tx;
    }

    /** Completes the feed if all its packages are final; returns its DELIVERED ack if this call signed it. */
    public Optional<AckLedger.Stored> complete(String feedId) throws IOException {
        AckLedger.Stored stored = tx.execute(status -> {
            FeedLedger.Feed feed = feeds.feed(feedId).orElse(null);
            if (feed == null || feed.state() != FeedLedger.State.PACKAGED) {
                return null;
            }
            List<Outbox.Entry> packages = outbox.byFeed(feedId);
            if (packages.stream().anyMatch(p -> p.state() == Outbox.State.PENDING)) {
                return null;
            }
            if (!feeds.advance(feedId, FeedLedger.State.PACKAGED, FeedLedger.State.DELIVERED)) {
                return null;
            }
            Ack ack = builder.delivered(feedId, feed.entry().feedSha256(), new Ack.Counts(
                    feed.verification().records(), feed.verification().accepted(), feed.verification().rejected(),
                    feed.quarantined()), rejections(feedId), packages.stream().map(FeedCompletion::delivery).toList());
            AckLedger.Stored received = acks.byFeed(feedId, Ack.Stage.RECEIVED).orElseThrow();
            AckLedger.Stored s = acks.store(ack, signer.sign(ack), received.intakeId(), received.agency(),
                    received.channel());
            events.append(Event.feed(EventType.ACK_SIGNED, feedId, ack.status().name(),
                    Map.of("ackId", ack.ackId(), "stage", ack.stage().name(), "packages", packages.size())));
            return s;
        });
        if (stored != null) {
            outlet.deliver(stored);
        }
        return Optional.ofNullable(stored);
    }

    /** Completes every feed whose packages are all settled; returns how many this call completed. */
    public int completeSettled() throws IOException {
        int n = 0;
        for (String feedId : feeds.packagedAndSettled()) {
            if (complete(feedId).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** The RECEIVED ack's refusals, then routing's, capped as the RECEIVED ack is. */
    private List<Ack.Rejection> rejections(String feedId) {
        List<Ack.Rejection> all = new ArrayList<>();
        acks.byFeed(feedId, Ack.Stage.RECEIVED).ifPresent(received -> all.addAll(AckLedger.document(received).rejections()));
        int room = FeedContent.MAX_LISTED_REJECTIONS - all.size();
        if (room > 0) {
            all.addAll(tips.refusals(feedId, room));
        }
        return all;
    }

    private static Ack.Delivery delivery(Outbox.Entry p) {
        boolean delivered = p.state() == Outbox.State.DELIVERED;
        return new Ack.Delivery(p.recipient(), p.packageId(), p.records(),
                delivered ? AckBuilder.DELIVERED : AckBuilder.FAILED, p.deliveredAt(), p.receiptSha256());
    }
}
