package org.tipgate.feed;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A growable column of tipIds (digit strings as the feed reader passes them, or null), compact
 * because a feed may hold a million records: a tipId of up to 17 digits is packed with its length
 * (so that "007" and "7" stay different) into one long, 8 bytes a record where a String costs
 * some 60; longer ids, rare in practice, are kept aside by position. Not thread-safe.
 */
public final class TipIdColumn {

    /** 10^17 - 1 fits in 57 bits, which leaves the top bits for the length. */
    private static final int PACKABLE_DIGITS = 17;
    private static final long NONE = 0;
    /** What {@link #pack} gives a tipId that does not fit in a long (never 0, never a packed id). */
    static final long LONGER = -1;

    private long[] packed = new long[256];
    private int size;
    private final Map<Integer, String> longer = new HashMap<>();

    /** Appends a tipId (null for none); returns its position. */
    public int add(String tipId) {
        if (size == packed.length) {
            packed = Arrays.copyOf(packed, size * 2);
        }
        long value = pack(tipId);
        if (value == LONGER) {
            longer.put(size, tipId);
        }
        packed[size] = value;
        return size++;
    }

    public int size() {
        return size;
    }

    /** The tipId at {@code position}, or null if it had none. */
    public String get(int position) {
        if (position < 0 || position >= size) {
            throw new IndexOutOfBoundsException(position);
        }
        long value = packed[position];
        if (value == NONE) {
            return null;
        }
        if (value == LONGER) {
            return longer.get(position);
        }
        int length = (int) (value >>> 57);
        String digits = Long.toString(value & ((1L << 57) - 1));
        return digits.length() == length ? digits : "0".repeat(length - digits.length()) + digits;
    }

    /** A tipId packed with its length into a long: 0 for null, {@link #LONGER} if it does not fit. */
    static long pack(String tipId) {
        if (tipId == null) {
            return NONE;
        }
        if (tipId.isEmpty() || tipId.length() > PACKABLE_DIGITS || !digits(tipId)) {
            return LONGER;
        }
        return ((long) tipId.length() << 57) | Long.parseLong(tipId);
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
