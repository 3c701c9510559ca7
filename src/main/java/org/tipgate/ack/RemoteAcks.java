package org.tipgate.ack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tipgate.directory.Agency;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.Endpoint;
import org.tipgate.format.FileNames;
import org.tipgate.transport.DeliveryException;
import org.tipgate.transport.SftpTransport;

/**
 * Puts the signed acks of feeds polled from a sender's own SFTP server back on that server, in the
 * ack folder of the sender's outbox endpoint ({@link Endpoint#acksFolder()}), as
 * {@code <ackId>.p7m} ({@link FileNames}), through {@link SftpTransport#put}: the same pinned host
 * key and gateway key as every SFTP transfer, uploaded under a hidden temporary name and renamed,
 * never replacing a file (the same ack found there already counts as put). The ack is marked
 * written once it is there, and not before, with its ACK_SENT event ({@link AckHandovers}).
 *
 * <p>A push that fails is said in the log and left for the next try: the ack stays unwritten, and
 * {@link AckOutlet#catchUp} tries again.
 */
public final class RemoteAcks {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAcks.class);

    private final AgencyDirectory directory;
    private final SftpTransport sftp;
    private final AckLedger ledger;
    private final AckHandovers handovers;

    public RemoteAcks(AgencyDirectory directory, SftpTransport sftp, AckLedger ledger, AckHandovers handovers) {
        this.directory = directory;
        this.sftp = sftp;
        this.ledger = ledger;
        this.handovers = handovers;
    }

    /**
     * Pushes the ack unless it is written already. One push at a time: two pushes of one ack at
     * once would share its temporary name, and the second of two in a row finds it written.
     *
     * @return whether the ack is now in the sender's ack folder
     */
    synchronized boolean push(AckLedger.Stored ack) {
        if (ledger.byId(ack.ackId()).map(AckLedger.Stored::writtenAt).isPresent()) {
            return true;
        }
        Agency sender = directory.agency(ack.agency()).orElse(null);
        Endpoint outbox = sender == null ? null : sender.outbox().orElse(null);
        if (outbox == null) {
            LOG.error("Ack {} cannot go back to {}: the directory names no SFTP outbox for it; it stays unwritten",
                    ack.ackId(), ack.agency());
            return false;
        }
        Endpoint acks = new Endpoint(Endpoint.Type.SFTP, null, outbox.host(), outbox.port(), outbox.user(),
                outbox.acksFolder(), outbox.knownHosts(), null, null);
        try {
            sftp.put(sender, acks, FileNames.of(ack.ackId(), ".p7m"), ack.signed());
        } catch (DeliveryException e) {
            if (e.retryable()) {
                LOG.warn("Ack {} not yet back with {}: {}; trying again later", ack.ackId(), ack.agency(),
                        e.getMessage());
            } else {
                LOG.error("Ack {} cannot go back to {}: {}; trying again later", ack.ackId(), ack.agency(),
                        e.getMessage());
            }
            return false;
        }
        handovers.written(ack);
        return true;
    }
}
