package org.tipgate.audit;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Merkle tree as the database keeps it: leaf hashes in {@code events.leaf_hash} (or in
 * {@code audit_nodes} at height 0 once their events are archived), perfect subtrees of height 1
 * and more in {@code audit_nodes}.
 */
final class StoredTree implements Merkle.Nodes {

    private final JdbcTemplate jdbc;

    StoredTree(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public byte[] node(int height, long index) {
        List<byte[]> hash = height == 0
                ? jdbc.query("SELECT leaf_hash FROM events WHERE seq = ?", (rs, row) -> rs.getBytes(1), index)
                : List.of();
        if (hash.isEmpty()) {
            hash = jdbc.query("SELECT hash FROM audit_nodes WHERE height = ? AND idx = ?", (rs, row) -> rs.getBytes(1),
                    height, index);
        }
        if (hash.isEmpty() || hash.get(0) == null) {
            throw new IllegalStateException("the audit tree has no node at height " + height + ", index " + index
                    + ": the audit tables are damaged");
        }
        return hash.get(0);
    }

    /** The tree size and root the sequencer last recorded. */
    Head head() {
        return jdbc.queryForObject("SELECT tree_size, root_hash, archived FROM audit_head WHERE id = 1",
                (rs, row) -> new Head(rs.getLong(1), rs.getBytes(2), rs.getLong(3)));
    }

    /** Locks the head row for the rest of the transaction (the mutex of the sequencer and the archive). */
    Head lockHead() {
        return jdbc.queryForObject("SELECT tree_size, root_hash, archived FROM audit_head WHERE id = 1 FOR UPDATE",
                (rs, row) -> new Head(rs.getLong(1), rs.getBytes(2), rs.getLong(3)));
    }

    /**
     * @param size     events in the log
     * @param root     its root hash (null while empty)
     * @param archived events below this sequence number have been archived out of the events table
     */
    record Head(long size, byte[] root, long archived) {
        byte[] rootOrEmpty() {
            return root == null ? Merkle.emptyRoot() : root;
        }
    }
}
