package org.tipgate.packaging;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.tipgate.format.Ack;
import org.tipgate.format.RejectionCode;
import org.tipgate.format.Text;

/**
 * Which tip went to which recipient ({@code tip_deliveries}, keyed by tipId and recipient, so a
 * tip is never packaged twice for one recipient), and the records routing held back
 * ({@code record_outcomes}: UNROUTABLE, DUPLICATE_TIP). The ledger has no other index: it is
 * read by tipId only, and each index would cost every row inserted one more write.
 */
public final class TipLedger {

    /** One tip in one package. */
    public record TipDelivery(String recipient, String tipId, String packageId, String feedId, long line) {
    }

    private static final int CHUNK = 500;
    /** Rows per INSERT statement when tips are recorded. */
    static final int ROWS_PER_INSERT = 100;

    private final JdbcTemplate jdbc;

    public TipLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One recipient's row for one tip, by the ledger's key. */
    public record TipKey(String recipient, String tipId) {
    }

    /**
     * What the ledger holds for a feed's tips: the tips each recipient has from an earlier feed,
     * rows that name this very feed's packages, and rows of another feed being packaged now.
     *
     * @param earlier recipient to the tipIds it was sent in another feed's package (one in the outbox)
     * @param ofThisFeed rows naming a package of the feed being packaged. The feed is not packaged
     *     yet (its packages commit with its move to PACKAGED), so no such row can be an earlier
     *     delivery: it is a leftover of an attempt that did not commit (a stop, a failure, or an
     *     embedded database's leftover after a kill), and the recipient has not got the tip
     * @param elsewhere rows of another feed whose package is not in the outbox yet: that feed is
     *     being packaged now (its rows are written while its packages are built, and count only
     *     once its packages are recorded)
     */
    public record Packaged(Map<String, Set<String>> earlier, List<TipKey> ofThisFeed, List<TipKey> elsewhere) {
    }

    /**
     * Of these tips of feed {@code feedId}, which were already packaged in another feed, and for
     * whom. Looked up by tipId (the key's leading column), a chunk of tips per query, whatever the
     * recipients.
     */
    public Packaged alreadyPackaged(List<String> tipIds, String feedId) {
        Map<String, Set<String>> seen = new HashMap<>();
        List<TipKey> ofThisFeed = new ArrayList<>();
        List<TipKey> elsewhere = new ArrayList<>();
        for (int from = 0; from < tipIds.size(); from += CHUNK) {
            List<String> chunk = tipIds.subList(from, Math.min(tipIds.size(), from + CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT t.recipient, t.tip_id, t.feed_id, p.package_id FROM tip_deliveries t"
                    + " LEFT JOIN packages p ON p.package_id = t.package_id WHERE t.tip_id IN (" + marks + ")",
                    (RowCallbackHandler) rs -> {
                        TipKey key = new TipKey(rs.getString(1), rs.getString(2));
                        if (feedId.equals(rs.getString(3))) {
                            ofThisFeed.add(key);
                        } else if (rs.getString(4) == null) {
                            elsewhere.add(key);
                        } else {
                            seen.computeIfAbsent(key.recipient(), r -> new HashSet<>()).add(key.tipId());
                        }
                    }, chunk.toArray());
        }
        return new Packaged(seen, ofThisFeed, elsewhere);
    }

    /** Removes rows of feed {@code feedId} (and only of it) by key; returns how many went. */
    public int forget(String feedId, List<TipKey> rows) {
        int removed = 0;
        for (int[] counts : jdbc.batchUpdate("DELETE FROM tip_deliveries WHERE tip_id = ? AND recipient = ?"
                + " AND feed_id = ?", rows, CHUNK, (statement, row) -> {
                    statement.setString(1, row.tipId());
                    statement.setString(2, row.recipient());
                    statement.setString(3, feedId);
                })) {
            for (int n : counts) {
                removed += Math.max(n, 0);
            }
        }
        return removed;
    }

    /** The package each of these tips went to, per recipient that has it: key to packageId. */
    public Map<TipKey, String> packagesOf(Collection<String> tipIds) {
        Map<TipKey, String> found = new HashMap<>();
        List<String> all = List.copyOf(tipIds);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT recipient, tip_id, package_id FROM tip_deliveries WHERE tip_id IN (" + marks + ")",
                    (RowCallbackHandler) rs -> found.put(
                            new TipKey(rs.getString(1), rs.getString(2)), rs.getString(3)), chunk.toArray());
        }
        return found;
    }

    /** The package a tip went to for a recipient, if any. */
    public Optional<String> packageOf(String recipient, String tipId) {
        return jdbc.queryForList("SELECT package_id FROM tip_deliveries WHERE recipient = ? AND tip_id = ?",
                String.class, recipient, tipId).stream().findFirst();
    }

    /**
     * Records tip deliveries; the key refuses one a recipient already has
     * ({@code DuplicateKeyException}), and a failure leaves the caller's transaction to roll back.
     * Packaging writes a feed's rows while its packages are built, a chunk per transaction; they
     * count as deliveries for other feeds once the packages they name are in the outbox.
     * {@value #ROWS_PER_INSERT} rows per INSERT statement, the statements in one JDBC batch: a
     * batch of one-row statements took about twice as long on PostgreSQL (41,000 rows in key
     * order: 252 ms against 130) and a fifth longer on H2 (134 against 109); 100, 250 or 500 rows
     * a statement made no difference measured ({@code TipLedgerBenchmark}).
     */
    public void add(List<TipDelivery> deliveries) {
        int statements = deliveries.size() / ROWS_PER_INSERT;
        if (statements > 0) {
            jdbc.batchUpdate(insert(ROWS_PER_INSERT), new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement statement, int i) throws SQLException {
                    bind(statement, deliveries.subList(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT));
                }

                @Override
                public int getBatchSize() {
                    return statements;
                }
            });
        }
        List<TipDelivery> rest = deliveries.subList(statements * ROWS_PER_INSERT, deliveries.size());
        if (!rest.isEmpty()) {
            jdbc.update(insert(rest.size()), statement -> bind(statement, rest));
        }
    }

    private static String insert(int rows) {
        return "INSERT INTO tip_deliveries (recipient, tip_id, package_id, feed_id, line) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
    }

    private static void bind(PreparedStatement statement, List<TipDelivery> rows) throws SQLException {
        int p = 1;
        for (TipDelivery d : rows) {
            statement.setString(p++, d.recipient());
            statement.setString(p++, d.tipId());
            statement.setString(p++, d.packageId());
            statement.setString(p++, d.feedId());
            statement.setLong(p++, d.line());
        }
    }

    public void refused(String feedId, List<Ack.Rejection> refusals) {
        jdbc.batchUpdate("INSERT INTO record_outcomes (feed_id, line, tip_id, code, reason) VALUES (?, ?, ?, ?, ?)",
                refusals.stream().map(r -> new Object[] {feedId, r.line(), r.tipId(), r.code().name(),
                        Text.clip(r.reason(), 2000)}).toList());
    }

    /** The first {@code limit} records routing held back, in line order. */
    public List<Ack.Rejection> refusals(String feedId, int limit) {
        return jdbc.query("SELECT line, tip_id, code, reason FROM record_outcomes WHERE feed_id = ? ORDER BY line"
                + " FETCH FIRST " + limit + " ROWS ONLY", (rs, n) -> new Ack.Rejection(rs.getLong(1), rs.getString(2),
                RejectionCode.valueOf(rs.getString(3)), rs.getString(4)), feedId);
    }

}
