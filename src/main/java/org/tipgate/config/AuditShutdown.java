package org.tipgate.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;

/**
 * When the gateway stops: after the Camel flows and the web server have stopped (their lifecycle
 * phases are higher, so they stop first) and before the database pool closes, places the last
 * events in the log and signs a checkpoint of it. A failure is logged, not thrown: the events are
 * committed and the next start places and checkpoints them.
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
        try {
            sequencer.integrate();
            checkpoints.signCurrent().ifPresent(c -> LOG.info("Audit log at shutdown: {} events, checkpoint signed",
                    c.checkpoint().treeSize()));
        } catch (RuntimeException e) {
            LOG.error("The audit log could not be checkpointed at shutdown; the next start will: {}", e.toString());
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
