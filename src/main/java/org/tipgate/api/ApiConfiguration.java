package org.tipgate.api;

import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.spring.boot.autoconfigure.CxfProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tipgate.ack.AckHandovers;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.SignedAck;
import org.tipgate.audit.AuditTrail;
import org.tipgate.config.TipGateProperties;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.EventLog;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.outbox.Outbox;

/**
 * Registers the HTTPS API with CXF's servlet ({@code cxf.path}, {@code /api} by default): its
 * resources behind the agency authentication and role authorization filters, and nothing else (no
 * service list, no WADL).
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);
    private static final String HTTPS_INTAKE = "direct:https-intake";

    /**
     * Tomcat answers {@code Expect: 100-continue} when the API first reads the body, not (its
     * default) as soon as the request reaches the servlet: a post refused before its body is read
     * (no client certificate, not a sender, a declared length over the limit, no scratch space left)
     * is refused before the client sends the body.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueWhenTheBodyIsRead() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }

    /** Feeds posted to the API go through the {@code https-intake} flow; its answer is the response. */
    @Bean
    FeedService feedService(FeedLimits limits, TipGateProperties properties, ProducerTemplate camel,
                            FeedLedger feeds, Outbox outbox, AckLedger acks, AckHandovers handovers) {
        return new HttpsFeeds(limits, properties.limits().maxScratchBytesPerSender(),
                posted -> camel.requestBody(HTTPS_INTAKE, posted, SignedAck.class), feeds, outbox, acks,
                handovers);
    }

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
                new UnreadBodies(),
                new FailureResponses()));
        Server server = factory.create();
        LOG.info("HTTPS API at {}: {} for national senders, {} for auditors, agencies and senders, by client"
                + " certificate", root, FeedsResource.PATH, AuditResource.PATH);
        return server;
    }
}
