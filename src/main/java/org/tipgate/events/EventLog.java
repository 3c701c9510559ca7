package org.tipgate.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.format.WireJson;

/**
 * Appends events to the audit trail's queue ({@code event_queue}). Call it inside the transaction
 * that makes the change the event describes, so that the two commit or roll back together. The
 * audit sequencer later moves committed events into the log ({@code events}) with their sequence
 * numbers (docs/audit.md).
 *
 * <p>Events of one call that differ only in tipId and detail (a feed's records accepted, or routed
 * into one package) are queued as one row holding all of them, so that appending tens of thousands
 * of record events costs a few rows; the sequencer gives each its own place in the log.
 */
public final class EventLog {

    /**
     * An appended event and its time. {@code position} orders the events of one answer: a
     * sequenced event's sequence number, or for an event still queued a number above every
     * sequence number, in queue order.
     */
    public record Recorded(long position, Instant at, Event event) {

        /** Whether the event has its place in the log yet. */
        public boolean sequenced() {
            return position < QUEUED;
        }
    }

    /** Where the positions of queued events start. */
    static final long QUEUED = 1L << 62;
    /** Most events one queue row holds. */
    public static final int MAX_ITEMS = 10_000;

    private static final int MAX_DETAIL = 4000;
    /** The largest whole number the audit log's canonical JSON writes (audit.CanonicalJson, docs/audit.md). */
    private static final long MAX_WHOLE_NUMBER = (1L << 53) - 1;
    private static final String INSERT = "INSERT INTO event_queue (at, type, actor, feed_id, tip_id, package_id,"
            + " recipient, outcome, detail, items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Sequenced and queued events in one statement, so that no event moving between them is missed. */
    private static final String SELECT = "SELECT 0 AS src, seq AS pos, at, type, actor, feed_id, tip_id, package_id,"
            + " recipient, outcome, detail, CAST(NULL AS BYTEA) AS items FROM events WHERE %1$s = ?"
            + " UNION ALL SELECT 1 AS src, id AS pos, at, type, actor, feed_id, tip_id, package_id, recipient, outcome,"
            + " detail, items FROM event_queue WHERE %1$s = ? ORDER BY src, pos";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public EventLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void append(Event event) {
        appendAll(List.of(event));
    }

    /**
     * Appends events in one batch. They enter the log in list order, except that record events
     * (with a tipId) that share type, actor, feed, package, recipient and outcome are logged
     * together, at the place of the first of them, in their own order.
     */
    public void appendAll(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        // Microseconds: what both databases keep, so that the event reads back exactly as appended.
        Timestamp at = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        // Record events (those with a tipId) are gathered by what they share besides tipId and
        // detail; each group takes the place of its first event, the others keep theirs.
        List<Object> slots = new ArrayList<>();
        Map<List<Object>, List<Event>> open = new HashMap<>();
        for (Event e : events) {
            if (e.tipId() == null) {
                slots.add(e);
                continue;
            }
            List<Object> key = Arrays.asList(e.type(), e.actor(), e.feedId(), e.packageId(), e.recipient(),
                    e.outcome());
            List<Event> group = open.get(key);
            if (group == null || group.size() == MAX_ITEMS) {
                group = new ArrayList<>();
                open.put(key, group);
                slots.add(group);
            }
            group.add(e);
        }
        List<Object[]> rows = new ArrayList<>(slots.size());
        for (Object slot : slots) {
            @SuppressWarnings("unchecked")
            Event first = slot instanceof Event single ? single : ((List<Event>) slot).get(0);
            if (slot instanceof Event || ((List<?>) slot).size() == 1) {
                rows.add(new Object[] {at, first.type().name(), first.actor(), first.feedId(), first.tipId(),
                        first.packageId(), first.recipient(), first.outcome(), detail(first.detail()), null});
            } else {
                @SuppressWarnings("unchecked")
                List<Event> group = (List<Event>) slot;
                rows.add(new Object[] {at, first.type().name(), first.actor(), first.feedId(), null, first.packageId(),
                        first.recipient(), first.outcome(), null, items(group)});
            }
        }
        jdbc.batchUpdate(INSERT, rows);
    }

