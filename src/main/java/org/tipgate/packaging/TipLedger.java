package org.tipgate.packaging;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /**
     * Of these tips, which were already packaged, and for whom: recipient to tipIds. Looked up by
     * tipId (the key's leading column), a chunk of tips per query, whatever the recipients.
     */
    public java.util.Map<String, Set<String>> alreadyPackaged(List<String> tipIds) {
        java.util.Map<String, Set<String>> seen = new java.util.HashMap<>();
        for (int from = 0; from < tipIds.size(); from += CHUNK) {
            List<String> chunk = tipIds.subList(from, Math.min(tipIds.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT recipient, tip_id FROM tip_deliveries WHERE tip_id IN (" + marks + ")",
                    (org.springframework.jdbc.core.RowCallbackHandler) rs -> seen.computeIfAbsent(rs.getString(1),
                            r -> new HashSet<>()).add(rs.getString(2)), chunk.toArray());
        }
        return seen;
    }

    /** The package a tip went to for a recipient, if any. */
    public java.util.Optional<String> packageOf(String recipient, String tipId) {
        return jdbc.queryForList("SELECT package_id FROM tip_deliveries WHERE recipient = ? AND tip_id = ?",
                String.class, recipient, tipId).stream().findFirst();
    }

    /**
     * Records tip deliveries; the key refuses one a recipient already has
     * ({@code DuplicateKeyException}), and a failure leaves the caller's transaction to roll back.
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
                + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
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
