package org.tipgate.config;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;

/**
 * Signs a checkpoint when the gateway stops: when the context stops, after the intake, the web
 * server and the Camel flows (whose lifecycle phases are higher) and before the database pool
 * closes, so that it covers what the flows appended while they stopped. On SIGTERM or SIGINT the
 * context is closed in this order before the JVM's shutdown begins ({@link OrderlyShutdown}), so
 * the database is still open here on H2 too.
 *
 * It sequences for at most {@code budget}, a batch at a time, so that a stop with a large backlog
 * (a million-record feed queues some 2.4 million events, minutes of sequencing) still ends within
 * the time a service manager gives it; the checkpoint then covers what is placed, and the events
 * still queued, committed, are placed and checkpointed by the next start.
 *
 * A failure is logged, not thrown: the events are committed and the next start places and
 * checkpoints them.
 */
final class AuditShutdown implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AuditShutdown.class);

    /** How long the last pass at shutdown may sequence. */
    static final Duration BUDGET = Duration.ofSeconds(10);

    private final Sequencer sequencer;
    private final Checkpoints checkpoints;
    private final Duration budget;
    private volatile boolean running;

    AuditShutdown(Sequencer sequencer, Checkpoints checkpoints, Duration budget) {
        this.sequencer = sequencer;
        this.checkpoints = checkpoints;
        this.budget = budget;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        checkpoint("stop");
    }

    private synchronized void checkpoint(String when) {
        try {
            long deadline = System.nanoTime() + budget.toNanos();
            sequencer.integrate(() -> System.nanoTime() - deadline < 0);
            checkpoints.signCurrent().ifPresent(c -> LOG.info("Audit log at shutdown ({}): {} events, checkpoint signed",
                    when, c.checkpoint().treeSize()));
            if (sequencer.anyQueued()) {
                LOG.info("Audit log at shutdown ({}): events still queued after {} s of sequencing; they are committed,"
                        + " and the next start places and checkpoints them", when, budget.toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.error("The audit log could not be checkpointed at shutdown ({}); the next start will: {}", when,
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Low: stops after the Camel context and the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
