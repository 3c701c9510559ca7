package org.tipgate.format;

import java.time.Instant;

/**
 * Line 1 of a delivery package's signed content
 * (docs/formats.md#4-delivery-package-tipgate---state-or-district); the recipient's records follow
 * it, byte for byte as they stood in the feed.
 */
public record PackageHeader(
        String type,
        int version,
        String packageId,
        String feedId,
        String feedSha256,
        String sender,
        String senderCertSha256,
        Instant verifiedAt,
        String recipient,
        long recordCount) {

    public static final String TYPE = "tipgate-package";
    public static final int VERSION = 1;
    /** The longest header line a reader looks for before it gives up. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
}
