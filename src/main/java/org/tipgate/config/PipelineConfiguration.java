package org.tipgate.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckBuilder;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.crypto.VerificationPolicy;
import org.tipgate.delivery.Deliverer;
import org.tipgate.delivery.DeliveryPool;
import org.tipgate.delivery.FeedCompletion;
import org.tipgate.delivery.PackagePickups;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.LgdTables;
import org.tipgate.events.EventLog;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.intake.ReceiptIntake;
import org.tipgate.outbox.Outbox;
import org.tipgate.packaging.FeedPackager;
import org.tipgate.packaging.FeedRouting;
import org.tipgate.packaging.PackageBuilder;
import org.tipgate.packaging.PackageCompleteness;
import org.tipgate.packaging.PackageWriter;
import org.tipgate.packaging.RecordRouter;
import org.tipgate.packaging.StagedFeeds;
import org.tipgate.packaging.TipLedger;
import org.tipgate.receipt.ReceiptRecorder;
import org.tipgate.routing.Decision;
import org.tipgate.routing.Gazetteer;
import org.tipgate.routing.JurisdictionRouter;
import org.tipgate.transport.DirectoryTransport;
import org.tipgate.transport.HttpsTransport;
import org.tipgate.transport.PackageTransport;
import org.tipgate.transport.PullTransport;
import org.tipgate.transport.SftpTransport;

