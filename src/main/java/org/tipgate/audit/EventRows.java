package org.tipgate.audit;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;

/** Reading events back from the {@code events} table as audit events. */
final class EventRows {

    /** The columns of a logged event, in the order {@link #event} reads them. */
    static final String COLUMNS = "seq, at, type, actor, feed_id, tip_id, package_id, recipient, outcome, detail,"
            + " leaf_hash";

    static final RowMapper<LoggedEvent> LOGGED = (rs, row) -> new LoggedEvent(event(rs, rs.getLong(1)), rs.getBytes(11));

    private EventRows() {
    }

    /** The event of the current row, placed at {@code seq}. */
    static AuditEvent event(ResultSet rs, long seq) throws SQLException {
        return new AuditEvent(seq, rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                detail(rs.getString(10)));
    }

    static final String INSERT = "INSERT INTO events (seq, at, type, actor, feed_id, tip_id, package_id, recipient,"
            + " outcome, detail, intake_id, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The values of {@link #INSERT} for a sequenced event. */
    static Object[] row(AuditEvent e, byte[] leafHash) {
        return new Object[] {e.seq(), Timestamp.from(e.at()), e.type(), e.actor(), e.feedId(), e.tipId(),
                e.packageId(), e.recipient(), e.outcome(), CanonicalJson.encodeToString(e.detail()),
                e.detail().get("intakeId") instanceof String intake ? intake : null, leafHash};
    }

    /**
     * The events of the current {@code event_queue} row (columns id, at, type, actor, feed_id,
     * tip_id, package_id, recipient, outcome, detail, items), numbered from {@code next[0]}.
     */
    @SuppressWarnings("unchecked")
    static void queued(ResultSet rs, long[] next, List<AuditEvent> out) throws SQLException {
        Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
        byte[] items = rs.getBytes(11);
        if (items == null) {
            out.add(new AuditEvent(next[0]++, at, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getString(8), rs.getString(9), detail(rs.getString(10))));
            return;
        }
        Object list;
        try {
            list = CanonicalJson.parse(items);
        } catch (ProofException e) {
            throw new IllegalStateException("queued events the audit log cannot encode: " + e.getMessage(), e);
        }
        for (Object item : (List<Object>) list) {
            Map<String, Object> m = (Map<String, Object>) item;
            out.add(new AuditEvent(next[0]++, at, rs.getString(3), rs.getString(4), rs.getString(5),
                    (String) m.get("t"), rs.getString(7), rs.getString(8), rs.getString(9),
                    (Map<String, Object>) m.get("d")));
        }
    }

    static Map<String, Object> detail(String json) {
        try {
            return CanonicalJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
        } catch (ProofException e) {
            throw new IllegalStateException("an event detail the audit log cannot encode: " + e.getMessage(), e);
        }
    }
}
