package org.tipgate.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.intake.OutboxPickups;
import org.tipgate.outbox.Outbox;
import org.tipgate.transport.PullTransport;

/**
 * What recipients do with the packages put in their SFTP {@code outbox/} ({@link PullTransport}),
 * recorded on the package ({@code packages.collected_at}, {@code removed_at}) with its event in one
 * transaction: downloaded whole for the first time (PACKAGE_COLLECTED), removed after that
 * (PACKAGE_REMOVED). A removal before the package was downloaded whole is refused, and nothing
 * changes. A package is known by its recipient and file name, and only a download of its size as
 * built counts.
 */
public final class PackagePickups implements OutboxPickups {

    private static final Logger LOG = LoggerFactory.getLogger(PackagePickups.class);

    private final Outbox outbox;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public PackagePickups(Outbox outbox, EventLog events, TransactionTemplate tx, Clock clock) {
        this.outbox = outbox;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void downloadedWhole(String agencyId, String fileName, long size) {
        Outbox.Placed recorded = tx.execute(status -> {
            Outbox.Placed placed = placed(agencyId, fileName);
            if (placed != null && placed.bytes() != size) {
                LOG.warn("{} downloaded outbox/{} whole, {} bytes, but package {} has {}: not counted as collected",
                        agencyId, fileName, size, placed.packageId(), placed.bytes());
                return null;
            }
            if (placed == null || !outbox.collected(placed.packageId(), clock.instant())) {
                return null;
            }
            events.append(new Event(EventType.PACKAGE_COLLECTED, agencyId, placed.feedId(), null, placed.packageId(),
                    agencyId, "COLLECTED", Map.of("bytes", size, "channel", "SFTP")));
            return placed;
        });
        if (recorded != null) {
            LOG.info("{} collected package {} ({} bytes) from its SFTP outbox", agencyId, recorded.packageId(), size);
        }
    }

    @Override
    public void remove(String agencyId, String fileName, Deletion deletion) throws IOException {
        try {
            tx.executeWithoutResult(status -> {
                Outbox.Placed placed = placed(agencyId, fileName);
                if (placed == null || !placed.collected()) {
                    throw new UncheckedIOException(new NotDownloadedWholeException(fileName));
                }
                outbox.removed(placed.packageId(), clock.instant());
                events.append(new Event(EventType.PACKAGE_REMOVED, agencyId, placed.feedId(), null,
                        placed.packageId(), agencyId, "REMOVED", Map.of("channel", "SFTP")));
                try {
                    deletion.delete();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NotDownloadedWholeException) {
                LOG.info("{} tried to remove outbox/{} before downloading it whole: refused", agencyId, fileName);
            }
            throw e.getCause();
        }
        LOG.info("{} removed outbox/{} after collecting it", agencyId, fileName);
    }

    /** Whether the recipient has downloaded this file of its outbox whole. */
    public boolean collected(String agencyId, String fileName) {
        Outbox.Placed placed = placed(agencyId, fileName);
        return placed != null && placed.collected();
    }

    private Outbox.Placed placed(String recipient, String fileName) {
        return outbox.placed(recipient, fileName).orElse(null);
    }
}
