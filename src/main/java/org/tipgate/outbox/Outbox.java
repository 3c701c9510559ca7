package org.tipgate.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.tipgate.format.Text;

/**
 * The durable outbox ({@code packages}): every package built, already encrypted for its
 * recipient, and where its delivery stands. Due packages are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and held under a lease, so that several gateway nodes share the
 * work without two of them delivering the same package, and a node that dies lets go when its
 * lease runs out.
 */
public final class Outbox {

    public enum State { PENDING, DELIVERED, DEAD }

    /**
     * A package and its delivery state; {@code collectedAt} and {@code removedAt} are set for a
     * package its recipient collects from its own SFTP outbox (a PULL endpoint), once it has read
     * the whole package and once it has then removed it.
     */
    public record Entry(String packageId, String feedId, String recipient, long records, String packageSha256,
                        long bytes, String fileName, Instant createdAt, State state, int attempts,
                        Instant nextAttemptAt, String lastError, String endpoint, Instant deliveredAt,
                        String receiptSha256, Instant leaseUntil, Instant collectedAt, Instant removedAt) {
    }

    /** How retries back off: doubling from {@code initial} up to {@code max}, for {@code maxAttempts} attempts. */
    public record Backoff(Duration initial, Duration max, int maxAttempts) {

        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 1) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max and at least one attempt: "
                        + initial + ", " + max + ", " + maxAttempts);
            }
        }

        /** The wait after the {@code attempts}-th failed attempt. */
        public Duration after(int attempts) {
            int doublings = Math.min(Math.max(attempts - 1, 0), 30);
            Duration wait = initial.multipliedBy(1L << doublings);
            return wait.compareTo(max) > 0 ? max : wait;
        }
    }

    private static final String SELECT = "SELECT package_id, feed_id, recipient, records, package_sha256, bytes,"
            + " file_name, created_at, state, attempts, next_attempt_at, last_error, endpoint, delivered_at,"
            + " receipt_sha256, lease_until, collected_at, removed_at FROM packages";
    private static final RowMapper<Entry> ROW = (rs, n) -> new Entry(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getLong(4), rs.getString(5), rs.getLong(6), rs.getString(7),
            rs.getTimestamp(8).toInstant(), State.valueOf(rs.getString(9)), rs.getInt(10),
            rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13), instant(rs.getTimestamp(14)),
            rs.getString(15), instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)), instant(rs.getTimestamp(18)));

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Backoff backoff;
    private final String node;

    /**
     * @param node this gateway node's id ({@code tipgate.node-id}), unique among the nodes that share
     *     the database: the owner of the leases it takes
     */
    public Outbox(JdbcTemplate jdbc, Clock clock, Backoff backoff, String node) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.backoff = backoff;
        this.node = node;
    }

    /** Puts a built package in the outbox, due now. */
    public void add(String packageId, String feedId, String recipient, long records, String sha256, long bytes,
                    String fileName) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("INSERT INTO packages (package_id, feed_id, recipient, records, package_sha256, bytes, file_name,"
                + " created_at, state, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                packageId, feedId, recipient, records, sha256, bytes, fileName, now, State.PENDING.name(), now);
    }

    /**
     * Claims up to {@code max} due packages for {@code lease}; call it in a transaction of its own,
     * which the row locks last for.
     */
    public List<Entry> claim(int max, Duration lease) {
        Instant now = clock.instant();
        List<String> ids = jdbc.queryForList("SELECT package_id FROM packages WHERE state = ? AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, package_id"
                + " FETCH FIRST " + max + " ROWS ONLY FOR UPDATE SKIP LOCKED", String.class, State.PENDING.name(),
                Timestamp.from(now), Timestamp.from(now));
        Timestamp until = Timestamp.from(now.plus(lease));
        for (String id : ids) {
            jdbc.update("UPDATE packages SET lease_until = ?, lease_owner = ? WHERE package_id = ?", until, node, id);
        }
        return ids.stream().map(id -> get(id).orElseThrow()).toList();
    }

    /**
     * Renews this node's lease on a package it claimed, just before an attempt; false when the
     * lease ran out and another node (or a later pass) has taken the package since, in which case
     * this node must not try it.
     */
    public boolean renew(Entry claimed, Duration lease) {
        return jdbc.update("UPDATE packages SET lease_until = ? WHERE package_id = ? AND state = ? AND lease_until = ?"
                        + " AND lease_owner = ?", Timestamp.from(clock.instant().plus(lease)), claimed.packageId(),
                State.PENDING.name(), Timestamp.from(claimed.leaseUntil()), node) == 1;
    }

    /**
     * Lets go of every lease this node holds. Called at start-up, before the delivery flow runs:
     * whatever this node had claimed before it stopped is not in progress any more.
     *
     * @return how many packages were let go
     */
    public int releaseOwnLeases() {
        return jdbc.update("UPDATE packages SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ?"
                + " AND state = ?", node, State.PENDING.name());
    }

    public void delivered(String packageId, String endpoint) {
        change(jdbc.update("UPDATE packages SET state = ?, delivered_at = ?, endpoint = ?, attempts = attempts + 1,"
                        + " lease_until = NULL, last_error = NULL WHERE package_id = ? AND state = ?",
                State.DELIVERED.name(), Timestamp.from(clock.instant()), endpoint, packageId, State.PENDING.name()),
                packageId);
    }

    /**
     * Records a failed attempt: the package is due again after the backoff, or DEAD when the
     * failure cannot be helped by retrying or the attempts are used up.
     *
     * @return the state it is left in
     */
    public State failed(String packageId, String error, boolean retryable) {
        Entry entry = get(packageId).orElseThrow();
        int attempts = entry.attempts() + 1;
        boolean dead = !retryable || attempts >= backoff.maxAttempts();
        Instant next = clock.instant().plus(backoff.after(attempts));
        change(jdbc.update("UPDATE packages SET state = ?, attempts = ?, next_attempt_at = ?, lease_until = NULL,"
                        + " last_error = ? WHERE package_id = ? AND state = ?",
                (dead ? State.DEAD : State.PENDING).name(), attempts, Timestamp.from(next), Text.clip(error, 2000), packageId,
                State.PENDING.name()), packageId);
        return dead ? State.DEAD : State.PENDING;
    }

    /** An operator puts a dead package back: due now, with a fresh count of attempts. */
    public boolean retry(String packageId) {
        return jdbc.update("UPDATE packages SET state = ?, attempts = 0, next_attempt_at = ?, lease_until = NULL"
                + " WHERE package_id = ? AND state = ?", State.PENDING.name(), Timestamp.from(clock.instant()),
                packageId, State.DEAD.name()) == 1;
    }

    public void receipt(String packageId, String receiptSha256) {
        jdbc.update("UPDATE packages SET receipt_sha256 = ? WHERE package_id = ? AND receipt_sha256 IS NULL",
                receiptSha256, packageId);
    }

    public Optional<Entry> get(String packageId) {
        return jdbc.query(SELECT + " WHERE package_id = ?", ROW, packageId).stream().findFirst();
    }

    public List<Entry> byFeed(String feedId) {
        return jdbc.query(SELECT + " WHERE feed_id = ? ORDER BY recipient", ROW, feedId);
    }

    public List<Entry> inState(State state) {
        return jdbc.query(SELECT + " WHERE state = ? ORDER BY created_at, package_id", ROW, state.name());
    }

    /** File names of every package in the outbox, whatever its state. */
    public List<String> fileNames() {
        return jdbc.queryForList("SELECT file_name FROM packages", String.class);
    }

    private static void change(int rows, String packageId) {
        if (rows != 1) {
            throw new IllegalStateException("package " + packageId + " was not pending");
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A package put in a recipient's SFTP outbox, as recorded: what the embedded SFTP server asks about. */
    public record Placed(String packageId, String feedId, long bytes, boolean collected) {
    }

    /** The package delivered under {@code fileName} into {@code recipient}'s SFTP outbox, if any. */
    public Optional<Placed> placed(String recipient, String fileName) {
        return jdbc.query("SELECT package_id, feed_id, bytes, collected_at FROM packages WHERE recipient = ?"
                + " AND file_name = ?", (rs, n) -> new Placed(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getTimestamp(4) != null), recipient, fileName).stream().findFirst();
    }

    /** The recipient downloaded the package whole (first time only); false if that was recorded before. */
    public boolean collected(String packageId, Instant at) {
        return jdbc.update("UPDATE packages SET collected_at = ? WHERE package_id = ? AND collected_at IS NULL",
                Timestamp.from(at), packageId) == 1;
    }

    /** The recipient removed the package from its outbox (first time only). */
    public void removed(String packageId, Instant at) {
        jdbc.update("UPDATE packages SET removed_at = ? WHERE package_id = ? AND removed_at IS NULL",
                Timestamp.from(at), packageId);
    }
}
