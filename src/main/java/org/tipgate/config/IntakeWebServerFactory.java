package org.tipgate.config;

import org.apache.catalina.startup.Tomcat;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.Shutdown;

/**
 * Tomcat for the HTTPS API whose port stays closed when Spring starts its web servers: that
 * happens before the Camel flows start, and a post taken in then met a stopped pipeline (500
 * "the gateway failed"). {@link IntakeGate} opens it once the gateway can take a feed.
 */
final class IntakeWebServerFactory extends TomcatServletWebServerFactory {

    /**
     * Off unless {@link #deferStart} is called: Spring Boot makes the actuator's own server (its
     * management port) with a factory of the same class, and that one starts as usual, so that the
     * readiness probe answers while the gateway starts.
     */
    private boolean deferred;

    /** The web server made by this factory opens its port only when {@link IntakeGate} says so. */
    void deferStart() {
        deferred = true;
    }

    @Override
    protected TomcatWebServer getTomcatWebServer(Tomcat tomcat) {
        return deferred ? new Deferred(tomcat, getPort() >= 0, getShutdown()) : super.getTomcatWebServer(tomcat);
    }

    /** A Tomcat that starts its connector only when {@link #open} says so. */
    static final class Deferred extends TomcatWebServer {

        private boolean open;

        Deferred(Tomcat tomcat, boolean autoStart, Shutdown shutdown) {
            super(tomcat, autoStart, shutdown);
        }

        /** Spring's start of the web server, during the context's refresh: a no-op until {@link #open}. */
        @Override
        public synchronized void start() {
            if (open) {
                super.start();
            }
        }

        /**
         * No port until {@link #open}: asked before, Tomcat would make a connector of its own
         * default (plain HTTP on 8080) to answer.
         */
        @Override
        public synchronized int getPort() {
            return open ? super.getPort() : -1;
        }

        /** Binds the port and starts taking requests; a port in use fails with Spring Boot's exception for it. */
        synchronized void open() {
            open = true;
            super.start();
        }
    }
}
