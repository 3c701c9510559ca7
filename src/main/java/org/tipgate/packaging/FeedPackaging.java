package org.tipgate.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.feed.FeedLedger;
import org.tipgate.format.Ack;

/**
 * One feed on its way through the {@code packaging} flow, as each step leaves it: claimed under a
 * lease ({@link FeedPackager#claimNext}), routed ({@link FeedRouting#route}: each accepted record's
 * recipients, less those that have its tip already), built ({@link PackageWriter#build}: one
 * package per recipient, outside any transaction), and recorded ({@link FeedPackager#record}). A
 * step that fails leaves it to {@link FeedPackager#failed}, which lets go of what it holds
 * ({@link #discard}).
 */
public final class FeedPackaging {

    /** A package written: {@code kept} marks the positions of its share it holds (not packaged before). */
    record Built(FeedShares.Share share, String packageId, String fileName, long records, String sha256, long bytes,
                 BitSet kept) {
    }

    private final FeedLedger.Feed feed;
    private final FeedLedger.Lease lease;
    private final long startedNanos = System.nanoTime();
    private final List<Path> written = Collections.synchronizedList(new ArrayList<>());

    private FeedShares shares;
    private boolean handedOver;
    private final List<Ack.Rejection> refused = new ArrayList<>();
    private long duplicates;
    private final Map<FeedShares.Share, BitSet> keptOf = new LinkedHashMap<>();
    private List<Built> built = List.of();
    private long routedNanos;
    private long builtNanos;

    FeedPackaging(FeedLedger.Feed feed, FeedLedger.Lease lease) {
        this.feed = feed;
        this.lease = lease;
    }

    public String feedId() {
        return feed.feedId();
    }

    FeedLedger.Feed feed() {
        return feed;
    }

    FeedLedger.Lease lease() {
        return lease;
    }

    /** The route step's outcome: the shares, and which of each share's records go in its package. */
    void routed(FeedShares shares, boolean handedOver, List<Ack.Rejection> refused, long duplicates,
                Map<FeedShares.Share, BitSet> keptOf) {
        this.shares = shares;
        this.handedOver = handedOver;
        this.refused.addAll(refused);
        this.duplicates = duplicates;
        this.keptOf.putAll(keptOf);
        this.routedNanos = System.nanoTime();
    }

    /** The build step's outcome: the packages, in recipient order. */
    void built(List<Built> packages) {
        this.built = List.copyOf(packages);
        this.builtNanos = System.nanoTime();
    }

    FeedShares shares() {
        return shares;
    }

    boolean handedOver() {
        return handedOver;
    }

    List<Ack.Rejection> refused() {
        return refused;
    }

    long duplicates() {
        return duplicates;
    }

    Map<FeedShares.Share, BitSet> keptOf() {
        return keptOf;
    }

    List<Built> packages() {
        return built;
    }

    /** Files the build step writes, noted before each is written, so that a failure removes them all. */
    void writing(Path file) {
        written.add(file);
    }

    long startedNanos() {
        return startedNanos;
    }

    long routedNanos() {
        return routedNanos;
    }

    long builtNanos() {
        return builtNanos;
    }

    /**
     * Lets go of what this packaging holds after a step failed: the shares, and every package file
     * written so far (the feed stays verified, and is packaged again from the start).
     */
    void discard(Exception failure) {
        if (shares != null) {
            try {
                shares.close();
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
        for (Path file : List.copyOf(written)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }

    /** Lets go of the shares once the packages are recorded. */
    void close() throws IOException {
        if (shares != null) {
            shares.close();
        }
    }
}
