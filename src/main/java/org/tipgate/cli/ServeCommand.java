package org.tipgate.cli;

import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.tipgate.GatewayApplication;
import org.tipgate.config.InvalidConfigurationException;
import org.tipgate.config.OrderlyShutdown;
import org.tipgate.directory.DirectoryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the gateway: Spring Boot with Camel, until stopped. Spring options pass through as --key=value. */
@Command(name = "serve", description = "Run the gateway (the default when no command is given).",
        customSynopsis = "tipgate serve [-hV] [--key=value ...]",
        footer = {"%nSpring properties follow as --key=value (docs/configuration.md), for example:",
            "  --server.port=8443 --tipgate.sftp.port=2222 --tipgate.directory=routes/agencies.yaml"})
final class ServeCommand implements Callable<Integer> {

    @Unmatched
    private String[] springArguments = new String[0];

    /**
     * A gateway that cannot start on its configuration (a wrong agency directory, a port in use)
     * exits 2 with the reason last on stderr; Spring has logged the details above it. A SIGTERM or
     * SIGINT stops it in order ({@link OrderlyShutdown}).
     */
    @Override
    public Integer call() {
        try {
            SpringApplication application = new SpringApplication(GatewayApplication.class);
            application.addInitializers(OrderlyShutdown::install);
            application.run(springArguments);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("tipgate: the gateway did not start: " + reason(e).getMessage());
            return TipGateCommand.USAGE;
        }
    }

    /** The gateway's own account of what is wrong when there is one, else the innermost cause. */
    private static Throwable reason(Throwable e) {
        Throwable cause = e;
        while (true) {
            if (cause instanceof InvalidConfigurationException || cause instanceof DirectoryException
                    || cause.getCause() == null || cause.getCause() == cause) {
                return cause;
            }
            cause = cause.getCause();
        }
    }
}
