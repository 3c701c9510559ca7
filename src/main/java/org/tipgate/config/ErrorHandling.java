package org.tipgate.config;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;
import org.tipgate.format.RejectedException;

/**
 * Error handling, by name, each attached to the flows it serves with {@code routeConfigurationId}:
 * <ul>
 * <li>{@value #ARRIVAL_REFUSALS} and {@value #INTAKE_REFUSALS} ({@code routes/feed-intake.yaml},
 * before and after the feed is kept as evidence): a refused feed (any {@link RejectedException},
 * with its code) is recorded and answered with a signed REJECTED ack ({@code IntakeRefusals}) and
 * goes no further. Any other failure is the gateway's own: it is not handled here, so the
 * channel that brought the feed sees it fail, and the evidence kept so far is judged again at the
 * next start.</li>
 * <li>{@value #PACKAGING_FAILURES} ({@code routes/packaging.yaml}): any failure while a feed is
 * routed, packaged or recorded ends that feed's attempt ({@code FeedPackager.failed}: files
 * removed, lease let go, the feed left aside for a minute and logged at ERROR); the feed stays
 * verified.</li>
 * </ul>
 * The other timer flows have none: what fails in them is logged by Camel and tried again at the
 * next tick.
 */
@Component
class ErrorHandling extends RouteConfigurationBuilder {

    /** The id the intake flow names for what it has not kept yet. */
    static final String ARRIVAL_REFUSALS = "arrival-refusals";
    /** The id the intake flow names for what it has kept. */
    static final String INTAKE_REFUSALS = "intake-refusals";
    /** The id the packaging flow names. */
    static final String PACKAGING_FAILURES = "packaging-failures";

    @Override
    public void configuration() {
        routeConfiguration(ARRIVAL_REFUSALS)
                .onException(RejectedException.class)
                .handled(true)
                .log("Feed refused: ${exception.message}")
                .bean("intakeRefusals", "refuseArrival(${body}, ${exception})");
        routeConfiguration(INTAKE_REFUSALS)
                .onException(RejectedException.class)
                .handled(true)
                .log("Feed refused: ${exception.message}")
                .bean("intakeRefusals", "refuseIntake(${body}, ${exception})");
        routeConfiguration(PACKAGING_FAILURES)
                .onException(Exception.class)
                .handled(true)
                .bean("feedPackager", "failed(${body}, ${exception})");
    }
}
