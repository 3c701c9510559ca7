package org.tipgate.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.events.Event;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.intake.OutboxPickups;
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

    /** A package in an outbox, as the database has it. */
    private record Placed(String packageId, String feedId, long bytes, boolean collected) {
    }

    private final JdbcTemplate jdbc;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public PackagePickups(JdbcTemplate jdbc, EventLog events, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void downloadedWhole(String agencyId, String fileName, long size) {
        Placed recorded = tx.execute(status -> {
            Placed placed = placed(agencyId, fileName);
            if (placed != null && placed.bytes() != size) {
                LOG.warn("{} downloaded outbox/{} whole, {} bytes, but package {} has {}: not counted as collected",
                        agencyId, fileName, size, placed.packageId(), placed.bytes());
                return null;
            }
            if (placed == null || jdbc.update("UPDATE packages SET collected_at = ? WHERE package_id = ?"
                    + " AND collected_at IS NULL", now(), placed.packageId()) != 1) {
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
                Placed placed = placed(agencyId, fileName);
                if (placed == null || !placed.collected()) {
                    throw new UncheckedIOException(new NotDownloadedWholeException(fileName));
                }
                jdbc.update("UPDATE packages SET removed_at = ? WHERE package_id = ? AND removed_at IS NULL", now(),
                        placed.packageId());
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
        Placed placed = placed(agencyId, fileName);
        return placed != null && placed.collected();
    }

    private Placed placed(String recipient, String fileName) {
        List<Placed> rows = jdbc.query("SELECT package_id, feed_id, bytes, collected_at FROM packages"
                        + " WHERE recipient = ? AND file_name = ?", (rs, n) -> new Placed(rs.getString(1), rs.getString(2),
                        rs.getLong(3), rs.getTimestamp(4) != null), recipient, fileName);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
