package org.tipgate.intake;

import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a file a client has read, as disjoint ranges {@code [from, to)}, merged as they
 * touch. A client reads with many requests in flight, answered in any order, so the gaps close as
 * the reads arrive. The number of separate ranges is capped: a client that reads a file in more
 * scattered pieces than {@value #MAX_RANGES} is no longer followed, and its reads never count as
 * the whole file.
 */
final class ByteRanges {

    static final int MAX_RANGES = 10_000;

    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private boolean overflowed;

    /** Adds {@code [from, to)}; an empty or negative range adds nothing. */
    synchronized void add(long from, long to) {
        if (overflowed || from < 0 || to <= from) {
            return;
        }
        long start = from;
        long end = to;
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> after = ranges.ceilingEntry(start); after != null && after.getKey() <= end;
             after = ranges.ceilingEntry(start)) {
            end = Math.max(end, after.getValue());
            ranges.remove(after.getKey());
        }
        ranges.put(start, end);
        if (ranges.size() > MAX_RANGES) {
            overflowed = true;
            ranges.clear();
        }
    }

    /** Whether every byte of {@code [0, size)} has been read. */
    synchronized boolean coversAll(long size) {
        if (overflowed) {
            return false;
        }
        if (size == 0) {
            return true;
        }
        Map.Entry<Long, Long> first = ranges.firstEntry();
        return first != null && first.getKey() == 0 && first.getValue() >= size;
    }
}
