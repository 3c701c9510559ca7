package org.tipgate.api;

import java.time.Clock;
import java.util.List;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.spring.boot.autoconfigure.CxfAutoConfiguration;
import org.apache.cxf.spring.boot.autoconfigure.CxfProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.EventLog;
import org.tipgate.intake.FeedService;

/**
 * Registers the HTTPS intake API with CXF's servlet ({@code cxf.path}, {@code /api} by default):
 * the feeds resource behind the sender authentication filter, and nothing else (no service list,
 * no WADL).
 *
 * <p>Interim: the pipeline's {@link FeedService} is not a bean of the gateway yet, so the API is
 * registered only when one exists. {@code @ConditionalOnBean} sees only the beans defined before
 * it is evaluated, which Spring Boot guarantees for auto-configurations alone (they come after
 * every application and test configuration); that is why this class is listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports} instead
 * of being found by component scanning. Once the pipeline provides FeedService, drop the condition
 * (and the listing, making this a plain {@code @Configuration}), so that a gateway without it fails
 * to start instead of running without its API.
 */
@AutoConfiguration(after = CxfAutoConfiguration.class)
@ConditionalOnBean(FeedService.class)
class ApiConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);

    @Bean(destroyMethod = "destroy")
    Server feedsApi(Bus bus, CxfProperties cxf, FeedService feeds, AgencyDirectory directory,
                    ObjectProvider<EventLog> eventLog, JdbcTemplate jdbc, Clock clock) {
        String root = cxf.getPath();
        // The event log is stateless over the database: use the gateway's if it has one as a bean.
        EventLog events = eventLog.getIfAvailable(() -> new EventLog(jdbc, clock));
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress("/");
        factory.setServiceBeans(List.of(new FeedsResource(feeds, root)));
        factory.setProviders(List.of(
                new SenderAuthentication(new AgencyCertificates(directory), events, root),
                new FailureResponses()));
        Server server = factory.create();
        LOG.info("HTTPS intake API at {}{}: national senders by client certificate", root, FeedsResource.PATH);
        return server;
    }
}
