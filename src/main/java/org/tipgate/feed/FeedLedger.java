package org.tipgate.feed;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
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

    /**
     * A feed's progress: RECEIVED (verified, RECEIVED ack signed), PACKAGED (its packages are in the
     * outbox), DELIVERED (every package delivered or finally failed; DELIVERED ack signed).
     */
    /**
     * Where a feed is: verified, packaged, acknowledged as delivered; or HELD, when its packages
     * were found to leave out tips routed to their recipients and its DELIVERED ack was not signed.
     */
    public enum State { RECEIVED, PACKAGED, DELIVERED, HELD }

    /** What verification established about a feed. */
    public record Verification(String intakeId, String signerCertSha256, Instant verifiedAt, long records,
                               long accepted, long rejected) {
    }

    /** A recorded feed and where it stands. */
    public record Feed(Entry entry, State state, Verification verification, long quarantined) {

        public String feedId() {
            return entry.feedId();
        }
    }

    private static final String SELECT_FEED = "SELECT feed_id, feed_sha256, sender, channel, received_at, state,"
            + " intake_id, signer_cert_sha256, verified_at, records, accepted, rejected, quarantined FROM feeds";

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
        RejectedException seen = seenBefore(entry);
        if (seen != null) {
            throw seen;
        }
        try {
            jdbc.update("INSERT INTO feeds (feed_id, feed_sha256, sender, channel, received_at) VALUES (?, ?, ?, ?, ?)",
                    entry.feedId(), entry.feedSha256(), entry.sender(), entry.channel(),
                    Timestamp.from(entry.receivedAt()));
        } catch (DuplicateKeyException e) {
            // Another node took the same feed between the look and the insert. No more queries here:
            // on PostgreSQL the failed insert has aborted the caller's transaction.
            throw new RejectedException(RejectionCode.REPLAY, "feed id " + entry.feedId() + " or the same bytes (SHA-256 "
                    + entry.feedSha256() + ") were taken in at the same moment by another intake", e);
        }
    }

    /** Records a verified feed with what verification found; REPLAY as {@link #record(Entry)}. */
    public void record(Entry entry, Verification verification) throws RejectedException {
        record(entry);
        jdbc.update("UPDATE feeds SET intake_id = ?, state = ?, signer_cert_sha256 = ?, verified_at = ?, records = ?,"
                + " accepted = ?, rejected = ? WHERE feed_id = ?", verification.intakeId(), State.RECEIVED.name(),
                verification.signerCertSha256(), Timestamp.from(verification.verifiedAt()), verification.records(),
                verification.accepted(), verification.rejected(), entry.feedId());
    }

    public Optional<Feed> feed(String feedId) {
        return jdbc.query(SELECT_FEED + " WHERE feed_id = ?", (rs, n) -> new Feed(
                new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()),
                State.valueOf(rs.getString(6)),
                new Verification(rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12)),
                rs.getLong(13)), feedId).stream().findFirst();
    }

    /**
     * A feed claimed by one gateway node until {@code until}: no other node (and no other pass of
     * this one) claims it before then, and only the holder of this very lease may move it on
     * ({@link #advance(Lease, State)}).
     */
    public record Lease(String feedId, String owner, Instant until) {
    }

    /**
     * Claims the oldest feed in {@code state} on which no node holds a live lease, leaving aside
     * {@code except}, for {@code owner} until {@code until}. Call it in a transaction of its own:
     * the feed's row is locked ({@code FOR UPDATE SKIP LOCKED}) only until the claim commits; from
     * then on the lease alone keeps others off.
     */
    public Optional<Lease> claim(State state, Collection<String> except, String owner, Instant now, Instant until) {
        StringBuilder sql = new StringBuilder("SELECT feed_id FROM feeds WHERE state = ?"
                + " AND (lease_until IS NULL OR lease_until < ?)");
        List<Object> args = new ArrayList<>(List.of(state.name(), Timestamp.from(now)));
        if (!except.isEmpty()) {
            sql.append(" AND feed_id NOT IN (").append(String.join(", ", Collections.nCopies(except.size(), "?")))
                    .append(")");
            args.addAll(except);
        }
        sql.append(" ORDER BY received_at, feed_id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED");
        // Whole milliseconds, which every database keeps exactly, so that the lease compares equal later.
        Instant held = until.truncatedTo(ChronoUnit.MILLIS);
        return jdbc.queryForList(sql.toString(), String.class, args.toArray()).stream().findFirst().map(feedId -> {
            jdbc.update("UPDATE feeds SET lease_until = ?, lease_owner = ? WHERE feed_id = ?", Timestamp.from(held),
                    owner, feedId);
            return new Lease(feedId, owner, held);
        });
    }

    /**
     * Moves a leased feed from {@code from} to {@code to} and ends the lease, if the lease is still
     * the one given (no other pass or node claimed the feed since); false otherwise, and nothing
     * changes.
     */
    public boolean advance(Lease lease, State from, State to) {
        return jdbc.update("UPDATE feeds SET state = ?, lease_until = NULL, lease_owner = NULL WHERE feed_id = ?"
                + " AND state = ? AND lease_owner = ? AND lease_until = ?", to.name(), lease.feedId(), from.name(),
                lease.owner(), Timestamp.from(lease.until())) == 1;
    }

    /** Ends a lease without moving the feed on (its packaging failed); false if it was not held any more. */
    public boolean release(Lease lease) {
        return jdbc.update("UPDATE feeds SET lease_until = NULL, lease_owner = NULL WHERE feed_id = ?"
                + " AND lease_owner = ? AND lease_until = ?", lease.feedId(), lease.owner(),
                Timestamp.from(lease.until())) == 1;
    }

    /**
     * Lets go of every lease {@code owner} holds. Called at start-up, before the flows run: nothing
     * this node claimed before it stopped can still be in progress.
     */
    public int releaseLeasesOf(String owner) {
        return jdbc.update("UPDATE feeds SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ?", owner);
    }

    /** PACKAGED feeds none of whose packages is still pending: ready for their DELIVERED ack. */
    public List<String> packagedAndSettled() {
        return jdbc.queryForList("SELECT f.feed_id FROM feeds f WHERE f.state = ? AND NOT EXISTS (SELECT 1 FROM"
                + " packages p WHERE p.feed_id = f.feed_id AND p.state = 'PENDING') ORDER BY f.received_at",
                String.class, State.PACKAGED.name());
    }

    /** Feed ids in a state, oldest first. */
    public List<String> inState(State state) {
        return jdbc.queryForList("SELECT feed_id FROM feeds WHERE state = ? ORDER BY received_at", String.class,
                state.name());
    }

    /**
     * Moves a feed from one state to the next; false if it was not in {@code from} (another node
     * or an earlier run got there first).
     */
    public boolean advance(String feedId, State from, State to) {
        return jdbc.update("UPDATE feeds SET state = ? WHERE feed_id = ? AND state = ?", to.name(), feedId,
                from.name()) == 1;
    }

    /**
     * Takes out of the accepted count what routing held back: records quarantined (UNROUTABLE)
     * and refused (DUPLICATE_TIP), so that records = accepted + rejected + quarantined still holds.
     */
    public void routed(String feedId, long quarantined, long refused) {
        jdbc.update("UPDATE feeds SET quarantined = quarantined + ?, rejected = rejected + ?,"
                + " accepted = accepted - ? - ? WHERE feed_id = ?", quarantined, refused, quarantined, refused, feedId);
    }

    public Optional<Entry> byId(String feedId) {
        return jdbc.query("SELECT feed_id, feed_sha256, sender, channel, received_at FROM feeds WHERE feed_id = ?",
                (rs, row) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()), feedId).stream().findFirst();
    }

    /** The REPLAY refusal of a feed whose id or bytes were taken in before, saying which and when; or null. */
    private RejectedException seenBefore(Entry entry) {
        Optional<Entry> sameId = byId(entry.feedId());
        if (sameId.isPresent()) {
            return new RejectedException(RejectionCode.REPLAY, "feed id " + entry.feedId() + " was taken in at "
                    + sameId.get().receivedAt());
        }
        return jdbc.query("SELECT received_at FROM feeds WHERE feed_sha256 = ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), entry.feedSha256()).stream().findFirst()
                .map(seen -> new RejectedException(RejectionCode.REPLAY, "the same bytes (SHA-256 " + entry.feedSha256()
                        + ") were taken in at " + seen + " under another feed id")).orElse(null);
    }
}
