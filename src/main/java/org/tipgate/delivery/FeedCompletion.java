package org.tipgate.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedContent;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.outbox.Outbox;
import org.tipgate.packaging.PackageCompleteness;
import org.tipgate.packaging.TipLedger;

/**
 * Closes a feed: once every package of a PACKAGED feed is delivered or dead, signs the DELIVERED
 * ack (counts, the refused and quarantined records, each package's outcome and receipt), records
 * it with the feed's move to DELIVERED in one transaction, and puts it where the sender collects
 * it. Safe to call any number of times, from any node: only the call that moves the feed signs.
 *
 * <p>Before it signs, it checks that the packages hold every tip routed to their recipients
 * ({@link PackageCompleteness}). When they do not, the ack would tell the sender that tips were
 * delivered that no recipient has: the feed is held instead (state HELD, never signed), with a
 * FEED_HELD audit event and an ERROR in the log, for an operator ({@code tipgate outbox held}).
 */
public final class FeedCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(FeedCompletion.class);

    private final FeedLedger feeds;
    private final Outbox outbox;
    private final TipLedger tips;
    private final AckLedger acks;
    private final AckBuilder builder;
    private final AckSigner signer;
    private final AckOutlet outlet;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final PackageCompleteness completeness;

    public FeedCompletion(FeedLedger feeds, Outbox outbox, TipLedger tips, AckLedger acks, AckBuilder builder,
                          AckSigner signer, AckOutlet outlet, EventLog events, TransactionTemplate tx,
                          PackageCompleteness completeness) {
        this.completeness = completeness;
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
        FeedLedger.Feed settled = feeds.feed(feedId).orElse(null);
        if (settled == null || settled.state() != FeedLedger.State.PACKAGED) {
            return Optional.empty();
        }
        List<Outbox.Entry> settledPackages = outbox.byFeed(feedId);
        if (settledPackages.stream().anyMatch(p -> p.state() == Outbox.State.PENDING)) {
            return Optional.empty();
        }
        PackageCompleteness.Verdict verdict;
        long t0 = System.nanoTime();
        try {
            verdict = completeness.check(settled, settledPackages);
        } catch (RejectedException e) {
            // Not its cause: a RejectedException in the chain is a refused feed to the routes' handlers.
            IllegalStateException unreadable = new IllegalStateException("feed " + feedId + " no longer reads back"
                    + " from the evidence spool, so its packages cannot be checked before its DELIVERED ack: "
                    + e.getMessage());
            unreadable.addSuppressed(e);
            throw unreadable;
        }
        if (verdict instanceof PackageCompleteness.Waiting waiting) {
            LOG.debug("Feed {}: its DELIVERED ack waits for earlier package {}", feedId, waiting.earlierPackageId());
            return Optional.empty();
        }
        if (verdict instanceof PackageCompleteness.Incomplete incomplete) {
            hold(feedId, incomplete);
            return Optional.empty();
        }
        LOG.info("Feed {}: its packages hold every routed tip ({} tip-recipient pairs), checked in {} ms", feedId,
                ((PackageCompleteness.Complete) verdict).routed(), (System.nanoTime() - t0) / 1_000_000);
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

    /**
     * Holds a feed whose packages leave out tips routed to their recipients: no ack is signed, the
     * audit log and the log say what is missing, and the feed waits for an operator.
     */
    private void hold(String feedId, PackageCompleteness.Incomplete incomplete) {
        boolean held = Boolean.TRUE.equals(tx.execute(status -> {
            if (!feeds.advance(feedId, FeedLedger.State.PACKAGED, FeedLedger.State.HELD)) {
                return false;
            }
            events.append(Event.feed(EventType.FEED_HELD, feedId, "INCOMPLETE", Map.of("missing",
                    incomplete.missing(), "examples", incomplete.examples(), "packages", incomplete.packages())));
            return true;
        }));
        if (held) {
            LOG.error("Feed {} HELD, its DELIVERED ack not signed: its packages leave out {} tips routed to their"
                    + " recipients that no earlier delivered package holds; packages that differ from the tip ledger:"
                    + " {}; for example: {}. Not delivered, not acknowledged: see docs/recovery.md#a-held-feed",
                    feedId, incomplete.missing(), incomplete.packages(), incomplete.examples());
        }
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
