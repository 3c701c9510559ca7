package org.tipgate.feed;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;

/**
 * The record of every feed taken in. A feed whose id or whose bytes (SHA-256) were seen before is a
 * REPLAY: the database's unique keys decide, so two nodes taking the same feed at the same moment
 * cannot both win.
 */
public final class FeedLedger {

    /** One feed taken in: its id and hash, who sent it, and by which channel. */
    public record Entry(String feedId, String feedSha256, String sender, String channel, Instant receivedAt) {
    }

    private final JdbcTemplate jdbc;

    public FeedLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a feed; call it in the transaction that takes the feed in.
     *
     * @throws RejectedException REPLAY, saying whether the id or the bytes were seen, and when
     */
    public void record(Entry entry) throws RejectedException {
        try {
            jdbc.update("INSERT INTO feeds (feed_id, feed_sha256, sender, channel, received_at) VALUES (?, ?, ?, ?, ?)",
                    entry.feedId(), entry.feedSha256(), entry.sender(), entry.channel(),
                    Timestamp.from(entry.receivedAt()));
        } catch (DuplicateKeyException e) {
            throw replay(entry, e);
        }
    }

    public Optional<Entry> byId(String feedId) {
        return jdbc.query("SELECT feed_id, feed_sha256, sender, channel, received_at FROM feeds WHERE feed_id = ?",
                (rs, row) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()), feedId).stream().findFirst();
    }

    private RejectedException replay(Entry entry, DuplicateKeyException cause) {
        Optional<Entry> sameId = byId(entry.feedId());
        if (sameId.isPresent()) {
            return new RejectedException(RejectionCode.REPLAY, "feed id " + entry.feedId() + " was taken in at "
                    + sameId.get().receivedAt(), cause);
        }
        Instant seen = jdbc.queryForObject("SELECT received_at FROM feeds WHERE feed_sha256 = ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), entry.feedSha256());
        return new RejectedException(RejectionCode.REPLAY, "the same bytes (SHA-256 " + entry.feedSha256()
                + ") were taken in at " + seen + " under another feed id", cause);
    }
}
