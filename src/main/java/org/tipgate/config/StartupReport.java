package org.tipgate.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which flows are running, and plainly when none are: a gateway that accepts no
 * feeds must not look like one that does.
 */
@Component
class StartupReport implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    @Override
    public void beforeApplicationStart(CamelContext context) {
        // nothing to prepare: this bean only reports
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        if (context.getRoutes().isEmpty()) {
            LOG.warn("No Camel flows loaded from routes/*.yaml: this gateway accepts and delivers no feeds. "
                    + "The intake and delivery pipeline is not built yet; the CLI tools (tipgate --help) work.");
        } else {
            context.getRoutes().forEach(route -> LOG.info("Flow {} started from {}", route.getRouteId(),
                    route.getSourceLocationShort()));
        }
    }
}
