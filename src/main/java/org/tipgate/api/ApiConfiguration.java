package org.tipgate.api;

import java.util.List;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.spring.boot.autoconfigure.CxfProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.EventLog;
import org.tipgate.intake.FeedService;

/**
 * Registers the HTTPS intake API with CXF's servlet ({@code cxf.path}, {@code /api} by default):
 * the feeds resource behind the sender authentication filter, and nothing else (no service list,
 * no WADL).
 *
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);

    @Bean(destroyMethod = "destroy")
    Server feedsApi(Bus bus, CxfProperties cxf, FeedService feeds, AgencyDirectory directory,
                    EventLog events) {
        String root = cxf.getPath();
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
