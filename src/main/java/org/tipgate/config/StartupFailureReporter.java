package org.tipgate.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Tells a start-up failure an operator can fix ({@link StartupFailure}) in one line at ERROR, with
 * its stack trace at DEBUG only; Spring Boot's own report (a box, or "Application run failed" and
 * some seventy lines of stack trace before the reason) is then left out. Other failures are left to
 * Spring Boot. Registered in {@code META-INF/spring.factories}, ahead of Spring Boot's reporter.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class StartupFailureReporter implements SpringBootExceptionReporter {

    private static final Logger LOG = LoggerFactory.getLogger(StartupFailureReporter.class);

    private final ConfigurableApplicationContext context;

    StartupFailureReporter(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public boolean reportException(Throwable failure) {
        return StartupFailure.reason(failure, context == null ? null : context.getEnvironment()).map(reason -> {
            LOG.error("cannot start: {}", reason);
            LOG.debug("The start-up failure in full", failure);
            return true;
        }).orElse(false);
    }
}
