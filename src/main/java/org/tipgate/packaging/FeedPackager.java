package org.tipgate.packaging;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventBatch;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;
import org.tipgate.outbox.Outbox;

/**
 * Where the {@code packaging} flow begins and ends for a feed: {@link #claimNext} claims the oldest
 * verified feed under a lease (a transaction of its own, as the outbox claims packages), and
 * {@link #record} records its packages in one short transaction once they are built: the packages'
 * outbox rows (which make the tip-ledger rows written while they were built count,
 * {@link PackageWriter}), the refused records, the events (FEED_ROUTED; per package PACKAGE_BUILT,
 * then one RECORD_ROUTED per tip in it; RECORD_REFUSED per refused record) and the feed's move to
 * PACKAGED, which holds only if the lease is still the one taken. No transaction is open while
 * packages are signed and encrypted.
 *
 * <p>If any step fails, {@link #failed} removes the package files written so far and lets go of
 * the lease; the feed stays verified, and this node leaves it aside for
 * {@link #RETRY_FAILED_AFTER} so that it does not hold up the feeds behind it. A node that stops
 * while it holds a lease takes it back when it starts again ({@link FeedLedger#releaseLeasesOf}).
 */
public final class FeedPackager {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPackager.class);
    /** How long a feed whose packaging failed is left aside before it is tried again. */
    static final Duration RETRY_FAILED_AFTER = Duration.ofMinutes(1);
    /**
     * How long a claim holds: far longer than any packaging takes (a 1,000,000-record feed, about
     * 15 s), so that only a node that died lets a feed go to another this way.
     */
    static final Duration LEASE = Duration.ofMinutes(30);
    /** As {@link PackageWriter#TIP_CHUNK}. */
    private static final int TIP_CHUNK = PackageWriter.TIP_CHUNK;

    /** Feeds whose packaging failed on this node, and until when they are left aside. */
    private final Map<String, Instant> failing = new ConcurrentHashMap<>();
    /** Feeds this node is packaging now: a second pass of this node never claims one again. */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    private final StagedFeeds staged;
    private final FeedLedger feeds;
    private final Outbox outbox;
    private final TipLedger tips;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final String node;
    private final Clock clock;

    /** @param node this gateway node's id ({@code tipgate.node-id}): the owner of the leases it takes */
    public FeedPackager(StagedFeeds staged, FeedLedger feeds, Outbox outbox, TipLedger tips, EventLog events,
                        TransactionTemplate tx, String node, Clock clock) {
        this.staged = staged;
        this.feeds = feeds;
        this.outbox = outbox;
        this.tips = tips;
        this.events = events;
        this.tx = tx;
        this.node = node;
        this.clock = clock;
    }

    /**
     * Claims the oldest verified feed that no node holds and that did not just fail here; null when
     * none is waiting.
     */
    public FeedPackaging claimNext() {
        staged.expire();
        Instant now = clock.instant();
        failing.values().removeIf(until -> until.isBefore(now));
        Set<String> except = new HashSet<>(failing.keySet());
        except.addAll(inProgress);
        FeedLedger.Lease lease = tx.execute(status -> feeds.claim(FeedLedger.State.RECEIVED, except, node, now,
                now.plus(LEASE)).orElse(null));
        if (lease == null) {
            return null;
        }
        inProgress.add(lease.feedId());
        return new FeedPackaging(feeds.feed(lease.feedId()).orElseThrow(), lease);
    }

    /** Records a feed's built packages and moves it to PACKAGED, in one transaction. */
    public FeedPackaging record(FeedPackaging packaging) {
        String feedId = packaging.feedId();
        FeedShares shares = packaging.shares();
        tx.executeWithoutResult(status -> {
            Map<String, Object> perRecipient = new LinkedHashMap<>();
            for (FeedPackaging.Built built : packaging.packages()) {
                perRecipient.put(built.share().recipient(), built.records());
            }
            // In batches: a feed of a million records has a million RECORD_ROUTED events or more.
            EventBatch log = new EventBatch(events);
            log.add(Event.feed(EventType.FEED_ROUTED, feedId, "ROUTED", Map.of("recipients", perRecipient,
                    "quarantined", shares.quarantined().size(), "duplicates", packaging.duplicates())));
            for (FeedPackaging.Built built : packaging.packages()) {
                FeedShares.Share share = built.share();
                outbox.add(built.packageId(), feedId, share.recipient(), built.records(), built.sha256(),
                        built.bytes(), built.fileName());
                log.add(Event.pkg(EventType.PACKAGE_BUILT, feedId, built.packageId(), share.recipient(), "BUILT",
                        Map.of("records", built.records(), "sha256", built.sha256(), "bytes", built.bytes())));
                for (int i = built.kept().nextSetBit(0); i >= 0; i = built.kept().nextSetBit(i + 1)) {
                    int record = share.record(i);
                    log.add(new Event(EventType.RECORD_ROUTED, Event.SYSTEM, feedId, shares.tipId(record),
                            built.packageId(), share.recipient(), "ROUTED", Map.of("line", shares.line(record))));
                }
            }
            packaging.refused().sort(Comparator.comparing(Ack.Rejection::line));
            tips.refused(feedId, packaging.refused());
            feeds.routed(feedId, shares.quarantined().size(), packaging.duplicates());
            for (Ack.Rejection r : packaging.refused()) {
                log.add(new Event(EventType.RECORD_REFUSED, Event.SYSTEM, feedId, r.tipId(), null, null,
                        r.code().name(), Map.of("line", r.line())));
            }
            log.flush();
            if (!feeds.advance(packaging.lease(), FeedLedger.State.RECEIVED, FeedLedger.State.PACKAGED)) {
                throw new IllegalStateException("feed " + feedId + " left RECEIVED, or its lease was taken,"
                        + " while it was being packaged");
            }
        });
        // Recorded: nothing from here on may fail the packaging, whose files are the outbox's now.
        inProgress.remove(feedId);
        try {
            packaging.close();
        } catch (IOException e) {
            LOG.warn("Feed {} is packaged, but removing its routed shares failed", feedId, e);
        }
        long recorded = System.nanoTime();
        LOG.info("Packaged feed {}: {} packages; {} in {} ms, packages signed and encrypted in {} ms, recorded in {}"
                        + " ms", feedId, packaging.packages().size(), packaging.handedOver()
                        ? "routed while verified, handed over, duplicates looked up"
                        : "read back from the evidence, validated and routed, duplicates looked up",
                (packaging.routedNanos() - packaging.startedNanos()) / 1_000_000,
                (packaging.builtNanos() - packaging.routedNanos()) / 1_000_000,
                (recorded - packaging.builtNanos()) / 1_000_000);
        return packaging;
    }

    /**
     * A step failed for this feed: its lease is let go with the tip-ledger rows it wrote, its package
     * files are removed, and this node leaves it aside for {@link #RETRY_FAILED_AFTER}; the log says
     * why each time.
     */
    public void failed(FeedPackaging packaging, Exception failure) {
        String feedId = packaging.feedId();
        failing.put(feedId, clock.instant().plus(RETRY_FAILED_AFTER));
        try {
            // The tip-ledger rows this attempt wrote go with its lease, and only if the lease is
            // still its own: after a takeover they may be the other packaging's.
            tx.executeWithoutResult(status -> {
                if (feeds.release(packaging.lease()) && packaging.shares() != null) {
                    TipLedgerRows.inKeyOrder(packaging.shares(), packaging.keptOf(), feedId, TIP_CHUNK,
                            rows -> tips.forget(feedId, rows.stream()
                                    .map(row -> new TipLedger.TipKey(row.recipient(), row.tipId())).toList()));
                }
            });
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            inProgress.remove(feedId);
            packaging.discard(failure);
        }
        LOG.error("Packaging feed {} failed; it stays verified and is tried again in {}", feedId, RETRY_FAILED_AFTER,
                failure);
    }
}
