package org.tipgate.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.tipgate.audit.AuditArchive;
import org.tipgate.feed.FeedLimits;

/**
 * The gateway's own settings ({@code tipgate.*}); docs/configuration.md lists them with their
 * defaults. Paths are plain file-system paths, relative to the working directory.
 *
 * @param directory the agency directory file (default {@code config/agencies.yaml}); the gateway
 *                  does not start when it has any finding
 * @param base      what relative paths inside the directory are relative to (default {@code .})
 * @param gateway   the gateway's own key material
 * @param sftp      the embedded SFTP server
 * @param spool     where feeds are kept as evidence, encrypted at rest (default {@code data/spool})
 * @param packages  the outbox's package files, each encrypted for its recipient (default {@code data/packages})
 * @param limits    what makes a feed TOO_LARGE
 * @param delivery  the outbox's delivery loop
 * @param poll      polling senders' own SFTP outboxes, and putting their acks back there
 * @param audit     the audit trail's sequencer, checkpoints, queries and retention
 */
@Validated
@ConfigurationProperties("tipgate")
public record TipGateProperties(@NotBlank String directory, @NotBlank String base, @Valid @NotNull Gateway gateway,
                                @Valid @NotNull Sftp sftp, @NotBlank String spool, @NotBlank String packages,
                                @Valid @NotNull Limits limits, @Valid @NotNull Delivery delivery,
                                @NotBlank String nodeId,
                                @Valid @NotNull Poll poll, @Valid @NotNull Audit audit) {


    /**
     * The audit trail (docs/audit.md).
     *
     * @param sequenceMillis     how often committed events are given their place in the log (default 200)
     * @param batch              most events sequenced in one transaction (default 5000)
     * @param checkpointInterval how often a checkpoint is signed when the log has grown (default 1m);
     *                           one is also signed at shutdown
     * @param retention          events are kept in the database at least this long (default 180d, and
     *                           never less: CERT-In's rule); older ones may be archived
     *                           ({@code tipgate audit archive}), never deleted unarchived
     * @param maxPage            most events one query answer holds (default 1000)
     */
    public record Audit(@Min(10) long sequenceMillis, @NotNull Duration sequenceMaxDelay, @Min(1) int batch,
                        @NotNull Duration checkpointInterval, @NotNull Duration retention,
                        @Min(1) @Max(10000) int maxPage) {

        public Audit {
            if (retention != null && retention.compareTo(AuditArchive.MIN_RETENTION) < 0) {
                throw new InvalidConfigurationException("tipgate.audit.retention: " + retention
                        + " is shorter than the 180 days (" + AuditArchive.MIN_RETENTION + ") audit logs must be kept", null);
            }
            if (checkpointInterval != null && (checkpointInterval.isNegative() || checkpointInterval.isZero())) {
                throw new InvalidConfigurationException("tipgate.audit.checkpoint-interval must be positive", null);
            }
            if (sequenceMaxDelay != null && (sequenceMaxDelay.isNegative()
                    || sequenceMaxDelay.compareTo(Duration.ofMinutes(10)) > 0)) {
                throw new InvalidConfigurationException("tipgate.audit.sequence-max-delay: " + sequenceMaxDelay
                        + " must be between 0 and 10 minutes", null);
            }
        }
    }

    /**
     * Polling the SFTP outbox of each national sender whose directory entry has an SFTP endpoint
     * (the {@code sftp-poll} flow), and putting acks back where their senders collect them.
     *
     * @param workDirectory  where polled files are downloaded before they are taken in, one folder
     *                       per sender below it (default {@code data/poll}); each copy is removed
     *                       once the feed is kept as evidence, and what a crash left is removed at
     *                       start-up, so give it a folder of its own
     * @param delayMillis    the pause between the end of one poll of an outbox and the next
     *                       (default 10000)
     * @param minAgeMillis   a file is taken only once its modification time, by the sender's
     *                       server, is at least this old (default 10000), so that a file still
     *                       being written in place is left for a later poll
     * @param ackRetryMillis how often acks recorded but not yet where their sender collects them
     *                       (a sender's server that was down, a crash) are put there again
     *                       (default 30000)
     */
    public record Poll(@NotBlank String workDirectory, @Min(100) long delayMillis, @Min(0) long minAgeMillis,
                       @Min(100) long ackRetryMillis) {

        public Path workPath() {
            return Path.of(workDirectory);
        }
    }

    /**
     * What makes a feed TOO_LARGE, checked before it is parsed (and its file size, or a post's
     * declared length, before it is read), and what one sender's posts may hold at once.
     *
     * @param maxLineBytes              longest line (default 1 MiB)
     * @param maxRecords                most records in one feed (default 1,000,000)
     * @param maxContentBytes           most bytes of signed content (default 2 GiB - 1)
     * @param maxScratchBytesPerSender  most bytes one sender's HTTPS posts may hold in scratch space at
     *                                  once, while they are received and until they are kept as
     *                                  evidence (default 4 GiB: two of the largest feeds); a post that
     *                                  would pass it is answered 429 unread. More than the largest
     *                                  feed (content limit plus 1.06 MiB), or the gateway does not start
     */
    public record Limits(@Min(1) int maxLineBytes, @Min(0) long maxRecords, @Min(1) long maxContentBytes,
                         @Min(1) long maxScratchBytesPerSender) {

        public Limits {
            long largestPost = maxContentBytes > 0 && maxLineBytes > 0 && maxRecords >= 0
                    ? new FeedLimits(maxLineBytes, maxRecords, maxContentBytes).maxFeedBytes() + 1 : 0;
            if (maxScratchBytesPerSender < largestPost) {
                throw new InvalidConfigurationException("tipgate.limits.max-scratch-bytes-per-sender: "
                        + maxScratchBytesPerSender + " bytes cannot hold the largest post a sender may make, "
                        + largestPost + " bytes (tipgate.limits.max-content-bytes plus 1.06 MiB, and one byte)", null);
            }
        }
    }

    /**
     * The delivery loop over the outbox.
     *
     * @param pollMillis     how often the packaging and delivery flows look for work (default 200)
     * @param batch          most packages one pass claims (default 16)
     * @param lease          how long a claimed package is held before another node may take it
     *                       (default 15m, renewed before each attempt; longer than one attempt can last)
     * @param initialBackoff wait after the first failed attempt, doubled after each (default 2s)
     * @param maxBackoff     the longest wait between attempts (default 10m)
     * @param maxAttempts    attempts before a package is DEAD (default 12)
     * @param directoryBase  what the relative paths of DIRECTORY endpoints are relative to (default
     *                       {@code .}, so that the demo directory delivers its state nodal agencies to
     *                       {@code data/outbox/<agency>})
     * @param parallelism    how many recipients a pass delivers to at once (default 2, at most 16): the
     *                       threads of the {@code tipgate-delivery} pool; one recipient's packages
     *                       always go one at a time, in order
     */
    public record Delivery(@Min(10) long pollMillis, @Min(1) int batch, @NotNull Duration lease,
                           @NotNull Duration initialBackoff, @NotNull Duration maxBackoff,
                           @Min(1) int maxAttempts, @NotBlank String directoryBase,
                           @Min(1) @Max(16) int parallelism) {
    }

    /**
     * The embedded SFTP server.
     *
     * @param host    address to listen on (default {@code 127.0.0.1})
     * @param port    port (default 2222; 0 picks a free one)
     * @param root    one home per agency below it (default {@code data/sftp}); PULL endpoints deliver into
     *                {@code <root>/<agency>/outbox}, staged in {@code <root>/.pull/<agency>}
     * @param hostKey the server's host key, made on first start and kept (default {@code data/sftp-host-key})
     */
    public record Sftp(@NotBlank String host, @Min(0) @Max(65535) int port, @NotBlank String root,
                       @NotBlank String hostKey) {
    }

    /**
     * The gateway's signing key. Its certificate is the one the agency directory lists for the
     * GATEWAY agency, so that what the gateway signs and what agencies trust cannot drift apart.
     *
     * @param key PEM file of the gateway's private key (PKCS#8, unencrypted; default the demo key
     *            {@code keys-example/tipgate.key.pem}); it must belong to that certificate
     * @param sshKey the OpenSSH private key the gateway logs in with to recipients' SFTP servers
     *            (default {@code keys-example/tipgate.ssh})
     */
    public record Gateway(@NotBlank String key, @NotBlank String sshKey) {

        public Path keyFile() {
            return Path.of(key);
        }

        public Path sshKeyFile() {
            return Path.of(sshKey);
        }
    }

    public Path directoryFile() {
        return Path.of(directory);
    }

    public Path basePath() {
        return Path.of(base);
    }
}