/**
 * Routing, packaging, the outbox and its delivery, the DELIVERED ack and receipts: the beans the
 * {@code packaging} and {@code delivery} flows call.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    @Bean
    RecordRouter recordRouter(AgencyDirectory directory, LgdTables lgd) {
        JurisdictionRouter router = new JurisdictionRouter(directory, lgd, Gazetteer.bundled(lgd));
        return record -> {
            Decision decision = router.route(record);
            if (decision instanceof Decision.Routed routed) {
                return routed.recipients();
            }
            throw new RecordRouter.Unroutable(((Decision.Unroutable) decision).reason());
        };
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc, Clock clock, TipGateProperties properties) {
        TipGateProperties.Delivery delivery = properties.delivery();
        return new Outbox(jdbc, clock, new Outbox.Backoff(delivery.initialBackoff(), delivery.maxBackoff(),
                delivery.maxAttempts()), properties.nodeId());
    }

    @Bean
    TipLedger tipLedger(JdbcTemplate jdbc) {
        return new TipLedger(jdbc);
    }

    /** Feeds routed while the intake verified them, waiting for this node's packaging. */
    @Bean(destroyMethod = "close")
    StagedFeeds stagedFeeds(RecordRouter router, Clock clock) {
        return new StagedFeeds(router, clock);
    }

    /**
     * The threads that sign and encrypt a feed's packages side by side, one per core, outside any
     * transaction ({@link PackageWriter}); Spring stops them when the gateway stops.
     */
    @Bean
    ThreadPoolTaskExecutor packageBuilders() {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        int cores = Runtime.getRuntime().availableProcessors();
        pool.setCorePoolSize(cores);
        pool.setMaxPoolSize(cores);
        pool.setThreadNamePrefix("package-builder-");
        pool.setDaemon(true);
        return pool;
    }

    /**
     * How long a routed feed waits for another that is packaging some of its tips for the same
     * recipients: packaging a 1,000,000-record feed takes some 15 s.
     */
    private static final Duration WAIT_FOR_OTHER_PACKAGING = Duration.ofMinutes(2);

    /** The {@code route} step of the packaging flow. */
    @Bean
    FeedRouting feedRouting(EvidenceSpool spool, StagedFeeds staged, FeedContentReader reader, RecordRouter router,
                            TipLedger tips) {
        return new FeedRouting(spool, staged, reader, router, tips, WAIT_FOR_OTHER_PACKAGING);
    }

    /** The {@code package} step of the packaging flow. */
    @Bean
    PackageWriter packageWriter(CmsSigner gatewaySigner, AgencyDirectory directory,
                                ThreadPoolTaskExecutor packageBuilders, TipLedger tips, TransactionTemplate tx,
                                TipGateProperties properties) throws IOException {
        return new PackageWriter(new PackageBuilder(gatewaySigner), directory,
                packageBuilders.getThreadPoolExecutor(), tips, tx, Path.of(properties.packages()));
    }

    /** The packaging flow's claim, record and failure steps. */
    @Bean
    FeedPackager feedPackager(StagedFeeds staged, FeedLedger feeds, Outbox outbox, TipLedger tips, EventLog events,
                              TransactionTemplate tx, TipGateProperties properties, Clock clock) {
        return new FeedPackager(staged, feeds, outbox, tips, events, tx, properties.nodeId(), clock);
    }

    /**
     * Receipts are verified against the directory's CAs and CRLs with the feed window: a receipt
     * signed more than 7 days ago, or ahead of the clock, is refused.
     */
    @Bean
    ReceiptRecorder receiptRecorder(AgencyDirectory directory, Outbox outbox, JdbcTemplate jdbc, EventLog events,
                                    TransactionTemplate tx, Clock clock) {
        SignatureVerifier receipts = new SignatureVerifier(VerificationPolicy.forFeeds(directory.trust(),
                directory.crls(), clock));
        return new ReceiptRecorder(receipts, directory, outbox, jdbc, events, tx, clock);
    }

    @Bean
    ReceiptIntake receiptIntake(ReceiptRecorder recorder) {
        return new ReceiptIntake(recorder);
    }

    @Bean
    DirectoryTransport directoryTransport(TipGateProperties properties) {
        return new DirectoryTransport(Path.of(properties.delivery().directoryBase()));
    }

    /** What recipients do with the packages in their SFTP outbox: downloaded whole, removed. */
    @Bean
    PackagePickups packagePickups(Outbox outbox, EventLog events, TransactionTemplate tx, Clock clock) {
        return new PackagePickups(outbox, events, tx, clock);
    }

    /** PULL endpoints: packages put in the recipient's own outbox/ on the embedded SFTP server. */
    @Bean
    PullTransport pullTransport(TipGateProperties properties, PackagePickups pickups) {
        return new PullTransport(Path.of(properties.sftp().root()), pickups::collected);
    }

    @Bean
    SftpTransport sftpTransport(CamelContext camel, TipGateProperties properties) {
        return new SftpTransport(camel, properties.basePath(), properties.gateway().sshKeyFile());
    }

    @Bean
    HttpsTransport httpsTransport(AgencyDirectory directory, GatewayKeysConfiguration.GatewayCredentials gateway) {
        return new HttpsTransport(directory.trust(), directory.crls(), List.of(gateway.cert()), gateway.key());
    }

    @Bean
    Deliverer deliverer(AgencyDirectory directory, List<PackageTransport> transports, Outbox outbox, EventLog events,
                        TransactionTemplate tx, TipGateProperties properties, ReceiptRecorder receipts) {
        TipGateProperties.Delivery delivery = properties.delivery();
        return new Deliverer(directory, transports, outbox, events, tx, Path.of(properties.packages()),
                new Deliverer.Settings(delivery.batch(), delivery.lease()), (recipient, body) -> {
                    ReceiptRecorder.Outcome outcome = receipts.record(recipient, body, "HTTPS");
                    return outcome.accepted() ? "recorded" : "refused " + outcome.refusal() + ": " + outcome.reason();
                });
    }

    /** The threads the delivery flow runs its lanes on, {@code tipgate.delivery.parallelism} of them. */
    @Bean
    DeliveryPool deliveryPool(CamelContext camel, TipGateProperties properties) {
        return DeliveryPool.bind(camel, properties.delivery().parallelism());
    }

    @Bean
    FeedCompletion feedCompletion(FeedLedger feeds, Outbox outbox, TipLedger tips, AckLedger acks, Clock clock,
                                  AckSigner signer, AckOutlet outlet, EventLog events, TransactionTemplate tx,
                                  EvidenceSpool spool, FeedContentReader reader, RecordRouter router) {
        return new FeedCompletion(feeds, outbox, tips, acks, new AckBuilder(clock), signer, outlet, events, tx,
                new PackageCompleteness(spool, reader, router, tips, outbox));
    }
}
