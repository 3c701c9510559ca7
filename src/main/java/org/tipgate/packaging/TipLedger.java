package org.tipgate.packaging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    public void add(List<TipDelivery> deliveries) {
        jdbc.batchUpdate("INSERT INTO tip_deliveries (recipient, tip_id, package_id, feed_id, line) VALUES (?, ?, ?, ?, ?)",
                deliveries.stream().map(d -> new Object[] {d.recipient(), d.tipId(), d.packageId(), d.feedId(),
                        d.line()}).toList());
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
