package org.tipgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.tipgate.GatewayApplication;
import org.tipgate.directory.DirectoryException;

class DirectoryStartupTests {

    @Test
    void gatewayDoesNotStartOnADirectoryWithFindingsAndNamesTheEntry(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("agencies.yaml"), Files.readString(Path.of("routes/agencies.yaml"))
                .replace("districtLgd: 407", "districtLgd: 4070"));

        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--tipgate.directory=" + broken,
                        "--camel.main.routes-include-pattern=classpath:test-routes/*.yaml"))
                .hasRootCauseInstanceOf(DirectoryException.class)
                .rootCause().hasMessageContaining("agency mp-gwalior: unknown LGD district code 4070");
    }

    @Test
    void gatewayLoadsTheDemoDirectory() {
        try (var context = new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0",
                        "--camel.main.routes-include-pattern=classpath:test-routes/*.yaml")) {
            assertThat(context.getBean(org.tipgate.directory.AgencyDirectory.class).agency("mp-indore")).isPresent();
        }
    }
}
