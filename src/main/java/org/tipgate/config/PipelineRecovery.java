package org.tipgate.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tipgate.ack.AckOutlet;
import org.tipgate.crypto.Digests;
import org.tipgate.directory.AccountFolder;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.evidence.EvidenceSpool;
import org.tipgate.feed.FeedLedger;
import org.tipgate.intake.Arrival;
import org.tipgate.intake.EmbeddedSftpServer;
import org.tipgate.intake.FeedIntake;
import org.tipgate.intake.IntakeLedger;
import org.tipgate.outbox.Outbox;
import org.tipgate.packaging.PackageWriter;

/**
 * Resumes the pipeline from the database after a stop or a crash, so that nothing taken in is
 * lost and nothing is sent twice. Before the flows start, it removes what a crash left half done
 * and unrecorded (package files not in the outbox, spooled feeds with no intake row: their upload
 * is still waiting, or their HTTPS sender got an error) and the local copies of polled files (the
 * originals are still on the senders' servers until their intake is recorded, and the polls find
 * them again). Once the flows run, it writes the SFTP
 * acks recorded but not yet written, judges again the feeds kept but not yet judged, and takes the
 * uploads that finished before the stop (except one already taken in: a crash came between
 * recording it and removing it). Verified feeds, pending packages and settled feeds need nothing:
 * the packaging and delivery flows find them in the database.
 */
@Component
class PipelineRecovery implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRecovery.class);

    private final Outbox outbox;
    private final FeedLedger feeds;
    private final PackageWriter packages;
    private final EvidenceSpool spool;
    private final IntakeLedger intakes;
    private final AckOutlet acks;
    private final AgencyDirectory directory;
    private final EmbeddedSftpServer sftp;
    private final ProducerTemplate camel;
    private final TipGateProperties properties;

    PipelineRecovery(Outbox outbox, FeedLedger feeds, PackageWriter packages, EvidenceSpool spool, IntakeLedger intakes, AckOutlet acks,
                     AgencyDirectory directory, EmbeddedSftpServer sftp, ProducerTemplate camel,
                     TipGateProperties properties) {
        this.outbox = outbox;
        this.feeds = feeds;
        this.packages = packages;
        this.spool = spool;
        this.intakes = intakes;
        this.acks = acks;
        this.directory = directory;
        this.sftp = sftp;
        this.camel = camel;
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        int released = outbox.releaseOwnLeases();
        if (released > 0) {
            LOG.info("Recovery: {} packages this node had claimed before it stopped are due again", released);
        }
        int leased = feeds.releaseLeasesOf(properties.nodeId());
        if (leased > 0) {
            LOG.info("Recovery: {} feeds this node was packaging when it stopped are packaged again", leased);
        }
        try {
            removeUnrecordedPackages();
            removeUnrecordedEvidence();
            removePolledCopies();
        } catch (IOException e) {
            throw new UncheckedIOException("recovery before start-up failed", e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // Each step on its own: one that fails (an ack folder that cannot be written, say) must not
        // keep the others from running. What fails is said at ERROR; the ack-catch-up flow retries
        // acks, and the next start retries the rest.
        step("writing acks recorded before the last stop", () -> {
            int written = acks.catchUp();
            if (written > 0) {
                LOG.info("Recovery: wrote {} acks recorded before the last stop", written);
            }
        });
        step("judging intakes kept before the last stop", () -> {
            for (IntakeLedger.Intake intake : intakes.spooled()) {
                LOG.info("Recovery: judging intake {} from {} kept before the last stop", intake.intakeId(),
                        intake.agency());
                camel.asyncSendBody("direct:feed-intake-resume", new FeedIntake.Taken(intake));
            }
        });
        step("taking the uploads that finished before the last stop", this::takeWaitingUploads);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void step(String what, Step step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("Recovery: {} failed; the gateway runs on, and the next start tries again", what, e);
        }
    }

    private void removeUnrecordedPackages() throws IOException {
        Set<String> recorded = new HashSet<>(outbox.fileNames());
        try (Stream<Path> files = Files.list(packages.packagesDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!recorded.contains(file.getFileName().toString())) {
                    LOG.info("Recovery: removing {}, a package file no outbox entry records", file.getFileName());
                    Files.delete(file);
                }
            }
        }
    }

    private void removeUnrecordedEvidence() throws IOException {
        int unfinished = spool.removeUnfinished();
        if (unfinished > 0) {
            LOG.info("Recovery: removed {} spooled files that were being written when the gateway stopped (their"
                    + " uploads are taken again)", unfinished);
        }
        for (String id : spool.ids()) {
            if (!intakes.known(id)) {
                LOG.info("Recovery: removing spooled file {}, which no intake records (its upload is still waiting,"
                        + " or its HTTPS sender was answered with an error)", id);
                spool.discard(id);
            }
        }
    }

    private void removePolledCopies() throws IOException {
        for (var agency : directory.agencies()) {
            if (agency.outbox().isEmpty()) {
                continue;
            }
            Path work = OutboxPolling.workDirectory(properties, agency.id());
            if (!Files.isDirectory(work)) {
                continue;
            }
            try (Stream<Path> files = Files.list(work)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    LOG.info("Recovery: removing {}, a local copy of a file polled from {}'s outbox before the last"
                            + " stop (the original is taken again from there if it was not taken in)",
                            file.getFileName(), agency.id());
                    Files.delete(file);
                }
            }
        }
    }

    private void takeWaitingUploads() throws IOException {
        for (Arrival.Upload upload : sftp.waitingUploads()) {
            if (upload.folder() == AccountFolder.INBOX
                    && intakes.taken(upload.agency(), upload.sourceName(), Digests.sha256Hex(upload.file()))) {
                LOG.info("Recovery: {} from {}'s inbox was taken in before the last stop; removing it",
                        upload.sourceName(), upload.agency());
                Files.delete(upload.file());
            } else {
                camel.sendBody(IntakeConfiguration.UPLOADS, upload);
            }
        }
    }
}
