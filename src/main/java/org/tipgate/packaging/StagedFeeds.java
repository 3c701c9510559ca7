package org.tipgate.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.feed.FeedStaging;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;

/**
 * Feeds routed while the intake verified them, held for this node's packaging so that it need not
 * read the feed back from the evidence. Purely an optimisation: a feed that is not here (the
 * gateway restarted, another node packages it, staging failed or the budget was full) is read
 * back, routed and staged by packaging itself, with the same result. Bounded: at most
 * {@link #MAX_RECORDS} routed records wait at once (their index costs heap, their lines disk), and a
 * feed nobody took within {@link #KEEP} is dropped.
 */
public final class StagedFeeds implements FeedStaging, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StagedFeeds.class);
    /** About 30 MB of heap per 1,000,000 routed records (see {@link FeedShares}), beside their sealed lines on disk. */
    static final long MAX_RECORDS = 1_000_000;
    /** A feed verified on this node is normally packaged within seconds; one left longer was taken elsewhere. */
    static final Duration KEEP = Duration.ofMinutes(10);

    private record Staged(FeedShares shares, Instant at) {
    }

    private final Map<String, Staged> staged = new ConcurrentHashMap<>();
    private final RecordRouter router;
    private final Clock clock;
    private long records;

    public StagedFeeds(RecordRouter router, Clock clock) {
        this.router = router;
        this.clock = clock;
    }

    /** Routes a feed's accepted records into shares as the intake verifies it. */
    @Override
    public Stage begin() {
        FeedShares shares = new FeedShares(router, null);
        return new Stage() {
            @Override
            public void header(FeedHeader header) {
                shares.header(header);
            }

            @Override
            public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
                shares.accepted(line, tipId, raw, record);
            }

            @Override
            public void rejected(Ack.Rejection rejection) {
                shares.rejected(rejection);
            }

            private String handedOver;

            @Override
            public void verified(String intakeId) {
                try {
                    shares.finish();
                } catch (IOException e) {
                    LOG.warn("Staging intake {} for packaging failed; packaging reads it back from the evidence",
                            intakeId, e);
                }
                if (offer(intakeId, shares)) {
                    handedOver = intakeId;
                } else {
                    discard();
                }
            }

            @Override
            public void discard() {
                if (handedOver != null) {
                    take(handedOver);
                }
                try {
                    shares.close();
                } catch (IOException e) {
                    LOG.warn("Removing staged shares failed", e);
                }
            }
        };
    }

    /**
     * Hands the finished shares of a verified feed over to packaging, under the id of the intake
     * that brought it. Returns false, keeping nothing, if the shares are broken or the budget is
     * full; the caller then closes the shares.
     */
    synchronized boolean offer(String intakeId, FeedShares shares) {
        if (staged.containsKey(intakeId) || shares.broken() || records + shares.routed() > MAX_RECORDS) {
            return false;
        }
        staged.put(intakeId, new Staged(shares, clock.instant()));
        records += shares.routed();
        return true;
    }

    /**
     * The staged shares of the feed an intake brought, handed over to the caller (who closes them),
     * if this node has them.
     */
    public synchronized Optional<FeedShares> take(String intakeId) {
        Staged s = staged.remove(intakeId);
        if (s == null) {
            return Optional.empty();
        }
        records -= s.shares().routed();
        return Optional.of(s.shares());
    }

    /** Drops the feeds staged longer than {@link #KEEP} ago (packaged by another node, or refused). */
    public synchronized void expire() {
        Instant before = clock.instant().minus(KEEP);
        for (String intakeId : staged.keySet()) {
            drop(at -> at.isBefore(before), intakeId);
        }
    }

    @Override
    public synchronized void close() {
        for (String intakeId : staged.keySet()) {
            drop(at -> true, intakeId);
        }
    }

    private void drop(Predicate<Instant> when, String intakeId) {
        Staged s = staged.get(intakeId);
        if (s != null && when.test(s.at())) {
            staged.remove(intakeId);
            records -= s.shares().routed();
            try {
                s.shares().close();
            } catch (IOException e) {
                LOG.warn("Removing the staged shares of intake {} failed", intakeId, e);
            }
        }
    }
}
