package org.tipgate.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the log as an export file (docs/audit.md) from the database, streaming: the events from
 * a sequence number up to the newest checkpoint, each checkpoint after the event before its size.
 * It only reads, so it runs while the gateway does.
 */
public final class AuditExporter {

    /** What was exported: the events {@code from} (inclusive) to {@code to} (exclusive), and the checkpoints. */
    public record Exported(long from, long to, int checkpoints) {
    }

    private static final int PAGE = 10_000;

    private final JdbcTemplate jdbc;
    private final Checkpoints checkpoints;
    private final Clock clock;
    private final StoredTree tree;

    public AuditExporter(JdbcTemplate jdbc, Checkpoints checkpoints, Clock clock) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.tree = new StoredTree(jdbc);
    }

    /** Exports from {@code from} (null: the oldest event still in the database) to the newest checkpoint. */
    public Exported export(OutputStream out, Long from) throws IOException {
        StoredTree.Head head = tree.head();
        SignedCheckpoint newest = checkpoints.latest().orElseThrow(() -> new IllegalStateException(
                "no checkpoint has been signed yet: there is nothing verifiable to export"));
        return export(out, from == null ? head.archived() : from, newest.checkpoint().treeSize(), head.archived());
    }

    /** Exports the events [from, to); {@code to} must be the size of a checkpoint. */
    Exported export(OutputStream out, long from, long to, long archived) throws IOException {
        if (from < archived) {
            throw new IllegalArgumentException("the events below " + archived
                    + " were archived out of the database (tipgate audit archive); export from " + archived
                    + " or later, and keep the archive files for the rest");
        }
        if (from >= to) {
            throw new IllegalArgumentException("nothing to export from " + from + ": the newest checkpoint covers "
                    + to + " events");
        }
        SignedCheckpoint last = checkpoints.at(to).orElseThrow(() -> new IllegalArgumentException(
                "no checkpoint of size " + to));
        long size = tree.head().size();
        if (to > size) {
            throw new IllegalStateException("a checkpoint of size " + to + " but only " + size
                    + " events: the audit tables are damaged");
        }
        ExportWriter writer = new ExportWriter(out);
        writer.header(last.checkpoint().origin(), from, to, clock.instant());
        if (from > 0) {
            writer.frontier(Frontier.load(from, tree));
        }
        List<SignedCheckpoint> covered = checkpoints.between(from, to);
        Deque<SignedCheckpoint> pending = new ArrayDeque<>(covered);
        long next = from;
        while (next < to) {
            long end = Math.min(to, next + PAGE);
            List<LoggedEvent> page = jdbc.query("SELECT " + EventRows.COLUMNS + " FROM events WHERE seq >= ? AND seq < ?"
                    + " ORDER BY seq", EventRows.LOGGED, next, end);
            if (page.size() != end - next) {
                throw new IllegalStateException("the log has " + page.size() + " events in [" + next + ", " + end
                        + "), not " + (end - next) + ": the events table is damaged");
            }
            for (LoggedEvent e : page) {
                writer.event(e.event(), e.leafHash());
                long after = e.event().seq() + 1;
                while (!pending.isEmpty() && pending.peekFirst().checkpoint().treeSize() == after) {
                    writer.checkpoint(pending.removeFirst());
                }
            }
            next = end;
        }
        out.flush();
        return new Exported(from, to, covered.size());
    }
}
