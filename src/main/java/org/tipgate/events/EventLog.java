package org.tipgate.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.tipgate.format.WireJson;

/**
 * Appends events to the {@code events} table. Call it inside the transaction that makes the
 * change the event describes, so that the two commit or roll back together.
 */
public final class EventLog {

    /**
     * An appended event, with its insertion id and time. Its place in the audit log (the sequence
     * number) is given later by the audit sequencer (org.tipgate.audit).
     */
    public record Recorded(long id, Instant at, Event event) {
    }

    private static final int MAX_DETAIL = 4000;
    private static final String INSERT = "INSERT INTO events (at, type, actor, feed_id, tip_id, package_id, recipient,"
            + " outcome, detail, intake_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT id, at, type, actor, feed_id, tip_id, package_id, recipient, outcome,"
            + " detail FROM events";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public EventLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void append(Event event) {
        appendAll(List.of(event));
    }

    /** Appends events in one batch, in list order. */
    public void appendAll(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        // Microseconds: what both databases keep, so that the event reads back exactly as appended.
        Timestamp at = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            rows.add(new Object[] {at, e.type().name(), e.actor(), e.feedId(), e.tipId(), e.packageId(), e.recipient(),
                    e.outcome(), detail(e.detail()), e.detail().get("intakeId") instanceof String id ? id : null});
        }
        jdbc.batchUpdate(INSERT, rows);
    }

    public List<Recorded> byFeed(String feedId) {
        return jdbc.query(SELECT + " WHERE feed_id = ? ORDER BY id", MAPPER, feedId);
    }

    public List<Recorded> byType(EventType type) {
        return jdbc.query(SELECT + " WHERE type = ? ORDER BY id", MAPPER, type.name());
    }

    private static String detail(Map<String, Object> detail) {
        checkValues(detail);
        String json = new String(WireJson.toBytes(detail), java.nio.charset.StandardCharsets.UTF_8);
        if (json.length() > MAX_DETAIL) {
            throw new IllegalArgumentException("event detail over " + MAX_DETAIL + " characters: " + json.substring(0, 80));
        }
        return json;
    }

    /**
     * Detail values are strings, whole numbers, booleans, lists and maps of those: what the
     * canonical encoding of docs/audit.md can represent exactly.
     */
    private static void checkValues(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
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
        if (value instanceof java.util.Collection<?> list) {
            list.forEach(EventLog::checkValues);
            return;
        }
        throw new IllegalArgumentException("event detail value of type " + value.getClass().getSimpleName()
                + " has no canonical encoding");
    }

    @SuppressWarnings("unchecked")
    private static final RowMapper<Recorded> MAPPER = (rs, row) -> new Recorded(rs.getLong(1),
            rs.getTimestamp(2).toInstant(), new Event(EventType.valueOf(rs.getString(3)), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
            readDetail(rs.getString(10))));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readDetail(String json) {
        try {
            return WireJson.mapper().readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable event detail: " + json, e);
        }
    }
}
