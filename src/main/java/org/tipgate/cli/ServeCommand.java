package org.tipgate.cli;

import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.tipgate.GatewayApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the gateway: Spring Boot with Camel, until stopped. Spring options pass through as --key=value. */
@Command(name = "serve", description = "Run the gateway (the default when no command is given).")
final class ServeCommand implements Callable<Integer> {

    @Unmatched
    private String[] springArguments = new String[0];

    @Override
    public Integer call() {
        SpringApplication.run(GatewayApplication.class, springArguments);
        return 0;
    }
}
