package org.tipgate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tipgate.ack.AckSigner;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.SignatureVerifier;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.feed.DirectorySenders;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLedger;
import org.tipgate.feed.FeedLimits;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.intake.AccountFolder;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.intake.EvidenceSpool;
import org.tipgate.intake.FeedIntake;
import org.tipgate.intake.SftpServerSettings;
import org.tipgate.record.RecordValidator;

/**
 * The SFTP intake: the embedded server, and the beans the {@code sftp-intake} and
 * {@code feed-intake} flows call. Completed uploads go to {@code seda:sftp-uploads}; files found in
 * an inbox at start-up (uploaded while the gateway was down, or not yet taken when it stopped) are
 * sent there too, so that none is left behind.
 */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeConfiguration.class);
    static final String UPLOADS = "seda:sftp-uploads";

    @Bean
    FeedLedger feedLedger(JdbcTemplate jdbc) {
        return new FeedLedger(jdbc);
    }

    @Bean
    FeedVerifier feedVerifier(SignatureVerifier feedSignatures, AgencyDirectory directory) {
        return new FeedVerifier(feedSignatures, new FeedContentReader(new RecordValidator(), FeedLimits.defaults()),
                new DirectorySenders(directory));
    }

    @Bean
    FeedIntake feedIntake(TipGateProperties properties, GatewayKeysConfiguration.GatewayCredentials gateway,
                          FeedVerifier feedVerifier, FeedLedger ledger, CmsSigner gatewaySigner, Clock clock)
            throws IOException {
        EvidenceSpool spool = new EvidenceSpool(Path.of(properties.spool()), gateway.cert(), gateway.key());
        return new FeedIntake(spool, feedVerifier, ledger, new AckSigner(gatewaySigner),
                Path.of(properties.sftp().root()), clock);
    }

    @Bean(destroyMethod = "close")
    EmbeddedSftpServer sftpServer(TipGateProperties properties, AgencyDirectory directory, ProducerTemplate camel)
            throws IOException {
        TipGateProperties.Sftp sftp = properties.sftp();
        EmbeddedSftpServer server = EmbeddedSftpServer.start(new SftpServerSettings(sftp.host(), sftp.port(),
                Path.of(sftp.root()), Path.of(sftp.hostKey())), directory, properties.basePath(),
                (agency, folder, file) -> camel.sendBody(UPLOADS, new FeedIntake.Upload(agency, folder, file)));
        LOG.info("SFTP server on {}:{}, host key {}; known_hosts line: {}", sftp.host(), server.port(),
                server.hostKeyFingerprint(), server.knownHostsLine());
        for (var agency : directory.agencies()) {
            Path inbox = server.home(agency.id()).resolve(AccountFolder.INBOX.directoryName());
            if (Files.isDirectory(inbox)) {
                try (Stream<Path> waiting = Files.list(inbox)) {
                    waiting.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".part"))
                            .forEach(f -> camel.sendBody(UPLOADS, new FeedIntake.Upload(agency.id(),
                                    AccountFolder.INBOX, f)));
                }
            }
        }
        return server;
    }
}
