package org.tipgate.config;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;
import org.tipgate.format.RejectedException;

/**
 * The error handling of the flows that judge a document, by name: {@value #FEED_REFUSALS}, which
 * {@code routes/feed-intake.yaml} names with {@code routeConfigurationId}. A refused feed (any
 * {@link RejectedException}, with its code) is recorded and answered with a signed REJECTED ack
 * and goes no further. Any other failure is the gateway's own: it is not handled here, so the
 * channel that brought the feed sees it fail, and the evidence kept so far is judged again at the
 * next start. The timer flows have no such configuration: what fails in them is logged by Camel
 * and tried again at the next tick.
 */
@Component
class ErrorHandling extends RouteConfigurationBuilder {

    /** The id the intake flow names. */
    static final String FEED_REFUSALS = "feed-refusals";

    @Override
    public void configuration() {
        routeConfiguration(FEED_REFUSALS)
                .onException(RejectedException.class)
                .handled(true)
                .log("Feed refused: ${exception.message}")
                .bean("feedIntake", "rejected(${body}, ${exception})");
    }
}
