package org.tipgate.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;

/**
 * Signs a checkpoint when the gateway stops, twice over:
 *
 * <ul>
 *   <li>on SIGTERM or SIGINT, first thing, before the JVM's shutdown begins: H2 closes an embedded
 *       database from a shutdown hook of its own the moment shutdown begins (it cannot be told not
 *       to while it also serves the CLI, {@code AUTO_SERVER}), so this is the last moment an H2
 *       gateway can still write;</li>
 *   <li>when the context stops (after the Camel flows and the web server, whose lifecycle phases
 *       are higher, and before the database pool closes), which covers what the flows appended
 *       while they stopped, wherever the database is still open (PostgreSQL, or a context closed
 *       by the application itself).</li>
 * </ul>
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
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, s -> {
                    checkpoint("SIG" + name);
                    if (previous[0] == SignalHandler.SIG_IGN) {
                        return;
                    }
                    if (previous[0] == SignalHandler.SIG_DFL) {
                        // What the JVM does for these signals by default: exit, running the shutdown hooks.
                        System.exit(128 + s.getNumber());
                    }
                    previous[0].handle(s);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.warn("SIG{} cannot be handled here ({}): the shutdown checkpoint is signed only if the database "
                        + "is still open when the gateway stops", name, e.getMessage());
            }
        }
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
