package org.tipgate.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.events.Event;
import org.tipgate.events.EventBatch;
import org.tipgate.events.EventType;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.format.Ack;
import org.tipgate.format.AuditText;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;

/**
 * Each record's verdict as a feed streams through verification, for its RECORD_ACCEPTED or
 * RECORD_REJECTED event once the verdict is recorded. Compact, because a feed may hold a million
 * records: parallel primitive arrays (line, tipId packed into a long, code, reason index), about
 * 21 bytes a record, and each distinct reason kept once. Reasons are kept as the audit trail
 * keeps them ({@link AuditText}); past {@link #MAX_REASONS} distinct ones (a hostile feed can make
 * every reason differ), a record's event has its code and line but no reason.
 */
final class RecordVerdicts implements FeedContentListener {

    static final int MAX_REASONS = 10_000;
    /** Up to 17 digits fit in 57 bits; the length goes above them, so that "007" and "7" differ. */
    private static final int PACKABLE_DIGITS = 17;
    private static final long NO_TIP = 0;
    private static final long LONG_TIP = -1;
    private static final byte ACCEPTED = -1;
    private static final RejectionCode[] CODES = RejectionCode.values();

    private long[] lines = new long[256];
    private long[] tips = new long[256];
    private byte[] codes = new byte[256];
    private int[] reasons = new int[256];
    private int size;
    private final Map<Integer, String> longTips = new HashMap<>();
    private final Map<String, Integer> reasonIndex = new HashMap<>();
    private final List<String> reasonTable = new ArrayList<>();

    @Override
    public void header(FeedHeader header) {
    }

    @Override
    public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
        add(line, tipId, ACCEPTED, -1);
    }

    @Override
    public void rejected(Ack.Rejection rejection) {
        add(rejection.line(), rejection.tipId(), (byte) rejection.code().ordinal(), reason(rejection.reason()));
    }

    int size() {
        return size;
    }

    /** Adds one event per record, in line order. */
    void addEvents(String feedId, EventBatch batch) {
        for (int i = 0; i < size; i++) {
            String tipId = tipId(i);
            if (codes[i] == ACCEPTED) {
                batch.add(new Event(EventType.RECORD_ACCEPTED, Event.SYSTEM, feedId, tipId, null, null, "ACCEPTED",
                        Map.of("line", lines[i])));
            } else {
                Map<String, Object> detail = reasons[i] < 0 ? Map.of("line", lines[i])
                        : Map.of("line", lines[i], "reason", reasonTable.get(reasons[i]));
                batch.add(new Event(EventType.RECORD_REJECTED, Event.SYSTEM, feedId, tipId, null, null,
                        CODES[codes[i]].name(), detail));
            }
        }
    }

    private void add(long line, String tipId, byte code, int reason) {
        if (size == lines.length) {
            int bigger = size * 2;
            lines = Arrays.copyOf(lines, bigger);
            tips = Arrays.copyOf(tips, bigger);
            codes = Arrays.copyOf(codes, bigger);
            reasons = Arrays.copyOf(reasons, bigger);
        }
        lines[size] = line;
        tips[size] = pack(tipId);
        if (tips[size] == LONG_TIP) {
            longTips.put(size, tipId);
        }
        codes[size] = code;
        reasons[size] = reason;
        size++;
    }

    private int reason(String reason) {
        String kept = AuditText.reason(reason);
        if (kept == null) {
            return -1;
        }
        Integer index = reasonIndex.get(kept);
        if (index != null) {
            return index;
        }
        if (reasonTable.size() == MAX_REASONS) {
            return -1;
        }
        reasonIndex.put(kept, reasonTable.size());
        reasonTable.add(kept);
        return reasonTable.size() - 1;
    }

    /** The feed reader passes only digit strings as tipIds (the schema's pattern, or none). */
    private static long pack(String tipId) {
        if (tipId == null) {
            return NO_TIP;
        }
        if (tipId.length() > PACKABLE_DIGITS) {
            return LONG_TIP;
        }
        return ((long) tipId.length() << 57) | Long.parseLong(tipId);
    }

    private String tipId(int i) {
        long packed = tips[i];
        if (packed == NO_TIP) {
            return null;
        }
        if (packed == LONG_TIP) {
            return longTips.get(i);
        }
        int length = (int) (packed >>> 57);
        String digits = Long.toString(packed & ((1L << 57) - 1));
        return "0".repeat(length - digits.length()) + digits;
    }
}
