package org.tipgate.intake;

import java.io.IOException;
import java.nio.file.AccessDeniedException;

/**
 * What the embedded SFTP server tells about the packages a recipient collects from its
 * {@code outbox/}, and asks before one is removed: a recipient removes a package only once it has
 * downloaded it whole (docs/delivery.md, PULL endpoints).
 */
public interface OutboxPickups {

    /** Removes the file itself; called by {@link #remove} once the removal is allowed. */
    @FunctionalInterface
    interface Deletion {
        void delete() throws IOException;
    }

    /** The refusal of a removal: the package has not been downloaded whole. */
    final class NotDownloadedWholeException extends AccessDeniedException {

        public NotDownloadedWholeException(String fileName) {
            super("outbox/" + fileName, null, "outbox/" + fileName + " is not yet downloaded whole: get all of it,"
                    + " then remove it");
        }
    }

    /** Pickups that record nothing, so nothing in an outbox may be removed (the server tested on its own). */
    OutboxPickups NONE = new OutboxPickups() {
        @Override
        public void downloadedWhole(String agencyId, String fileName, long size) {
            // nothing is recorded
        }

        @Override
        public void remove(String agencyId, String fileName, Deletion deletion) throws IOException {
            throw new NotDownloadedWholeException(fileName);
        }
    };

    /**
     * One session of {@code agencyId} has read every byte of {@code outbox/<fileName>}, which had
     * {@code size} bytes, and closed it. Told each time this happens; the first time is recorded.
     */
    void downloadedWhole(String agencyId, String fileName, long size);

    /**
     * Removes {@code outbox/<fileName>} of {@code agencyId} by calling {@code deletion}, and records
     * the removal with it, if the file was downloaded whole before.
     *
     * @throws NotDownloadedWholeException when it was not: nothing is removed
     */
    void remove(String agencyId, String fileName, Deletion deletion) throws IOException;
}
