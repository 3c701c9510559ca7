package org.tipgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tipgate.ack.SignedAck;
import org.tipgate.format.Ack;

/**
 * The pipeline as the HTTPS API sees it. The caller has already authenticated the agency (its
 * client certificate belongs to a sender of the directory); the service still checks that the
 * feed names that agency as its sender.
 */
public interface FeedService {

    /** One package of a feed, as its sender may see it. */
    record PackageStatus(String recipient, String packageId, long records, String state, Instant deliveredAt,
                         String receiptSha256) {
    }

    /**
     * A feed's progress: RECEIVED, PACKAGED, DELIVERED; counts so far.
     */
    record FeedStatus(String feedId, String sender, String state, Instant receivedAt, Ack.Counts counts,
                      List<PackageStatus> packages) {
    }

    /**
     * Takes in a feed posted by {@code agency}: kept as evidence, verified, recorded, and answered
     * with the signed RECEIVED ack, whose status is ACCEPTED, PARTIAL or REJECTED (a feed refused
     * as a whole, with its rejection code). A body that declares more than the feed limit is refused
     * TOO_LARGE before any of it is read; a longer body that declared nothing, without being read
     * further than the limit.
     *
     * @param declaredLength the length the request declared ({@code Content-Length}), or -1 for none
     * @throws ScratchSpaceFullException when the sender's posts already hold the scratch space a
     *     sender may: nothing of this one was read, accepted or recorded
     * @throws IOException only when the gateway itself failed (disk, database): nothing was accepted
     */
    SignedAck submit(String agency, long declaredLength, InputStream body) throws IOException, ScratchSpaceFullException;

    /** The feed's status, if it exists and {@code agency} sent it. */
    Optional<FeedStatus> status(String agency, String feedId);

    /** The signed ack of that stage, if it exists and {@code agency} sent the feed. */
    Optional<SignedAck> ack(String agency, String feedId, Ack.Stage stage);
}