    /** Events of a feed: those in the log in sequence order, then those still queued. */
    public List<Recorded> byFeed(String feedId) {
        return read("feed_id", feedId);
    }

    /** Events of a type: those in the log in sequence order, then those still queued. */
    public List<Recorded> byType(EventType type) {
        return read("type", type.name());
    }

    private List<Recorded> read(String column, String value) {
        List<Recorded> found = new ArrayList<>();
        jdbc.query(String.format(SELECT, column), rs -> {
            boolean queued = rs.getInt(1) == 1;
            long pos = rs.getLong(2);
            Instant at = rs.getObject(3, OffsetDateTime.class).toInstant();
            EventType type = EventType.valueOf(rs.getString(4));
            byte[] items = rs.getBytes(12);
            if (items == null) {
                found.add(new Recorded(queued ? QUEUED + pos * MAX_ITEMS : pos, at, new Event(type, rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        readDetail(rs.getString(11)))));
                return;
            }
            List<Item> list = readItems(items);
            for (int k = 0; k < list.size(); k++) {
                found.add(new Recorded(QUEUED + pos * MAX_ITEMS + k, at, new Event(type, rs.getString(5),
                        rs.getString(6), list.get(k).tipId(), rs.getString(8), rs.getString(9), rs.getString(10),
                        list.get(k).detail())));
            }
        }, value, value);
        return found;
    }

    /** One event of a queue row that holds many: its tipId and detail. */
    public record Item(String tipId, Map<String, Object> detail) {
    }

    /** The items of a queue row: a JSON array of {@code {"t": tipId, "d": detail}}. */
    @SuppressWarnings("unchecked")
    public static List<Item> readItems(byte[] items) {
        try {
            List<Map<String, Object>> list = WireJson.mapper().readValue(items, List.class);
            List<Item> out = new ArrayList<>(list.size());
            for (Map<String, Object> m : list) {
                out.add(new Item((String) m.get("t"), (Map<String, Object>) m.get("d")));
            }
            return out;
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("unreadable queued events: " + e.getMessage(), e);
        }
    }

    private static byte[] items(List<Event> events) {
        List<Map<String, Object>> list = new ArrayList<>(events.size());
        for (Event e : events) {
            detail(e.detail());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", e.tipId());
            m.put("d", e.detail());
            list.add(m);
        }
        return WireJson.toBytes(list);
    }

    private static String detail(Map<String, Object> detail) {
        checkValues(detail);
        String json = new String(WireJson.toBytes(detail), StandardCharsets.UTF_8);
        if (json.length() > MAX_DETAIL) {
            throw new IllegalArgumentException("event detail over " + MAX_DETAIL + " characters: " + json.substring(0, 80));
        }
        return json;
    }

    /**
     * Detail values are strings, whole numbers within &plusmn;(2^53 - 1), booleans, lists and maps of
     * those: what the canonical encoding of docs/audit.md can represent exactly. Refused here, in the
     * transaction of the step that made the event, rather than when the sequencer encodes it.
     */
    private static void checkValues(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return;
        }
        if (value instanceof Long number) {
            if (Math.abs(number) > MAX_WHOLE_NUMBER || number == Long.MIN_VALUE) {
                throw new IllegalArgumentException("event detail number " + number + " is beyond \u00b1(2^53 - 1),"
                        + " which the canonical encoding (RFC 8785) cannot write exactly");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("event detail key is not a string: " + e.getKey());
                }
                checkValues(e.getValue());
            }
            return;
        }
        if (value instanceof Collection<?> list) {
            list.forEach(EventLog::checkValues);
            return;
        }
        throw new IllegalArgumentException("event detail value of type " + value.getClass().getSimpleName()
                + " has no canonical encoding");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readDetail(String json) {
        try {
            return WireJson.mapper().readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable event detail: " + json, e);
        }
    }
}
