package org.tipgate.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;

/**
 * What auditors and agencies may ask of the audit log (docs/api.md, docs/audit.md): filtered pages
 * of events in log order, checkpoints, inclusion and consistency proofs, and signed custody
 * reports. Only sequenced events are answered; each viewer sees only what {@link Viewer} allows.
 * Every question is itself recorded, by {@link #queried}.
 */
public final class AuditTrail {

    /** One page of events and the cursor of the next (null when this is the last page). */
    public record Page(List<LoggedEvent> events, Long next) {
    }

    /** The query was refused: not found, or not the viewer's to see (answered alike). */
    public static final class NotVisibleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotVisibleException(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Sequencer sequencer;
    private final Checkpoints checkpoints;
    private final EventLog events;
    private final CmsSigner gateway;
    private final Clock clock;
    private final StoredTree tree;

    public AuditTrail(JdbcTemplate jdbc, TransactionTemplate tx, Sequencer sequencer, Checkpoints checkpoints,
                      EventLog events, CmsSigner gateway, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.sequencer = sequencer;
        this.checkpoints = checkpoints;
        this.events = events;
        this.gateway = gateway;
        this.clock = clock;
        this.tree = new StoredTree(jdbc);
    }

    /**
     * The queries of the trail for a tool that cannot sign (the CLI): events, proofs, checkpoints
     * and recording its own questions; custody reports are the running gateway's.
     */
    public static AuditTrail readOnly(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new AuditTrail(jdbc, tx, null, Checkpoints.readOnly(jdbc), new EventLog(jdbc, clock), null, clock);
    }

    /** The events after the cursor {@code after} (a sequence number; null from the start) that match. */
    public Page events(EventFilter filter, Viewer viewer, Long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one event");
        }
        Query q = new Query();
        if (after != null) {
            q.where("seq > ?", after);
        }
        q.filter(filter);
        q.visibleTo(viewer);
        List<LoggedEvent> found = jdbc.query("SELECT " + EventRows.COLUMNS + " FROM events WHERE " + q.sql()
                + " ORDER BY seq LIMIT " + (limit + 1), EventRows.LOGGED, q.args());
        if (found.size() > limit) {
            List<LoggedEvent> page = found.subList(0, limit);
            return new Page(List.copyOf(page), page.get(limit - 1).event().seq());
        }
        return new Page(found, null);
    }

    /** Events in the log. */
    public long treeSize() {
        return tree.head().size();
    }

    public Optional<SignedCheckpoint> latestCheckpoint() {
        return checkpoints.latest();
    }

    /**
     * The inclusion proof of the event at {@code seq} in the tree of {@code treeSize}; the event must
     * be one the viewer may see.
     */
    public Proofs.Inclusion inclusion(long seq, long treeSize, Viewer viewer) {
        long size = treeSize();
        if (seq < 0 || treeSize <= seq || treeSize > size) {
            throw new IllegalArgumentException("need 0 <= seq < treeSize <= " + size + "; got seq " + seq
                    + ", treeSize " + treeSize);
        }
        Query q = new Query();
        q.where("seq = ?", seq);
        q.visibleTo(viewer);
        List<LoggedEvent> event = jdbc.query("SELECT " + EventRows.COLUMNS + " FROM events WHERE " + q.sql(),
                EventRows.LOGGED, q.args());
        if (event.isEmpty()) {
            throw new NotVisibleException("no event " + seq + " that " + viewer.id() + " may see");
        }
        Merkle.Nodes nodes = cached();
        return new Proofs.Inclusion(seq, treeSize, event.get(0).leafHash(),
                Merkle.inclusionProof(seq, treeSize, nodes));
    }

    /** The consistency proof from the tree of size {@code from} to that of size {@code to}. */
    public Proofs.Consistency consistency(long from, long to) {
        long size = treeSize();
        if (from < 1 || to < from || to > size) {
            throw new IllegalArgumentException("need 1 <= from <= to <= " + size + "; got from " + from + ", to " + to);
        }
        return new Proofs.Consistency(from, to, Merkle.consistencyProof(from, to, cached()));
    }

    /**
     * The signed custody report of a tip (docs/audit.md): every event about it that the viewer may
     * see, each with its inclusion proof under one signed checkpoint that covers them all.
     */
    public byte[] custody(String tipId, Viewer viewer) {
        if (sequencer == null || gateway == null) {
            throw new IllegalStateException("custody reports are signed by the running gateway: GET "
                    + "/api/v1/audit/custody/{tipId}");
        }
        sequencer.integrate();
        List<LoggedEvent> found = custodyEvents(tipId, viewer);
        if (found.isEmpty()) {
            throw new NotVisibleException("no event about tip " + tipId + " that " + viewer.id() + " may see");
        }
        long needed = found.get(found.size() - 1).event().seq() + 1;
        SignedCheckpoint checkpoint = checkpoints.latest().filter(c -> c.checkpoint().treeSize() >= needed)
                .orElseGet(() -> checkpoints.signCurrent().orElseThrow());
        long size = checkpoint.checkpoint().treeSize();
        Merkle.Nodes nodes = cached();
        List<CustodyReport.Entry> entries = new ArrayList<>(found.size());
        for (LoggedEvent e : found) {
            entries.add(new CustodyReport.Entry(e.event(), Merkle.inclusionProof(e.event().seq(), size, nodes)));
        }
        return new CustodyReport(tipId, viewer.id(), clock.instant(), checkpoint, entries).sign(gateway);
    }

