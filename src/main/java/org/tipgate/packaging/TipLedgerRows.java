package org.tipgate.packaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows a feed adds to the tip ledger, handed out a chunk at a time in the order of the
 * ledger's key: tipId (as text), then recipient.
 *
 * <p>Why that order: H2 keeps the key in a copy-on-write B-tree and writes out every page changed
 * since it last stored, each time it stores (every few megabytes of changes, and at the commit,
 * where each row is changed once more to mark it committed). In line order tipIds come at
 * random, so nearly every row dirtied a page of its own and the same pages were written out again
 * and again; in key order a feed's rows go through the tree once, left to right. 41,000 rows with
 * tipIds in random order, into an H2 file database holding three feeds: 234 ms to insert and
 * 144 to commit, against 811 and 666 in line order; 1.37 million rows into an empty one: 7.1 s
 * and 4.1 s against 42 s and 43 s (one-row INSERTs both, {@code TipLedgerBenchmark}). PostgreSQL
 * gains little from the order (270 ms against 327).
 *
 * <p>Memory: a long per row (where its tipId sorts, its share, its place in the share), 8 bytes,
 * as much as the shares themselves keep per row; the rows are made a chunk at a time.
 */
final class TipLedgerRows {

    private TipLedgerRows() {
    }

    /**
     * Hands {@code add} every kept record of every share, as tip deliveries, {@code chunk} at a
     * time (the last chunk may be smaller, never empty), in key order.
     *
     * @param keptOf per share, the positions in it whose records go into its package
     */
    static void inKeyOrder(FeedShares shares, Map<FeedShares.Share, BitSet> keptOf, String feedId, int chunk,
                           Consumer<List<TipLedger.TipDelivery>> add) {
        if (keptOf.isEmpty()) {
            return;
        }
        List<FeedShares.Share> byRecipient = new ArrayList<>(keptOf.keySet());
        byRecipient.sort(Comparator.comparing(FeedShares.Share::recipient));
        int rows = 0;
        int largest = 1;
        for (FeedShares.Share share : byRecipient) {
            rows += keptOf.get(share).cardinality();
            largest = Math.max(largest, share.size());
        }
        int positionBits = bits(largest - 1);
        int shareBits = bits(byRecipient.size() - 1);
        int refBits = positionBits + shareBits;
        long[] order = new long[rows];
        int n = 0;
        for (int s = 0; s < byRecipient.size(); s++) {
            FeedShares.Share share = byRecipient.get(s);
            BitSet kept = keptOf.get(share);
            for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
                long sortKey = leadingCharacters(shares.tipId(share.record(i)), 63 - refBits);
                order[n++] = sortKey << refBits | (long) s << positionBits | i;
            }
        }
        Arrays.sort(order);
        String[] packageIds = byRecipient.stream().map(share -> PackageWriter.packageId(feedId, share))
                .toArray(String[]::new);
        List<TipLedger.TipDelivery> deliveries = new ArrayList<>(Math.min(chunk, rows));
        for (long ref : order) {
            int s = (int) ((ref >>> positionBits) & ((1L << shareBits) - 1));
            FeedShares.Share share = byRecipient.get(s);
            int record = share.record((int) (ref & ((1L << positionBits) - 1)));
            deliveries.add(new TipLedger.TipDelivery(share.recipient(), shares.tipId(record), packageIds[s], feedId,
                    shares.line(record)));
            if (deliveries.size() == chunk) {
                add.accept(deliveries);
                deliveries.clear();
            }
        }
        if (!deliveries.isEmpty()) {
            add.accept(deliveries);
        }
    }

    /**
     * The leading characters of a tipId, 4 bits each in at most {@code bits} bits, so that the
     * numbers sort as the texts do: 0 past its end, then anything below '0', the digits, anything
     * above '9'. TipIds whose leading characters are alike come out together in any order among
     * themselves, which is as good for the B-tree (and a tipId has at most 20 digits).
     */
    static long leadingCharacters(String tipId, int bits) {
        long key = 0;
        for (int j = 0; j < bits / 4; j++) {
            key = key << 4 | (j < tipId.length() ? code(tipId.charAt(j)) : 0);
        }
        return key;
    }

    private static int code(char c) {
        if (c < '0') {
            return 1;
        }
        return c <= '9' ? c - '0' + 2 : 12;
    }

    /** Bits to hold 0..max. */
    private static int bits(int max) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(max));
    }
}
