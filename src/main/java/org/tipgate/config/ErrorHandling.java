package org.tipgate.config;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;
import org.tipgate.format.RejectedException;

/**
 * Error handling for every flow, in one place: a refused feed (any {@link RejectedException}, with
 * its code) is answered with a signed REJECTED ack and goes no further.
 */
@Component
class ErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(RejectedException.class)
                .handled(true)
                .log("Feed refused: ${exception.message}")
                .bean("feedIntake", "rejected(${body}, ${exception})");
    }
}
