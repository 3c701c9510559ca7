package org.tipgate.intake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.tipgate.format.Channel;
import org.tipgate.format.RejectedException;
import org.tipgate.format.Text;

/**
 * Every file or request taken in, whatever became of it ({@code intakes}). A row is written once
 * the evidence is in the spool and before the upload is removed, so that after a crash the
 * gateway knows every feed it holds: SPOOLED rows are judged again at start-up.
 */
public final class IntakeLedger {

    /** How a feed arrived. */

    public enum State { SPOOLED, RECEIVED, REJECTED }

    /** One intake: the evidence spool id, who brought it, how, and what it became. */
    public record Intake(String intakeId, String agency, Channel channel, String sourceName, String feedSha256,
                         long bytes, Instant receivedAt, State state, String feedId) {
    }

    private static final String SELECT = "SELECT intake_id, agency, channel, source_name, feed_sha256, bytes,"
            + " received_at, state, feed_id FROM intakes";
    private static final RowMapper<Intake> ROW = (rs, n) -> new Intake(rs.getString(1), rs.getString(2),
            Channel.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getLong(6),
            rs.getTimestamp(7).toInstant(), State.valueOf(rs.getString(8)), rs.getString(9));

    private final JdbcTemplate jdbc;

    public IntakeLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void spooled(Intake intake) {
        jdbc.update("INSERT INTO intakes (intake_id, agency, channel, source_name, feed_sha256, bytes, received_at, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", intake.intakeId(), intake.agency(), intake.channel().name(),
                intake.sourceName(), intake.feedSha256(), intake.bytes(), Timestamp.from(intake.receivedAt()),
                State.SPOOLED.name());
    }

    /**
     * Records an arrival refused before it was kept (TOO_LARGE): there is no evidence in the spool,
     * only this row, the SHA-256 of what was read of it, and its ack.
     */
    public void refusedUnkept(Intake intake, RejectedException refusal) {
        jdbc.update("INSERT INTO intakes (intake_id, agency, channel, source_name, feed_sha256, bytes, received_at, state,"
                + " rejection_code, rejection_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", intake.intakeId(),
                intake.agency(), intake.channel().name(), intake.sourceName(), intake.feedSha256(), intake.bytes(),
                Timestamp.from(intake.receivedAt()), State.REJECTED.name(), refusal.code().name(),
                Text.clip(refusal.reason(), 2000));
    }

    public void received(String intakeId, String feedId) {
        change(jdbc.update("UPDATE intakes SET state = ?, feed_id = ? WHERE intake_id = ? AND state = ?",
                State.RECEIVED.name(), feedId, intakeId, State.SPOOLED.name()), intakeId);
    }

    public void rejected(String intakeId, String feedId, RejectedException refusal) {
        change(jdbc.update("UPDATE intakes SET state = ?, feed_id = ?, rejection_code = ?, rejection_reason = ?"
                        + " WHERE intake_id = ? AND state = ?", State.REJECTED.name(), feedId, refusal.code().name(),
                Text.clip(refusal.reason(), 2000), intakeId, State.SPOOLED.name()), intakeId);
    }

    public Optional<Intake> get(String intakeId) {
        return jdbc.query(SELECT + " WHERE intake_id = ?", ROW, intakeId).stream().findFirst();
    }

    /** Intakes kept but not yet judged: a crash came between spooling and the verdict. */
    public List<Intake> spooled() {
        return jdbc.query(SELECT + " WHERE state = ? ORDER BY received_at", ROW, State.SPOOLED.name());
    }

    /** Whether this exact upload (same account, name and bytes) was already taken in. */
    public boolean taken(String agency, String sourceName, String feedSha256) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM intakes WHERE agency = ? AND source_name = ?"
                + " AND feed_sha256 = ?", Integer.class, agency, sourceName, feedSha256);
        return n != null && n > 0;
    }

    /** Whether the spool id is recorded. */
    public boolean known(String intakeId) {
        return get(intakeId).isPresent();
    }

    private static void change(int rows, String intakeId) {
        if (rows != 1) {
            throw new IllegalStateException("intake " + intakeId + " was not waiting for a verdict");
        }
    }

}
