package org.tipgate.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.ack.AckHandovers;
import org.tipgate.ack.AckLedger;
import org.tipgate.ack.AckOutlet;
import org.tipgate.ack.AckSigner;
import org.tipgate.ack.RemoteAcks;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.EventLog;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.DirectorySenders;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.feed.FeedStaging;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.intake.FeedArrivals;
import org.tipgate.intake.FeedIntake;
import org.tipgate.intake.IntakeLedger;
import org.tipgate.intake.IntakeRefusals;
import org.tipgate.intake.OutboxPickups;
import org.tipgate.intake.PollFailures;
import org.tipgate.intake.PolledFiles;
import org.tipgate.intake.PolledNames;
import org.tipgate.intake.SftpRefusals;
import org.tipgate.intake.SftpServerSettings;
import org.tipgate.intake.VerifyingUploads;
import org.tipgate.record.RecordValidator;
import org.tipgate.transport.SftpTransport;

/**
 * The intake: the embedded SFTP server, the HTTPS feed service, and the beans the
 * {@code sftp-intake}, {@code sftp-poll}, {@code https-intake} and {@code feed-intake} flows call.
 * Completed uploads go to {@code seda:sftp-uploads}; posted feeds to {@code direct:https-intake};
 * the {@code sftp-poll} flows, one per polled sender, are made by {@link OutboxPolling}.
 */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    /** Uploads verified as they arrive at once: one per core. */
    private static final int UPLOADS_VERIFIED_AT_ONCE = Runtime.getRuntime().availableProcessors();

    static final String UPLOADS = "seda:sftp-uploads";

    @Bean
    FeedLimits feedLimits(TipGateProperties properties) {
        TipGateProperties.Limits limits = properties.limits();
        return new FeedLimits(limits.maxLineBytes(), limits.maxRecords(), limits.maxContentBytes());
    }

    @Bean
    TransactionTemplate transactions(PlatformTransactionManager manager) {
        return new TransactionTemplate(manager);
    }

    @Bean
    EventLog eventLog(JdbcTemplate jdbc, Clock clock) {
        return new EventLog(jdbc, clock);
    }

    @Bean
    FeedLedger feedLedger(JdbcTemplate jdbc) {
        return new FeedLedger(jdbc);
    }

    @Bean
    IntakeLedger intakeLedger(JdbcTemplate jdbc) {
        return new IntakeLedger(jdbc);
    }

    @Bean
    AckLedger ackLedger(JdbcTemplate jdbc) {
        return new AckLedger(jdbc);
    }

    @Bean
    AckSigner ackSigner(CmsSigner gatewaySigner) {
        return new AckSigner(gatewaySigner);
    }

    @Bean
    AckHandovers ackHandovers(AckLedger acks, EventLog events, TransactionTemplate tx, Clock clock) {
        return new AckHandovers(acks, events, tx, clock);
    }

    @Bean
    AckOutlet ackOutlet(TipGateProperties properties, AckLedger acks, AgencyDirectory directory, SftpTransport sftp,
                        AckHandovers handovers) {
        return new AckOutlet(Path.of(properties.sftp().root()), acks, new RemoteAcks(directory, sftp, acks, handovers),
                handovers);
    }

    /** The steps of the {@code sftp-poll} flows before the feed intake. */
    @Bean
    PolledFiles polledFiles(IntakeLedger intakes) {
        return new PolledFiles(intakes);
    }

    /** The names an {@code sftp-poll} flow takes from a sender's outbox ({@code filter=#polledNames}). */
    @Bean
    PolledNames polledNames() {
        return new PolledNames();
    }

    /** What a failed poll of a sender's outbox says in the log ({@code pollStrategy}, {@code exceptionHandler}). */
    @Bean
    PollFailures pollFailures() {
        return new PollFailures();
    }

    @Bean
    FeedContentReader feedContentReader(FeedLimits limits) {
        return new FeedContentReader(new RecordValidator(), limits);
    }

    @Bean
    FeedVerifier feedVerifier(SignatureVerifier feedSignatures, FeedContentReader reader, AgencyDirectory directory) {
        return new FeedVerifier(feedSignatures, reader, new DirectorySenders(directory));
    }

    @Bean
    EvidenceSpool evidenceSpool(TipGateProperties properties, GatewayKeysConfiguration.GatewayCredentials gateway)
            throws IOException {
        return new EvidenceSpool(Path.of(properties.spool()), gateway.cert(), gateway.key());
    }

    /**
     * Feeds uploaded to the embedded SFTP server are verified, and kept as evidence, as they arrive,
     * one per core at most.
     */
    @Bean(destroyMethod = "close")
    VerifyingUploads verifyingUploads(FeedVerifier feedVerifier, FeedStaging staging, EvidenceSpool spool,
                                      FeedLimits limits, ThreadPoolTaskExecutor uploadVerifiers, Clock clock) {
        return new VerifyingUploads(feedVerifier, staging, spool, limits.maxFeedBytes(), UPLOADS_VERIFIED_AT_ONCE,
                uploadVerifiers, clock);
    }

    /**
     * The threads that verify uploads, and keep them as evidence, as they arrive: two per upload,
     * for {@link #UPLOADS_VERIFIED_AT_ONCE} uploads at once; no queue (an upload no thread is free
     * for is verified from the evidence instead). Spring stops them when the gateway stops.
     */
    @Bean
    ThreadPoolTaskExecutor uploadVerifiers() {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setCorePoolSize(2 * UPLOADS_VERIFIED_AT_ONCE);
        pool.setMaxPoolSize(2 * UPLOADS_VERIFIED_AT_ONCE);
        pool.setQueueCapacity(0);
        pool.setThreadNamePrefix("upload-verifier-");
        pool.setDaemon(true);
        return pool;
    }

    /** The {@code receive} step of the feed-intake flow. */
    @Bean
    FeedArrivals feedArrivals(EvidenceSpool spool, VerifyingUploads uploads, FeedLimits limits, IntakeLedger intakes,
                              EventLog events, TransactionTemplate tx, Clock clock) {
        return new FeedArrivals(spool, uploads, limits, intakes, events, tx, clock);
    }

    /** The {@code verify}, {@code record} and {@code answer} steps of the feed-intake flow. */
    @Bean
    FeedIntake feedIntake(EvidenceSpool spool, FeedVerifier feedVerifier, FeedStaging staging, FeedLedger feeds,
                          IntakeLedger intakes, AckLedger acks, EventLog events, TransactionTemplate tx,
                          AckSigner signer, AckOutlet outlet, Clock clock) {
        return new FeedIntake(spool, feedVerifier, staging, feeds, intakes, acks, events, tx, signer, outlet, clock);
    }

    /** The intake flows' answer to a refused feed (config.ErrorHandling). */
    @Bean
    IntakeRefusals intakeRefusals(FeedLimits limits, IntakeLedger intakes, AckLedger acks, EventLog events,
                                  TransactionTemplate tx, AckSigner signer, AckOutlet outlet, Clock clock) {
        return new IntakeRefusals(limits, intakes, acks, events, tx, signer, outlet, clock);
    }

    /** Opens the SFTP and HTTPS ports once the gateway can take a feed; closes them first at a stop. */
    @Bean
    IntakeGate intakeGate(EmbeddedSftpServer sftpServer) {
        return new IntakeGate(sftpServer);
    }

    /**
     * Tomcat for the HTTPS API, with the customizers Spring Boot's own would get, whose port
     * {@link IntakeGate} opens.
     */
    @Bean
    IntakeWebServerFactory tomcatServletWebServerFactory(
            ObjectProvider<TomcatConnectorCustomizer> connectorCustomizers,
            ObjectProvider<TomcatContextCustomizer> contextCustomizers,
            ObjectProvider<TomcatProtocolHandlerCustomizer<?>> protocolHandlerCustomizers) {
        IntakeWebServerFactory factory = new IntakeWebServerFactory();
        factory.deferStart();
        factory.getTomcatConnectorCustomizers().addAll(connectorCustomizers.orderedStream().toList());
        factory.getTomcatContextCustomizers().addAll(contextCustomizers.orderedStream().toList());
        factory.getTomcatProtocolHandlerCustomizers().addAll(protocolHandlerCustomizers.orderedStream().toList());
        return factory;
    }

    /**
     * The embedded SFTP server, made but not yet listening: {@link IntakeGate} opens its port once
     * the pipeline can take a feed, and closes it first when the gateway stops.
     */
    @Bean(destroyMethod = "close")
    EmbeddedSftpServer sftpServer(TipGateProperties properties, AgencyDirectory directory, ProducerTemplate camel,
                                  EventLog events, VerifyingUploads verifying, OutboxPickups pickups)
            throws IOException {
        TipGateProperties.Sftp sftp = properties.sftp();
        return EmbeddedSftpServer.prepare(new SftpServerSettings(sftp.host(), sftp.port(),
                Path.of(sftp.root()), Path.of(sftp.hostKey())), directory, properties.basePath(),
                upload -> camel.sendBody(UPLOADS, upload),
                SftpRefusals.events(events, directory.agencies().stream().map(a -> a.id())
                        .collect(Collectors.toSet())), verifying, pickups);
    }
}
