package org.tipgate.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.tipgate.intake.EmbeddedSftpServer;

/**
 * Opens the gateway's intake, the embedded SFTP server's port and the HTTPS API's, only once the
 * gateway can take a feed, and closes it first when the gateway stops.
 *
 * <p>It opens when the application has started: the Camel flows are running and the start-up
 * recovery ({@link PipelineRecovery}) has removed what the last run left half written and handed
 * in the uploads that finished before it. Opened any earlier (as Spring opens a web server, before
 * the flows start), a post met a stopped pipeline, an SFTP rename was answered "Failure" and the
 * file taken in later all the same, and the recovery removed or handed in twice the uploads of
 * clients already connected. Until it opens, a client is refused the connection. The readiness
 * probe says ACCEPTING_TRAFFIC only after this (Spring Boot publishes it after the listeners of
 * {@link ApplicationStartedEvent}), and REFUSING_TRAFFIC again as soon as the gateway begins to
 * stop.
 *
 * <p>When the gateway stops it is the first to stop (the highest phase): the SFTP port closes and
 * its sessions end, so that no upload finishes after the flows have stopped (one cut short is
 * removed at the next start and its client, told nothing, sends it again). The HTTPS port closes
 * in the web server's graceful shutdown, the next phase, which lets the posts in flight have their
 * answers.
 */
final class IntakeGate implements ApplicationListener<ApplicationStartedEvent>, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeGate.class);

    private final EmbeddedSftpServer sftp;
    private volatile boolean running;

    IntakeGate(EmbeddedSftpServer sftp) {
        this.sftp = sftp;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (!running) {
            return;
        }
        try {
            refuseAPortInUse(sftp.host(), sftp.port());
            sftp.listen();
        } catch (BindException e) {
            throw new PortInUseException(sftp.port(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the SFTP server could not open its port " + sftp.port(), e);
        }
        LOG.info("SFTP server on {}:{}, host key {}; known_hosts line: {}", sftp.host(), sftp.port(),
                sftp.hostKeyFingerprint(), sftp.knownHostsLine());
        String https = "no HTTPS port";
        if (event.getApplicationContext() instanceof ServletWebServerApplicationContext web
                && web.getWebServer() instanceof IntakeWebServerFactory.Deferred tomcat) {
            tomcat.open();
            // Spring told its listeners of the web server when it did not open it; now with its port.
            web.publishEvent(new ServletWebServerInitializedEvent(tomcat, web));
            https = "HTTPS on port " + tomcat.getPort();
        }
        LOG.info("Intake open: SFTP on port {}, {}; the gateway takes feeds", sftp.port(), https);
    }

    /**
     * Fails with {@link PortInUseException} when {@code port} cannot be bound, before the SFTP
     * server tries to: it would log the failure at ERROR with a stack trace of its own, ahead of
     * the one line that says it.
     */
    private static void refuseAPortInUse(String host, int port) throws IOException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new PortInUseException(port, e);
        }
    }

    /** The context's start: nothing opens yet (the flows start after this), see the class comment. */
    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!sftp.listening()) {
            return;
        }
        try {
            sftp.close();
            LOG.info("Intake closed: the SFTP server takes no more uploads");
        } catch (IOException e) {
            LOG.warn("The SFTP server did not close cleanly: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The highest: the intake closes before the web server, the Camel flows and the database. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
