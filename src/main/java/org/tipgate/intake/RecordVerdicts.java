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
import org.tipgate.feed.TipIdColumn;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.Text;

/**
 * Each record's verdict as a feed streams through verification, for its RECORD_ACCEPTED or
 * RECORD_REJECTED event once the verdict is recorded. Compact, because a feed may hold a million
 * records: parallel primitive arrays (line, tipId packed into a long by {@link TipIdColumn}, code,
 * reason index), about 21 bytes a record, and each distinct reason kept once. Reasons are kept as the audit trail
 * keeps them ({@link Text#auditReason}); past {@link #MAX_REASONS} distinct ones (a hostile feed can make
 * every reason differ), a record's event has its code and line but no reason.
 */
final class RecordVerdicts implements FeedContentListener {

    static final int MAX_REASONS = 10_000;
    private static final byte ACCEPTED = -1;
    private static final RejectionCode[] CODES = RejectionCode.values();

    private long[] lines = new long[256];
    private final TipIdColumn tips = new TipIdColumn();
    private byte[] codes = new byte[256];
    private int[] reasons = new int[256];
    private int size;
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
            String tipId = tips.get(i);
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
            codes = Arrays.copyOf(codes, bigger);
            reasons = Arrays.copyOf(reasons, bigger);
        }
        lines[size] = line;
        tips.add(tipId);
        codes[size] = code;
        reasons[size] = reason;
        size++;
    }

    private int reason(String reason) {
        String kept = Text.auditReason(reason);
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
}
