package org.tipgate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.Endpoint;
import org.tipgate.transport.SftpUri;

/**
 * One {@code sftp-poll} flow per national sender whose directory entry has an SFTP outbox, made at
 * start-up from the route template in {@code routes/sftp-poll.yaml} (flow id
 * {@code sftp-poll-<agency id>}). Every value comes from the directory entry and the gateway's
 * configuration ({@code tipgate.gateway.ssh-key}, {@code tipgate.poll.*}), never from input, and
 * goes in escaped: host and folder as {@link SftpUri} writes them, file paths and the user inside
 * the template's {@code RAW(...)}, which is why they may not hold {@code )}. A pin file that cannot
 * be read stops the gateway: it never polls a server it cannot recognise.
 */
@Component
class OutboxPolling extends RouteBuilder {

    static final String TEMPLATE = "sftp-poll";
    private static final int DEFAULT_PORT = 22;
    /** How long past its min-age the read lock waits for a young file before leaving it to the next poll. */
    private static final long LOCK_SLACK_MILLIS = 2000;

    private final AgencyDirectory directory;
    private final TipGateProperties properties;

    OutboxPolling(AgencyDirectory directory, TipGateProperties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    /** The local folder a sender's polled files are downloaded to. */
    static Path workDirectory(TipGateProperties properties, String agencyId) {
        return properties.poll().workPath().resolve(agencyId).toAbsolutePath().normalize();
    }

    @Override
    public void configure() {
        TipGateProperties.Poll poll = properties.poll();
        for (Agency agency : directory.agencies()) {
            Endpoint outbox = agency.outbox().orElse(null);
            if (outbox == null) {
                continue;
            }
            String entry = "agency " + agency.id() + " (" + properties.directory() + "): SFTP outbox ";
            Path pin = properties.basePath().resolve(outbox.knownHosts()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(pin) || !Files.isReadable(pin)) {
                throw new InvalidConfigurationException(entry + "knownHosts " + pin + " is not a readable file;"
                        + " the gateway never polls a server without its pinned host key", null);
            }
            templatedRoute(TEMPLATE).routeId(TEMPLATE + "-" + agency.id())
                    .parameter("agency", agency.id())
                    .parameter("host", host(entry, outbox.host()))
                    .parameter("port", String.valueOf(outbox.port() == null ? DEFAULT_PORT : outbox.port()))
                    .parameter("remoteDir", SftpUri.path(outbox.remoteDir()))
                    .parameter("user", raw(entry + "user", outbox.user()))
                    .parameter("knownHostsFile", raw(entry + "knownHosts", pin.toString()))
                    .parameter("privateKeyFile", raw("tipgate.gateway.ssh-key",
                            properties.gateway().sshKeyFile().toAbsolutePath().normalize().toString()))
                    .parameter("workDirectory", raw("tipgate.poll.work-directory",
                            workDirectory(properties, agency.id()).toString()))
                    .parameter("delay", String.valueOf(poll.delayMillis()))
                    .parameter("minAge", String.valueOf(poll.minAgeMillis()))
                    .parameter("lockTimeout", String.valueOf(poll.minAgeMillis() + LOCK_SLACK_MILLIS));
        }
    }

    private static String host(String entry, String host) {
        try {
            return SftpUri.host(host);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(entry + "host: " + e.getMessage(), e);
        }
    }

    /** A value the template wraps in {@code RAW(...)}: it must not end that early, nor look like a placeholder. */
    private static String raw(String what, String value) {
        if (value.contains(")") || value.contains("{{") || value.contains("}}")) {
            throw new InvalidConfigurationException(what + " may not hold ')', '{{' or '}}': " + value, null);
        }
        return value;
    }
}
