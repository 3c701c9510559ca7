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
import org.tipgate.audit.AuditTrail;
import org.tipgate.config.TipGateProperties;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.EventLog;
import org.tipgate.intake.FeedService;

/**
 * Registers the HTTPS API with CXF's servlet ({@code cxf.path}, {@code /api} by default): its
 * resources behind the agency authentication and role authorization filters, and nothing else (no
 * service list, no WADL).
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);

    @Bean(destroyMethod = "destroy")
    Server httpsApi(Bus bus, CxfProperties cxf, FeedService feeds, AuditTrail auditTrail, TipGateProperties properties,
                    AgencyDirectory directory, EventLog events) {
        String root = cxf.getPath();
        Refusals refusals = new Refusals(events, root);
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress("/");
        factory.setServiceBeans(List.of(new FeedsResource(feeds, root),
                new AuditResource(auditTrail, properties.audit().maxPage())));
        factory.setProviders(List.of(
                new AuditReadOnly(),
                new AgencyAuthentication(new AgencyCertificates(directory), refusals),
                new RoleAuthorization(refusals),
                new FailureResponses()));
        Server server = factory.create();
        LOG.info("HTTPS API at {}: {} for national senders, {} for auditors, agencies and senders, by client"
                + " certificate", root, FeedsResource.PATH, AuditResource.PATH);
        return server;
    }
}
