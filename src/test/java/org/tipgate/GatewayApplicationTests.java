package org.tipgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.tipgate.testing.TestDatabases;

@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "camel.main.routes-include-pattern=classpath:test-routes/*.yaml"})
class GatewayApplicationTests {

    @Autowired
    CamelContext camel;

    @LocalManagementPort
    int managementPort;

    @Test
    void startsCamelWithTheYamlFlowsItIsPointedAt() {
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoutes()).extracting(route -> route.getRouteId()).containsExactly("probe");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migratesItsDatabaseAtStartUp() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feeds", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND \"type\" = 'SQL'", Integer.class))
                .isEqualTo(TestDatabases.migrations().size());
    }

    @Test
    void reportsHealthOnTheActuator() {
        String health = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + "/actuator/health")
                .retrieve().body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
    }

    @Test
    void exposesPrometheusMetrics() {
        String metrics = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + "/actuator/prometheus")
                .retrieve().body(String.class);
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    @Test
    void exposesNothingElseFromTheActuator() {
        for (String endpoint : new String[] {"env", "beans", "configprops", "heapdump", "threaddump", "loggers",
            "mappings", "camelroutes"}) {
            RestClient client = RestClient.create();
            Assertions.assertThatThrownBy(() -> client.get()
                            .uri("http://127.0.0.1:" + managementPort + "/actuator/" + endpoint).retrieve().body(String.class))
                    .as(endpoint)
                    .isInstanceOf(HttpClientErrorException.NotFound.class);
        }
    }
}
