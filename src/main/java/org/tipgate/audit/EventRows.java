package org.tipgate.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;

/** Reading events back from the {@code events} table as audit events. */
final class EventRows {

    /** The columns of an event, in the order {@link #event} reads them; {@code seq} may still be null. */
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

    static Map<String, Object> detail(String json) {
        try {
            return CanonicalJson.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (ProofException e) {
            throw new IllegalStateException("an event detail the audit log cannot encode: " + e.getMessage(), e);
        }
    }
}
