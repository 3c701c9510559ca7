package org.tipgate.ack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.tipgate.crypto.UnverifiedContent;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectedException;
import org.tipgate.format.WireDocument;

/**
 * Every ack the gateway signed, kept exactly as signed ({@code acks}): what the HTTPS API serves,
 * and what is (re)written to a sender's SFTP {@code acks/} folder until it is there.
 */
public final class AckLedger {

    /** A signed ack and where it stands. {@code writtenAt}: when it was put in the sender's acks/. */
    public record Stored(String ackId, String intakeId, String feedId, String agency, String channel, Ack.Stage stage,
                         Ack.Status status, Instant createdAt, Instant writtenAt, byte[] signed) {
    }

    private static final String SELECT = "SELECT ack_id, intake_id, feed_id, agency, channel, stage, status,"
            + " created_at, written_at, signed FROM acks";
    private static final RowMapper<Stored> ROW = (rs, n) -> new Stored(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), Ack.Stage.valueOf(rs.getString(6)),
            Ack.Status.valueOf(rs.getString(7)), rs.getTimestamp(8).toInstant(),
            rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(), rs.getBytes(10));

    private final JdbcTemplate jdbc;

    public AckLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Stored store(Ack ack, byte[] signed, String intakeId, String agency, String channel) {
        jdbc.update("INSERT INTO acks (ack_id, intake_id, feed_id, agency, channel, stage, status, created_at, signed)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ack.ackId(), intakeId, ack.feedId(), agency, channel,
                ack.stage().name(), ack.status().name(), Timestamp.from(ack.at()), signed);
        return new Stored(ack.ackId(), intakeId, ack.feedId(), agency, channel, ack.stage(), ack.status(), ack.at(),
                null, signed);
    }

    /** The ack of a recorded feed at that stage (acks of feeds refused as a whole name no feed). */
    public Optional<Stored> byFeed(String feedId, Ack.Stage stage) {
        return jdbc.query(SELECT + " WHERE feed_id = ? AND stage = ?", ROW, feedId, stage.name()).stream().findFirst();
    }

    public Optional<Stored> byId(String ackId) {
        return jdbc.query(SELECT + " WHERE ack_id = ?", ROW, ackId).stream().findFirst();
    }

    /**
     * The document of an ack this gateway signed and kept, read back without verifying: it comes
     * from the gateway's own database, not from outside.
     */
    public static Ack document(Stored stored) {
        try (InputStream content = UnverifiedContent.content(
                new ByteArrayInputStream(stored.signed()))) {
            return WireDocument.ACK.read(content.readAllBytes(), Ack.class);
        } catch (IOException | RejectedException e) {
            throw new IllegalStateException("the gateway's own ack " + stored.ackId() + " does not read back", e);
        }
    }

    /** Acks of a channel not yet written to their sender's folder, oldest first. */
    public List<Stored> unwritten(String channel) {
        return jdbc.query(SELECT + " WHERE written_at IS NULL AND channel = ? ORDER BY created_at", ROW, channel);
    }

    /**
     * Marks the ack written to its sender's folder or server, if it is not marked yet.
     *
     * @return whether this call marked it (false: it was written before, by this or another writer)
     */
    public boolean written(String ackId, Instant at) {
        return jdbc.update("UPDATE acks SET written_at = ? WHERE ack_id = ? AND written_at IS NULL", Timestamp.from(at),
                ackId) == 1;
    }
}
