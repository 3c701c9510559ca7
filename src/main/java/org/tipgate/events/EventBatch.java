package org.tipgate.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends many events in JDBC batches of {@link #SIZE}, so that a feed of a million records
 * never holds a million events in memory. Use it inside the transaction the events belong to, and
 * call {@link #flush} before the transaction ends. Each batch is logged as {@link EventLog#appendAll}
 * orders it: record events of one kind together, at the place of the first of them.
 */
public final class EventBatch {

    /** Rows per JDBC batch: large enough to amortise a round trip, small enough to stay a few hundred KB. */
    public static final int SIZE = 1000;

    private final EventLog log;
    private final List<Event> pending = new ArrayList<>(SIZE);

    public EventBatch(EventLog log) {
        this.log = log;
    }

    public void add(Event event) {
        pending.add(event);
        if (pending.size() == SIZE) {
            flush();
        }
    }

    /** Appends what is pending. */
    public void flush() {
        log.appendAll(pending);
        pending.clear();
    }
}
