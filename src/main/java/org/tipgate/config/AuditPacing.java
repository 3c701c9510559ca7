package org.tipgate.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.InflightRepository;
import org.tipgate.audit.Sequencer;

/**
 * Lets the audit sequencer give way to feeds in flight, for a bounded time. Placing an event in the
 * Merkle log (its leaf hash, the subtree hashes, the log's indexes) costs far more than appending it
 * to the queue, about 70 microseconds on H2 against 2; a state's dispatch of 30,000 records makes
 * some 72,000 events, so sequencing them as they come would take a whole core from the feed while
 * its sender waits for the acks. Every event is already durable in {@code event_queue}, committed
 * with the change it describes; what waits is only its place in the log. So while any flow other
 * than the audit trail's own has an exchange in flight, a sequencer pass is skipped, and a pass under
 * way stops after its current batch; unless the sequencer has given way for {@code maxDelay} or
 * longer, when it sequences everything queued: under a continuous load the log is at most about
 * that far behind. Once the Camel context is stopping, a pass stops after its current batch, so that a
 * stop does not wait for a backlog to be sequenced (a million-record feed queues some 2.4 million
 * events); what is left waits in the queue, and {@link AuditShutdown} and the next start place it.
 */
public final class AuditPacing {

    private static final String SEQUENCER = "audit-sequencer";
    private static final String CHECKPOINT = "audit-checkpoint";

    private final CamelContext camel;
    private final Sequencer sequencer;
    private final Duration maxDelay;
    private final Clock clock;
    /** When the queue was last sequenced to its end. */
    private volatile Instant caughtUp;

    public AuditPacing(CamelContext camel, Sequencer sequencer, Duration maxDelay, Clock clock) {
        this.camel = camel;
        this.sequencer = sequencer;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.caughtUp = clock.instant();
    }

    /** One pass of the {@code audit-sequencer} flow; returns how many events it placed. */
    public long integrate() {
        Instant start = clock.instant();
        if (Duration.between(caughtUp, start).compareTo(maxDelay) >= 0) {
            long placed = sequencer.integrate(() -> !stopping());
            caughtUp = start;
            return placed;
        }
        if (busy()) {
            return 0;
        }
        boolean[] interrupted = {false};
        long placed = sequencer.integrate(() -> {
            interrupted[0] = busy() || stopping();
            return !interrupted[0];
        });
        if (!interrupted[0]) {
            caughtUp = start;
        }
        return placed;
    }

    private boolean stopping() {
        ServiceStatus status = camel.getStatus();
        return status.isStopping() || status.isStopped();
    }

    private boolean busy() {
        InflightRepository inflight = camel.getInflightRepository();
        return inflight.size() - inflight.size(SEQUENCER) - inflight.size(CHECKPOINT) > 0;
    }
}
