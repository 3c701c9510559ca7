package org.tipgate.config;

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
 * A failure is logged, not thrown: the events are committed and the next start places and
 * checkpoints them.
 */
final class AuditShutdown implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AuditShutdown.class);

    private final Sequencer sequencer;
    private final Checkpoints checkpoints;
    private volatile boolean running;

    AuditShutdown(Sequencer sequencer, Checkpoints checkpoints) {
        this.sequencer = sequencer;
        this.checkpoints = checkpoints;
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
            sequencer.integrate();
            checkpoints.signCurrent().ifPresent(c -> LOG.info("Audit log at shutdown ({}): {} events, checkpoint signed",
                    when, c.checkpoint().treeSize()));
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