    /**
     * The tip's own events, those of the feeds it came in (and of the intakes that brought them),
     * and those of the packages it was put in, in log order.
     */
    List<LoggedEvent> custodyEvents(String tipId, Viewer viewer) {
        Map<Long, LoggedEvent> all = new TreeMap<>();
        List<LoggedEvent> own = select(viewer, "tip_id = ?", tipId);
        Set<String> feeds = new LinkedHashSet<>();
        Set<String> packages = new LinkedHashSet<>();
        for (LoggedEvent e : own) {
            all.put(e.event().seq(), e);
            if (e.event().feedId() != null) {
                feeds.add(e.event().feedId());
            }
            if (EventType.RECORD_ROUTED.name().equals(e.event().type()) && e.event().packageId() != null) {
                packages.add(e.event().packageId());
            }
        }
        Set<String> intakes = new LinkedHashSet<>();
        for (LoggedEvent e : selectIn(viewer, "feed_id", feeds, "tip_id IS NULL AND package_id IS NULL")) {
            all.put(e.event().seq(), e);
            if (EventType.FEED_VERIFIED.name().equals(e.event().type())
                    && e.event().detail().get("intakeId") instanceof String intake) {
                intakes.add(intake);
            }
        }
        for (LoggedEvent e : selectIn(viewer, "intake_id", intakes,
                "feed_id IS NULL AND tip_id IS NULL AND package_id IS NULL")) {
            all.put(e.event().seq(), e);
        }
        for (LoggedEvent e : selectIn(viewer, "package_id", packages, "tip_id IS NULL")) {
            all.put(e.event().seq(), e);
        }
        return List.copyOf(all.values());
    }

    /** Records a question asked of the audit trail, in its own transaction. */
    public void queried(Viewer viewer, String query, Map<String, Object> detail, String outcome) {
        Map<String, Object> d = new TreeMap<>(detail);
        d.put("query", query);
        tx.executeWithoutResult(status -> events.append(new Event(EventType.AUDIT_QUERIED, viewer.id(), null, null,
                null, null, outcome, d)));
    }

    private List<LoggedEvent> select(Viewer viewer, String condition, Object arg) {
        Query q = new Query();
        q.where(condition, arg);
        q.visibleTo(viewer);
        return jdbc.query("SELECT " + EventRows.COLUMNS + " FROM events WHERE " + q.sql() + " ORDER BY seq",
                EventRows.LOGGED, q.args());
    }

    private List<LoggedEvent> selectIn(Viewer viewer, String column, Collection<String> values, String condition) {
        List<LoggedEvent> found = new ArrayList<>();
        for (String value : values) {
            Query q = new Query();
            q.where(column + " = ?", value);
            q.where(condition);
            q.visibleTo(viewer);
            found.addAll(jdbc.query("SELECT " + EventRows.COLUMNS + " FROM events WHERE " + q.sql() + " ORDER BY seq",
                    EventRows.LOGGED, q.args()));
        }
        return found;
    }

    /** The stored tree with the nodes one answer reads kept for that answer. */
    private Merkle.Nodes cached() {
        Map<Long, byte[]> seen = new HashMap<>();
        return (height, index) -> seen.computeIfAbsent(index * 64 + height, k -> tree.node(height, index));
    }

    /** A WHERE clause built from fixed SQL fragments and bound values only. */
    private static final class Query {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> args = new ArrayList<>();

        void where(String condition, Object... values) {
            conditions.add(condition);
            args.addAll(List.of(values));
        }

        void filter(EventFilter f) {
            if (f.tipId() != null) {
                where("tip_id = ?", f.tipId());
            }
            if (f.feedId() != null) {
                where("feed_id = ?", f.feedId());
            }
            if (f.agency() != null) {
                where("(actor = ? OR recipient = ?)", f.agency(), f.agency());
            }
            if (f.type() != null) {
                where("type = ?", f.type());
            }
            if (f.outcome() != null) {
                where("outcome = ?", f.outcome());
            }
            if (f.from() != null) {
                where("at >= ?", Timestamp.from(f.from()));
            }
            if (f.to() != null) {
                where("at < ?", Timestamp.from(f.to()));
            }
        }

        void visibleTo(Viewer viewer) {
            switch (viewer.scope()) {
                case ALL -> { }
                case RECIPIENT -> where("recipient = ?", viewer.id());
                case SENDER -> where("(actor = ? OR feed_id IN (SELECT feed_id FROM feeds WHERE sender = ?))",
                        viewer.id(), viewer.id());
                default -> throw new IllegalStateException("scope " + viewer.scope());
            }
        }

        String sql() {
            return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
        }

        Object[] args() {
            return args.toArray();
        }
    }
}
