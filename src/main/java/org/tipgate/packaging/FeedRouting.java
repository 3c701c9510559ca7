package org.tipgate.packaging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.crypto.UnverifiedContent;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The {@code route} step of the {@code packaging} flow, where a feed's recipients are decided
 * (docs/routing.md): each accepted record goes to the agencies {@link RecordRouter} names (the
 * state nodal agency, and the district when it can be resolved); what cannot be routed is
 * quarantined (UNROUTABLE); a recipient that has a tip already (the tip ledger) is left out for
 * it, and a record left with no recipient is refused DUPLICATE_TIP.
 *
 * <p>The records' routes come from one of two places, with the same result: the shares staged
 * while the intake verified the feed on this node ({@link StagedFeeds}, routed by the same
 * {@link RecordRouter} as the records streamed by: an optimisation, so that the feed is read once),
 * or else the feed read back from the evidence and routed here (after a restart, on another node,
 * or when staging was not possible).
 */
public final class FeedRouting {

    private static final Logger LOG = LoggerFactory.getLogger(FeedRouting.class);

    private final EvidenceSpool spool;
    private final StagedFeeds staged;
    private final FeedContentReader reader;
    private final RecordRouter router;
    private final TipLedger tips;
    private final Duration waitForOthers;

    /**
     * @param waitForOthers how long a feed waits, routed, for another feed that is packaging some of
     *                      its tips for the same recipients (then its attempt fails, to be tried again)
     */
    public FeedRouting(EvidenceSpool spool, StagedFeeds staged, FeedContentReader reader, RecordRouter router,
                       TipLedger tips, Duration waitForOthers) {
        this.spool = spool;
        this.staged = staged;
        this.reader = reader;
        this.router = router;
        this.tips = tips;
        this.waitForOthers = waitForOthers;
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for another feed's packaging");
        }
    }

    /** Routes the claimed feed's accepted records and decides what goes into each recipient's package. */
    public FeedPackaging route(FeedPackaging packaging) throws IOException {
        FeedLedger.Feed feed = packaging.feed();
        String feedId = feed.feedId();
        Optional<FeedShares> handedOver = staged.take(feed.verification().intakeId());
        FeedShares shares;
        try {
            shares = handedOver.isPresent() ? handedOver.get() : readBack(feed);
        } catch (RejectedException e) {
            throw new IllegalStateException("feed " + feedId + " no longer reads back from the evidence spool: "
                    + e.getMessage(), e);
        }
        try {
            if (shares.accepted() != feed.verification().accepted()) {
                throw new IllegalStateException("feed " + feedId + " reads back with " + shares.accepted()
                        + " accepted records, but " + feed.verification().accepted() + " were acknowledged");
            }
            TipLedger.Packaged ledger = tips.alreadyPackaged(shares.routedTipIds(), feedId);
            long giveUp = System.nanoTime() + waitForOthers.toNanos();
            while (!ledger.elsewhere().isEmpty() && System.nanoTime() < giveUp) {
                // Another feed is packaging some of these tips for the same recipients: whether it
                // sends them decides which of this feed's records are duplicates. It takes seconds.
                pause();
                ledger = tips.alreadyPackaged(shares.routedTipIds(), feedId);
            }
            if (!ledger.elsewhere().isEmpty()) {
                TipLedger.TipKey first = ledger.elsewhere().get(0);
                throw new IllegalStateException("feed " + feedId + ": " + ledger.elsewhere().size() + " of its tips"
                        + " are being packaged for the same recipients by another feed now (tip " + first.tipId()
                        + " for " + first.recipient() + ") after " + waitForOthers + "; whether they are sent there"
                        + " decides which of this feed's records are duplicates, so this feed waits for it");
            }
            if (!ledger.ofThisFeed().isEmpty()) {
                // Not an earlier delivery: this feed has no package yet. Left in, the row would keep
                // the tip out of the package being rebuilt, and the ledger would say it was sent.
                int removed = tips.forget(feedId, ledger.ofThisFeed());
                LOG.warn("Feed {}: the tip ledger held {} rows naming this feed's packages, which no committed"
                        + " packaging wrote (left by an attempt that did not commit); removed {}, and their tips"
                        + " are packaged now", feedId, ledger.ofThisFeed().size(), removed);
            }
            Map<String, Set<String>> packagedBefore = ledger.earlier();
            List<Ack.Rejection> refused = new ArrayList<>(shares.quarantined());
            long duplicates = 0;
            if (!packagedBefore.isEmpty()) {
                for (int record = 0; record < shares.routed(); record++) {
                    String tipId = shares.tipId(record);
                    List<String> recipients = shares.recipients(record);
                    if (recipients.stream().allMatch(r -> packagedBefore.getOrDefault(r, Set.of()).contains(tipId))) {
                        refused.add(new Ack.Rejection(shares.line(record), tipId, RejectionCode.DUPLICATE_TIP,
                                "already sent in an earlier feed to " + String.join(", ", recipients)));
                        duplicates++;
                    }
                }
            }
            Map<FeedShares.Share, BitSet> keptOf = new LinkedHashMap<>();
            for (FeedShares.Share share : shares.shares()) {
                Set<String> before = packagedBefore.getOrDefault(share.recipient(), Set.of());
                BitSet kept = new BitSet(share.size());
                for (int i = 0; i < share.size(); i++) {
                    kept.set(i, before.isEmpty() || !before.contains(shares.tipId(share.record(i))));
                }
                if (!kept.isEmpty()) {
                    keptOf.put(share, kept);
                }
            }
            packaging.routed(shares, handedOver.isPresent(), refused, duplicates, keptOf);
            return packaging;
        } catch (IOException | RuntimeException e) {
            closeAfter(shares, e);
            throw e;
        }
    }

    /** Reads the feed back from the evidence and routes each accepted record into its recipients' shares. */
    private FeedShares readBack(FeedLedger.Feed feed) throws IOException, RejectedException {
        LOG.debug("Feed {} was not staged on this node; reading it back from the evidence", feed.feedId());
        FeedShares shares = new FeedShares(router, feed.feedId());
        try {
            spool.read(feed.verification().intakeId(), in -> reader.read(
                    UnverifiedContent.content(new BufferedInputStream(in, 1 << 16)), shares));
            shares.finish();
            return shares;
        } catch (IOException | RejectedException | RuntimeException e) {
            closeAfter(shares, e);
            throw e;
        }
    }

    private static void closeAfter(FeedShares shares, Exception failure) {
        try {
            shares.close();
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
