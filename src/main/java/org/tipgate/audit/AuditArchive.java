package org.tipgate.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves events older than the retention period out of the database into an export file
 * (docs/operations.md), without breaking verification: the file is an ordinary export that ends at
 * a signed checkpoint and verifies on its own, and the database keeps every tree hash (the leaf
 * hashes of archived events move to {@code audit_nodes}), so that later events' proofs, later
 * checkpoints and later exports (which start with the tree's edge) are unchanged.
 */
public final class AuditArchive {

    /** CERT-In's rule: logs are kept for at least 180 days. */
    public static final Duration MIN_RETENTION = Duration.ofDays(180);

    /** What an archive run did. */
    public record Archived(long from, long to, int checkpoints) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Checkpoints checkpoints;
    private final AuditExporter exporter;
    private final Clock clock;
    private final StoredTree tree;
    private final EventLog events;

    public AuditArchive(JdbcTemplate jdbc, TransactionTemplate tx, Checkpoints checkpoints, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.checkpoints = checkpoints;
        this.exporter = new AuditExporter(jdbc, checkpoints, clock);
        this.clock = clock;
        this.tree = new StoredTree(jdbc);
        this.events = new EventLog(jdbc, clock);
    }

    /**
     * The end of what may be archived: the largest checkpoint size N above the events already
     * archived such that every event below N is older than {@code retention}; 0 when there is none.
     */
    public long archivable(Duration retention) {
        if (retention.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("events are kept at least 180 days; " + retention + " is shorter");
        }
        StoredTree.Head head = tree.head();
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
        // The first event not old enough bounds what may go (events are sequenced in time order,
        // give or take the moments between a commit and its sequencing).
        List<Long> young = jdbc.query("SELECT MIN(seq) FROM events WHERE at >= ?", (rs, row) -> rs.getObject(1,
                Long.class), cutoff);
        long limit = young.isEmpty() || young.get(0) == null ? head.size() : young.get(0);
        List<Long> sizes = jdbc.query("SELECT MAX(tree_size) FROM audit_checkpoints WHERE tree_size <= ? AND tree_size > ?",
                (rs, row) -> rs.getObject(1, Long.class), limit, head.archived());
        return sizes.isEmpty() || sizes.get(0) == null ? 0 : sizes.get(0);
    }

    /** The first event still in the database. */
    public long archived() {
        return tree.head().archived();
    }

    /** Writes the events from the first still in the database up to {@code to} (a checkpoint size). */
    public AuditExporter.Exported write(OutputStream out, long to) throws IOException {
        long from = archived();
        return exporter.export(out, from, to, from);
    }

    /**
     * Removes the events [from, to) from the database once their archive file is kept; the tree
     * hashes stay (the leaf hashes move to {@code audit_nodes}).
     */
    public Archived prune(long from, long to, String operator, String sha256) {
        return tx.execute(status -> {
            StoredTree.Head head = tree.lockHead();
            if (head.archived() != from) {
                throw new IllegalStateException("another archive run moved the archived mark to " + head.archived());
            }
            if (to > head.size()) {
                throw new IllegalArgumentException("the log has " + head.size() + " events, not " + to);
            }
            jdbc.update("INSERT INTO audit_nodes (height, idx, hash) SELECT 0, seq, leaf_hash FROM events"
                    + " WHERE seq >= ? AND seq < ?", from, to);
            jdbc.update("DELETE FROM events WHERE seq >= ? AND seq < ?", from, to);
            jdbc.update("UPDATE audit_head SET archived = ? WHERE id = 1", to);
            int count = checkpoints.between(from, to).size();
            events.append(new Event(EventType.AUDIT_ARCHIVED, operator, null, null, null, null, "ARCHIVED",
                    Map.of("from", from, "to", to, "sha256", sha256, "checkpoints", count)));
            return new Archived(from, to, count);
        });
    }
}
