package org.tipgate.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An audit query: every given field must hold. {@code agency} matches the event's actor or
 * recipient; {@code from} is inclusive and {@code to} exclusive. Null fields do not filter.
 */
public record EventFilter(String tipId, String feedId, String agency, String type, String outcome, Instant from,
                          Instant to) {

    /** Longer than any id the gateway writes; a longer filter value is a usage error. */
    public static final int MAX_VALUE = 200;

    public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null, null);

    public EventFilter {
        for (String value : new String[] {tipId, feedId, agency, type, outcome}) {
            if (value != null && (value.isEmpty() || value.length() > MAX_VALUE)) {
                throw new IllegalArgumentException("a filter value must have 1 to " + MAX_VALUE + " characters");
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from " + from + " is not before to " + to);
        }
    }

    public static EventFilter tip(String tipId) {
        return new EventFilter(tipId, null, null, null, null, null, null);
    }

    /** The filter as it is recorded in an AUDIT_QUERIED event's detail (ids, codes and times only). */
    public Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "tipId", tipId);
        put(m, "feedId", feedId);
        put(m, "agency", agency);
        put(m, "type", type);
        put(m, "outcome", outcome);
        put(m, "from", from == null ? null : AuditEvent.TIME.format(from));
        put(m, "to", to == null ? null : AuditEvent.TIME.format(to));
        return m;
    }

    private static void put(Map<String, Object> m, String name, String value) {
        if (value != null) {
            m.put(name, value);
        }
    }
}
