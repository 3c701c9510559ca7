package org.tipgate.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops the gateway in order on SIGTERM or SIGINT, before the JVM's shutdown begins: the
 * application context is closed in its lifecycle order (the intake first, then the posts in
 * flight, the Camel flows with the steps they have in flight, the audit trail's last checkpoint,
 * and the database last), and only then does the JVM exit as it would have (128 + the signal's
 * number).
 *
 * <p>Left to the JVM, a signal starts every shutdown hook at once, side by side: H2 closes an
 * embedded database from a hook of its own (it cannot be told not to while it also serves the CLI,
 * {@code AUTO_SERVER}) while Spring's hook is still stopping the flows, whose steps then failed
 * with "Database is already closed", logged ERRORs with stack traces and left H2's trace file
 * ({@code tipgate.trace.db}) behind.
 */
public final class OrderlyShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(OrderlyShutdown.class);

    private OrderlyShutdown() {
    }

    /**
     * Handles SIGTERM and SIGINT for {@code context} from now on (before it is refreshed, so that a
     * signal during start-up waits for the start to end and then stops it in order).
     */
    public static void install(ConfigurableApplicationContext context) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> stop(context, "SIG" + name, 128 + s.getNumber()));
                if (previous == SignalHandler.SIG_IGN) {
                    // Ignored where the gateway was started (SIGINT for a background job): it stays so.
                    Signal.handle(signal, SignalHandler.SIG_IGN);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.warn("SIG{} cannot be handled here ({}): the gateway is stopped by the JVM's shutdown hooks",
                        name, e.getMessage());
            }
        }
    }

    /**
     * Closes the context on a thread that keeps the JVM alive until it exits with {@code exitCode}
     * (the signal handler's own thread is a daemon: the JVM would end with 0 as soon as the
     * context's last thread had stopped).
     */
    private static void stop(ConfigurableApplicationContext context, String signal, int exitCode) {
        Thread stopper = new Thread(() -> {
            LOG.info("{}: stopping the intake, then the flows, then the database", signal);
            context.close();
            System.exit(exitCode);
        }, "tipgate-stop");
        stopper.setDaemon(false);
        stopper.start();
    }
}
