package org.tipgate.feed;

import java.util.HashSet;
import java.util.Set;

/**
 * The tipIds seen in one feed, exact and compact. A feed may hold a million records, and a
 * HashSet of Strings would cost some 80 bytes each; here a tipId of up to 17 digits is packed with
 * its length (so that "007" and "7" stay different) into one long of an open-addressing table, at
 * most 16 bytes a record ({@link TipIdColumn#pack}). Longer ids, rare in practice, go to an
 * ordinary set.
 */
final class TipIdSet {

    private long[] slots = new long[1 << 12];
    private int size;
    private final Set<String> longer = new HashSet<>();

    /** Adds a tipId (a digit string); false if it was already there. */
    boolean add(String tipId) {
        long key = TipIdColumn.pack(tipId);
        if (key == TipIdColumn.LONGER) {
            return longer.add(tipId);
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        if (!insert(slots, key)) {
            return false;
        }
        size++;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long key : slots) {
            if (key != 0) {
                insert(bigger, key);
            }
        }
        slots = bigger;
    }

    /** Keys are never 0 (the length is at least 1), so 0 marks a free slot. */
    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (table[i] != 0) {
            if (table[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = key;
        return true;
    }
}
