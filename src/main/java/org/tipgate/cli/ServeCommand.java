package org.tipgate.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.tipgate.GatewayApplication;
import org.tipgate.config.OrderlyShutdown;
import org.tipgate.config.StartupFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the gateway: Spring Boot with Camel, until stopped. Spring options pass through as --key=value. */
@Command(name = "serve", description = "Run the gateway (the default when no command is given).",
        customSynopsis = "tipgate serve [-hV] [--key=value ...]",
        footer = {"%nSpring properties follow as --key=value (docs/configuration.md), for example:",
            "  --server.port=8443 --tipgate.sftp.port=2222 --tipgate.directory=config/agencies.yaml"})
final class ServeCommand implements Callable<Integer> {

    @Unmatched
    private String[] springArguments = new String[0];

    /**
     * A gateway that cannot start on its configuration (a wrong agency directory, a port in use)
     * exits 2 with the reason in one line on stderr ("cannot start: port 8443 (server.port) is in
     * use"); the log says the same line, and the stack trace only at DEBUG. A SIGTERM or SIGINT
     * stops it in order ({@link OrderlyShutdown}).
     */
    @Override
    public Integer call() {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        application.addInitializers(context -> {
            environment.set(context.getEnvironment());
            OrderlyShutdown.install(context);
        });
        try {
            application.run(springArguments);
            return 0;
        } catch (RuntimeException e) {
            String reason = StartupFailure.reason(e, environment.get()).orElseGet(() -> innermost(e).toString());
            System.err.println("tipgate: cannot start: " + reason);
            return TipGateCommand.USAGE;
        }
    }

    private static Throwable innermost(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
