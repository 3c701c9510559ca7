package org.tipgate.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How much scratch space each sender's posts may hold at once, so that no sender can fill the disk
 * with posts in parallel: a post's body is held in a scratch file until it is kept as evidence (or
 * refused). A post reserves its declared length before a byte of it is read (a chunked body, whose
 * length nobody declared, reserves as it arrives); what does not fit is refused for now, with
 * {@link ScratchSpaceFullException}. Thread-safe.
 */
final class SenderScratch {

    /** What a refused sender is told to wait before it sends the post again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final long perSender;
    private final Map<String, Long> held = new HashMap<>();

    SenderScratch(long perSender) {
        if (perSender < 1) {
            throw new IllegalArgumentException("scratch space per sender must be positive: " + perSender);
        }
        this.perSender = perSender;
    }

    /** Reserves {@code bytes} for one of {@code agency}'s posts; closing the reservation gives them back. */
    Reservation reserve(String agency, long bytes) throws ScratchSpaceFullException {
        Reservation reservation = new Reservation(agency);
        reservation.growTo(bytes);
        return reservation;
    }

    /** The bytes {@code agency}'s posts hold now. */
    synchronized long held(String agency) {
        return held.getOrDefault(agency, 0L);
    }

    private synchronized void take(String agency, long bytes) throws ScratchSpaceFullException {
        long now = held.getOrDefault(agency, 0L);
        if (bytes > perSender - now) {
            throw new ScratchSpaceFullException(agency, now, bytes, perSender, RETRY_AFTER);
        }
        held.put(agency, now + bytes);
    }

    private synchronized void giveBack(String agency, long bytes) {
        long left = held.getOrDefault(agency, 0L) - bytes;
        if (left > 0) {
            held.put(agency, left);
        } else {
            held.remove(agency);
        }
    }

    /** The scratch space one post holds. */
    final class Reservation implements AutoCloseable {
        private final String agency;
        private long bytes;
        private boolean closed;

        private Reservation(String agency) {
            this.agency = agency;
        }

        /** Holds {@code total} bytes in all (no less than it holds already). */
        void growTo(long total) throws ScratchSpaceFullException {
            if (closed) {
                throw new IllegalStateException("the reservation was given back");
            }
            if (total > bytes) {
                take(agency, total - bytes);
                bytes = total;
            }
        }

        long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                giveBack(agency, bytes);
            }
        }
    }
}
