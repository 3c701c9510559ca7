package org.tipgate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The gateway as a Spring Boot application with Camel; started by {@code tipgate serve}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
}
