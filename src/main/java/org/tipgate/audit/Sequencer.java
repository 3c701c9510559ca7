package org.tipgate.audit;

import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their place in the log (docs/audit.md): under the {@code audit_head} row
 * lock, the queued events, in queue order, move into the log with the next sequence numbers, with
 * no gaps; their leaf hashes, the subtrees they complete and the new size and root are stored in
 * the same transaction, and their queue rows deleted. A queue row holding many events is taken
 * whole, so a batch may exceed {@code batch}. Any number of gateway nodes may call it; the lock makes them take turns.
 */
public final class Sequencer {

    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StoredTree tree;
    private final Clock clock;
    private final int batch;
    /** Queue rows read at a time. */
    private static final int QUEUE_ROWS = 64;
    /** The edge of the tree after this node's last batch; checked against the head before use. */
    private Frontier edge;

    public Sequencer(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, int batch) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.tree = new StoredTree(jdbc);
        this.clock = clock;
        this.batch = batch;
    }

    /** Sequences every event committed so far; returns how many it placed. */
    public long integrate() {
        return integrate(() -> true);
    }

    /**
     * Sequences committed events a batch at a time for as long as {@code more} says so after each
     * batch, or until none is left; returns how many it placed.
     */
    public synchronized long integrate(BooleanSupplier more) {
        long total = 0;
        int placed;
        do {
            placed = tx.execute(status -> integrateBatch());
            total += placed;
        } while (placed >= batch && more.getAsBoolean());
        if (total > 0) {
            LOG.debug("audit log: {} events sequenced", total);
        }
        return total;
    }

    /** Whether committed events are waiting in the queue for their place in the log. */
    public boolean anyQueued() {
        return !jdbc.queryForList("SELECT id FROM event_queue ORDER BY id LIMIT 1", Long.class).isEmpty();
    }

    private int integrateBatch() {
        StoredTree.Head head = tree.lockHead();
        List<Long> taken = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        long[] next = {head.size()};
        // A few queue rows at a time (one may hold thousands of events) until the batch is full.
        while (events.size() < batch) {
            int before = taken.size();
            long after = taken.isEmpty() ? -1 : taken.get(taken.size() - 1);
            jdbc.query("SELECT id, at, type, actor, feed_id, tip_id, package_id, recipient, outcome, detail, items"
                    + " FROM event_queue WHERE id > ? ORDER BY id LIMIT " + QUEUE_ROWS, rs -> {
                        if (events.size() >= batch) {
                            return;
                        }
                        taken.add(rs.getLong(1));
                        EventRows.queued(rs, next, events);
                    }, after);
            if (taken.size() - before < QUEUE_ROWS) {
                break;
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        Frontier frontier = edgeAt(head);
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> nodes = new ArrayList<>();
        for (AuditEvent event : events) {
            byte[] leaf = event.leafHash();
            frontier.append(leaf, (height, index, hash) -> nodes.add(new Object[] {height, index, hash}));
            rows.add(EventRows.row(event, leaf));
        }
        jdbc.batchUpdate(EventRows.INSERT, rows);
        jdbc.batchUpdate("DELETE FROM event_queue WHERE id = ?", taken.stream().map(id -> new Object[] {id}).toList());
        if (!nodes.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO audit_nodes (height, idx, hash) VALUES (?, ?, ?)", nodes);
        }
        byte[] root = frontier.root();
        jdbc.update("UPDATE audit_head SET tree_size = ?, root_hash = ?, updated_at = ? WHERE id = 1",
                frontier.size(), root, Timestamp.from(clock.instant()));
        edge = frontier;
        return events.size();
    }

    /** The tree's edge at the head: this node's own when it still matches, else read from the store. */
    private Frontier edgeAt(StoredTree.Head head) {
        Frontier known = edge;
        edge = null;
        if (known != null && known.size() == head.size()
                && MessageDigest.isEqual(known.root(), head.rootOrEmpty())) {
            return known;
        }
        return Frontier.load(head.size(), tree);
    }
}
