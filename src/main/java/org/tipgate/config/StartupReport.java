package org.tipgate.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which flows are running, and plainly what the gateway does not do (yet): a
 * gateway that delivers nothing, or proves nothing, must not look like one that does.
 */
@Component
class StartupReport implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);
    /** The flow that delivers packages; until it exists, the gateway says it delivers nothing. */
    static final String DELIVERY_FLOW = "delivery";
    /** The flow that places events in the audit log. */
    static final String AUDIT_FLOW = "audit-sequencer";

    @Override
    public void beforeApplicationStart(CamelContext context) {
        // nothing to prepare: this bean only reports
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        if (context.getRoutes().isEmpty()) {
            LOG.warn("No Camel flows loaded from routes/*.yaml: this gateway accepts and delivers no feeds.");
            return;
        }
        context.getRoutes().forEach(route -> LOG.info("Flow {} started from {}", route.getRouteId(),
                route.getSourceLocationShort()));
        if (context.getRoute(AUDIT_FLOW) == null) {
            LOG.warn("No {} flow in routes/: events are recorded but not placed in the Merkle log, and no "
                    + "checkpoint is signed until the gateway stops.", AUDIT_FLOW);
        }
        if (context.getRoute(DELIVERY_FLOW) == null) {
            LOG.warn("No {} flow in routes/: packages are built into the outbox but none is delivered, and no "
                    + "DELIVERED ack follows.", DELIVERY_FLOW);
        }
    }
}
